import { createHash } from 'node:crypto';
import type { AuditKey } from './audit-key.js';

/** The prev_hash of the first row. */
export const GENESIS = '0'.repeat(64);

/** 1: plain SHA-256 by the database's trigger (rows before migration 0025); 2: HMAC-SHA-256 by the server. */
export const CHAIN_VERSIONS = [1, 2] as const;
export type ChainVersion = (typeof CHAIN_VERSIONS)[number];
export const KEYED: ChainVersion = 2;

/**
 * The text a row's hash covers: prev_hash then every column as PostgreSQL renders it,
 * length-prefixed UTF-8 so no two rows render alike, '-' for NULL (migration 0001's framing).
 */
export function chainPayload(fields: ReadonlyArray<string | null>): string {
  return fields.map((value) => (value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`)).join('|');
}

export function rowHash(version: ChainVersion, fields: ReadonlyArray<string | null>, key: AuditKey): string {
  const payload = chainPayload(fields);
  switch (version) {
    case 1:
      return createHash('sha256').update(payload, 'utf8').digest('hex');
    case 2:
      return key.mac(payload);
    default: {
      const never: never = version;
      throw new Error(`Unknown audit chain version ${String(never)}`);
    }
  }
}
