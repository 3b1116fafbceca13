import type { MessageStatus, MessageSummary } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { Outcome } from './process-message.js';

export interface MessageRow {
  id: string;
  interface_id: string;
  direction: 'in' | 'out';
  at: Date;
  kind: string;
  control_id: string | null;
  sender: string | null;
  status: MessageStatus;
  reason: string | null;
  accession: string | null;
  unmapped_codes: string[];
  raw: Buffer;
  reply_to: string | null;
  status_at: Date;
  replays: number;
}

/** Summary columns: everything but the bytes, whose length is enough for a list. */
export const SUMMARY_COLUMNS = ['id', 'interface_id', 'direction', 'at', 'kind', 'control_id', 'sender', 'status', 'reason', 'accession', 'unmapped_codes', 'reply_to', 'replays'] as const;

export function toSummary(row: Omit<MessageRow, 'raw' | 'status_at'> & { bytes: number | string }): MessageSummary {
  return {
    id: row.id,
    interfaceId: row.interface_id,
    direction: row.direction,
    at: row.at.toISOString(),
    kind: row.kind,
    controlId: row.control_id,
    sender: row.sender,
    status: row.status,
    reason: row.reason,
    accession: row.accession,
    unmappedCodes: row.unmapped_codes,
    replyTo: row.reply_to,
    replays: row.replays,
    bytes: Number(row.bytes),
  };
}

export interface StoredInbound {
  messageId: string;
  /** The acknowledgement's bytes: the one just stored, or the one a duplicate was first given. */
  ack: Uint8Array | undefined;
  duplicate: boolean;
}

/** The ACK first given to (sender, control ID) on this interface, counting the repeat; undefined when it is new. */
export async function answeredBefore(db: Knex, interfaceId: string, sender: string, controlId: string, now: Date): Promise<StoredInbound | undefined> {
  const rows = (await db.raw(
    `update interface_dedup d set duplicates = duplicates + 1, last_duplicate_at = ?
       from interface_messages ack
      where d.interface_id = ? and d.sender = ? and d.control_id = ? and ack.id = d.ack_id
      returning d.message_id, ack.raw`,
    [now, interfaceId, sender, controlId],
  )) as { rows: { message_id: string; raw: Buffer }[] };
  const row = rows.rows[0];
  return row === undefined ? undefined : { messageId: row.message_id, ack: new Uint8Array(row.raw), duplicate: true };
}

/**
 * Writes an inbound message and the reply it is about to get, and commits: only then may the
 * reply leave. One statement (its own transaction): the message, the ACK and the dedup row go
 * in together or not at all, in one round trip. A repeat of a (sender, control ID) that another
 * connection stored meanwhile loses the race on the dedup key and is answered with the first ACK.
 */
export async function storeInbound(
  db: Knex,
  interfaceId: string,
  raw: Uint8Array,
  outcome: Outcome,
  reply: { kind: string; bytes: Uint8Array; controlId: string | undefined } | undefined,
  now: Date,
): Promise<StoredInbound> {
  const dedupKey = outcome.controlId !== undefined && outcome.sender !== undefined && reply !== undefined ? { sender: outcome.sender, controlId: outcome.controlId } : undefined;
  const message = [interfaceId, now, outcome.kind, outcome.controlId ?? null, outcome.sender ?? null, outcome.status, outcome.reason ?? null, outcome.accession ?? null, outcome.unmappedCodes, Buffer.from(raw), now];
  const insertMessage = `insert into interface_messages (interface_id, direction, at, kind, control_id, sender, status, reason, accession, unmapped_codes, raw, status_at)
      values (?, 'in', ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?) returning id`;
  if (reply === undefined) {
    const result = (await db.raw(insertMessage, message)) as { rows: { id: string }[] };
    return { messageId: result.rows[0]!.id, ack: undefined, duplicate: false };
  }
  const ack = [interfaceId, now, reply.kind, reply.controlId ?? null, outcome.accession ?? null, Buffer.from(reply.bytes), now];
  const dedup = dedupKey === undefined ? '' : `, dedup as (insert into interface_dedup (interface_id, sender, control_id, message_id, ack_id) select ?, ?, ?, m.id, a.id from m, a)`;
  try {
    const result = (await db.raw(
      `with m as (${insertMessage}),
            a as (insert into interface_messages (interface_id, direction, at, kind, control_id, sender, status, reason, accession, raw, reply_to, status_at)
                  select ?, 'out', ?, ?, ?, null, 'sent', null, ?, ?, m.id, ? from m returning id)${dedup}
       select m.id from m`,
      [...message, ...ack, ...(dedupKey === undefined ? [] : [interfaceId, dedupKey.sender, dedupKey.controlId])],
    )) as { rows: { id: string }[] };
    return { messageId: result.rows[0]!.id, ack: reply.bytes, duplicate: false };
  } catch (error) {
    if (dedupKey !== undefined && isPgCode(error, PG.uniqueViolation, 'interface_dedup_pkey')) {
      const first = await answeredBefore(db, interfaceId, dedupKey.sender, dedupKey.controlId, now);
      if (first !== undefined) return first;
    }
    throw error;
  }
}

/** An outbound message not answering one (a host query's reply, an order): logged as sent. */
export async function storeOutbound(db: Knex, interfaceId: string, kind: string, raw: Uint8Array, replyTo: string | undefined, accession: string | undefined, now: Date): Promise<string> {
  const [row] = (await db('interface_messages')
    .insert({ interface_id: interfaceId, direction: 'out', at: now, kind, status: 'sent', accession: accession ?? null, raw: Buffer.from(raw), reply_to: replyTo ?? null, status_at: now })
    .returning('id')) as { id: string }[];
  return row!.id;
}

export async function setStatus(db: Knex, messageId: string, status: MessageStatus, reason: string | undefined, now: Date): Promise<void> {
  await db('interface_messages').where({ id: messageId }).update({ status, reason: reason ?? null, status_at: now });
}
