import { HmsError } from '@hms/core';
import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Pagination cursors are opaque to clients: base64url JSON of the last row's sort key, sealed
 * with a digest of it. A cursor edited by hand fails the seal, and one that passes is still
 * checked against the caller's schema (each key typed: uuid, instant, number), so no forged
 * value reaches a statement: a bad cursor is VALIDATION on `cursor`, never a database error.
 */
const SEAL_CONTEXT = 'hms-cursor-v1\n';
const SEAL_LENGTH = 16;

function seal(payload: string): string {
  return createHash('sha256').update(SEAL_CONTEXT).update(payload).digest('base64url').slice(0, SEAL_LENGTH);
}

export function encodeCursor(value: unknown): string {
  const payload = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${payload}.${seal(payload)}`;
}

const notIssued = () => HmsError.validation({ cursor: 'is not a cursor this server issued' });

export function decodeCursor<T extends z.ZodType>(cursor: string, schema: T): z.output<T> {
  const dot = cursor.lastIndexOf('.');
  if (dot <= 0) throw notIssued();
  const payload = cursor.slice(0, dot);
  if (cursor.slice(dot + 1) !== seal(payload)) throw notIssued();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw notIssued();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw notIssued();
  return parsed.data;
}

/** A text key in a cursor: a sort key the server wrote (no control characters, which a statement would refuse). */
export const CursorTextSchema = z.string().max(500).regex(/^[^\p{Cc}\p{Cs}]*$/u);
/** The common keyset key: an instant and a row id. */
export const InstantIdCursorSchema = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);
