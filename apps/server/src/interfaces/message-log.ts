import type { MessageStatus, MessageSummary } from '@hms/core';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
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

/**
 * An interface's mappings as one value (compared in the group commit's statement): the
 * messages were read with the mappings in force when they are committed, or read again.
 */
export const MAPPINGS_FINGERPRINT_SQL = `md5(coalesce(string_agg(analyzer_code || chr(31) || test_code || chr(31) || coalesce(analyte, chr(30)) || chr(31) || coalesce(unit, chr(30)), chr(29) order by analyzer_code), ''))`;

/** One message of a group commit: read, with the reply it is about to get. */
export interface InboundToStore {
  raw: Uint8Array;
  outcome: Outcome;
  reply: { kind: string; bytes: Uint8Array; controlId: string | undefined };
  at: Date;
  /** Later messages of the same group with the same (sender, control ID): answered with this one's ACK, counted as repeats. */
  repeats: number;
}

/**
 * A group of inbound messages (from every connection of an interface) written with their ACKs
 * and dedup rows in one statement, which commits: only then may any of the replies leave. A
 * message whose (sender, control ID) is already in the dedup table stores nothing, counts a
 * repeat and is answered with the ACK first stored. Two writers storing the same key at once:
 * the later statement fails on the dedup key as a whole and is run again, then finds it.
 */
export async function storeInboundGroup(db: Knex, interfaceId: string, group: readonly InboundToStore[], mappingsFingerprint: string): Promise<StoredInbound[] | 'mappings_changed'> {
  const input = group.map((item, n) => {
    const { outcome, reply } = item;
    const dedup = outcome.controlId !== undefined && outcome.sender !== undefined;
    return {
      n, mid: randomUUID(), aid: randomUUID(), at: item.at.toISOString(), kind: outcome.kind, control_id: outcome.controlId ?? null, sender: outcome.sender ?? null,
      status: outcome.status, reason: outcome.reason ?? null, accession: outcome.accession ?? null, unmapped: outcome.unmappedCodes, raw: Buffer.from(item.raw).toString('base64'),
      ack_kind: reply.kind, ack_control: reply.controlId ?? null, ack_raw: Buffer.from(reply.bytes).toString('base64'), dedup, repeats: item.repeats,
    };
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const result = (await db.raw(
        `with guard as (select ${MAPPINGS_FINGERPRINT_SQL} = :fingerprint as ok from interface_mappings where interface_id = :interfaceId),
         input as (
           select * from json_to_recordset(cast(:input as json)) as x(n int, mid uuid, aid uuid, at timestamptz, kind text, control_id text, sender text, status text,
             reason text, accession text, unmapped text[], raw text, ack_kind text, ack_control text, ack_raw text, dedup boolean, repeats int)
           where (select ok from guard)
         ),
         seen as (
           update interface_dedup d set duplicates = d.duplicates + 1 + i.repeats, last_duplicate_at = i.at
             from input i
            where i.dedup and d.interface_id = :interfaceId and d.sender = i.sender and d.control_id = i.control_id
              -- the keys again as arrays: an index scan however large the planner believes the table
              and d.sender = any(cast(:senders as text[])) and d.control_id = any(cast(:controlIds as text[]))
           returning i.n, d.message_id, d.ack_id
         ),
         fresh as (select i.* from input i where not exists (select 1 from seen s where s.n = i.n)),
         m as (
           insert into interface_messages (id, interface_id, direction, at, kind, control_id, sender, status, reason, accession, unmapped_codes, raw, status_at)
           select mid, :interfaceId, 'in', at, kind, control_id, sender, status, reason, accession, unmapped, decode(raw, 'base64'), at from fresh order by n
         ),
         a as (
           insert into interface_messages (id, interface_id, direction, at, kind, control_id, sender, status, reason, accession, raw, reply_to, status_at)
           select aid, :interfaceId, 'out', at, ack_kind, ack_control, null, 'sent', null, accession, decode(ack_raw, 'base64'), mid, at from fresh order by n
         ),
         dd as (
           insert into interface_dedup (interface_id, sender, control_id, message_id, ack_id, duplicates, last_duplicate_at)
           select :interfaceId, sender, control_id, mid, aid, repeats, case when repeats > 0 then at end from fresh where dedup
         )
         select s.n, s.message_id, ack.raw, false as stale from seen s join interface_messages ack on ack.id = s.ack_id
         union all select null, null, null, true where not (select ok from guard)`,
        {
          input: JSON.stringify(input), interfaceId, fingerprint: mappingsFingerprint,
          senders: input.filter((item) => item.dedup).map((item) => item.sender), controlIds: input.filter((item) => item.dedup).map((item) => item.control_id),
        },
      )) as { rows: { n: number; message_id: string; raw: Buffer; stale: boolean }[] };
      if (result.rows.some((row) => row.stale)) return 'mappings_changed';
      const seen = new Map(result.rows.map((row) => [row.n, row]));
      return input.map((item, n) => {
        const first = seen.get(n);
        if (first !== undefined) return { messageId: first.message_id, ack: new Uint8Array(first.raw), duplicate: true };
        return { messageId: item.mid, ack: group[n]!.reply.bytes, duplicate: false };
      });
    } catch (error) {
      if (attempt < 3 && isPgCode(error, PG.uniqueViolation, 'interface_dedup_pkey')) continue;
      throw error;
    }
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
