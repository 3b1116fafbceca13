import type { InterfaceProtocol, MessageDetail, MessageStatus, MessageSummary } from '@hms/core';
import { HmsError } from '@hms/core';
import { parseAstm, parseHl7 } from '@hms/hl7';
import type { Knex } from 'knex';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { fieldName, segmentName } from './field-names.js';
import { findInterface, listInterfaces, toConfig, toInterface } from './interfaces-repo.js';
import { liveState } from './live-state.js';
import type { MessageRow } from './message-log.js';
import { SUMMARY_COLUMNS, toSummary } from './message-log.js';

export async function interfacesWithState(db: Knex) {
  const rows = await listInterfaces(db);
  const counts = (await db('interface_messages').where({ direction: 'in' }).groupBy('interface_id', 'status').select('interface_id', 'status').count<{ interface_id: string; status: MessageStatus; count: string }[]>('* as count'));
  return rows.map((row) => {
    const byStatus: Record<string, number> = {};
    for (const count of counts) if (count.interface_id === row.id) byStatus[count.status] = Number(count.count);
    return { ...toInterface(row), live: liveState(row.id), counts: byStatus };
  });
}

export async function unmappedCodes(db: Knex, interfaceId: string) {
  if ((await findInterface(db, interfaceId)) === undefined) throw HmsError.notFound('The interface');
  const rows = (await db.raw(
    `select code, count(*)::int as messages, max(m.at) as last_seen_at
       from interface_messages m cross join lateral unnest(m.unmapped_codes) as code
      where m.interface_id = ? and m.direction = 'in' and m.status = 'parsed'
        and not exists (select 1 from interface_mappings mp where mp.interface_id = m.interface_id and mp.analyzer_code = code)
      group by code order by max(m.at) desc`,
    [interfaceId],
  )) as { rows: { code: string; messages: number; last_seen_at: Date }[] };
  return rows.rows.map((row) => ({ analyzerCode: row.code, messages: row.messages, lastSeenAt: row.last_seen_at.toISOString() }));
}

const MessageCursorSchema = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

export interface MessagesFilter {
  interfaceId?: string | undefined;
  status?: MessageStatus | undefined;
  attention?: boolean | undefined;
  accession?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function messagesPage(db: Knex, filter: MessagesFilter): Promise<{ items: MessageSummary[]; nextCursor?: string }> {
  const query = db('interface_messages').select(...SUMMARY_COLUMNS).select(db.raw('octet_length(raw) as bytes'));
  if (filter.interfaceId !== undefined) void query.where({ interface_id: filter.interfaceId });
  if (filter.status !== undefined) void query.where({ status: filter.status });
  if (filter.attention === true) void query.where({ direction: 'in' }).whereIn('status', ['parsed', 'mapped', 'rejected', 'error']);
  if (filter.accession !== undefined) void query.where({ accession: filter.accession });
  if (filter.from !== undefined) void query.where('at', '>=', filter.from);
  if (filter.to !== undefined) void query.where('at', '<', filter.to);
  if (filter.cursor !== undefined) {
    const [at, id] = decodeCursor(filter.cursor, MessageCursorSchema);
    void query.whereRaw('(at, id) < (?, ?)', [at, id]);
  }
  const rows = (await query.orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(filter.limit + 1)) as Parameters<typeof toSummary>[0][];
  const items = rows.slice(0, filter.limit).map(toSummary);
  const last = items.at(-1);
  return rows.length > filter.limit && last !== undefined ? { items, nextCursor: encodeCursor([last.at, last.id]) } : { items };
}

type Parsed = MessageDetail['parsed'];

function parsedHl7(raw: Buffer, charset: Parameters<typeof parseHl7>[1]): Parsed {
  const message = parseHl7(raw, charset);
  return {
    ok: true, error: null,
    segments: message.segments().map((segment) => ({
      id: segment.name,
      name: segmentName('hl7', segment.name),
      fields: Array.from({ length: segment.fieldCount }, (_, index) => index + 1)
        .map((field) => ({ position: `${segment.name}-${field}`, name: fieldName('hl7', segment.name, field), value: segment.getRaw(String(field)) ?? '' }))
        .filter((field) => field.value !== ''),
    })),
  };
}

function parsedAstm(raw: Buffer): Parsed {
  return {
    ok: true, error: null,
    segments: parseAstm(raw).flatMap((message) => message.records()).map((record) => ({
      id: record.type,
      name: segmentName('astm', record.type),
      fields: Array.from({ length: record.fieldCount }, (_, index) => index + 1)
        .map((field) => ({ position: `${record.type}-${field}`, name: fieldName('astm', record.type, field), value: record.getRaw(String(field)) ?? '' }))
        .filter((field) => field.value !== ''),
    })),
  };
}

export async function messageDetail(db: Knex, messageId: string): Promise<MessageDetail & { protocol: InterfaceProtocol }> {
  const row = (await db('interface_messages').where({ id: messageId }).first()) as (MessageRow & { raw_removed_at: Date | null }) | undefined;
  if (row === undefined) throw HmsError.notFound('The message');
  const iface = toConfig((await findInterface(db, row.interface_id))!);
  let parsed: Parsed;
  try {
    if (row.raw_removed_at !== null) throw new Error(`the body was removed on ${row.raw_removed_at.toISOString().slice(0, 10)} (the log's retention limit)`);
    parsed = iface.protocol === 'hl7' ? parsedHl7(row.raw, iface.options.charset === undefined ? {} : { charset: iface.options.charset }) : parsedAstm(row.raw);
  } catch (error) {
    parsed = { ok: false, error: error instanceof Error ? error.message : String(error), segments: [] };
  }
  const dedup = (await db('interface_dedup').where({ message_id: row.id }).first('duplicates')) as { duplicates: number } | undefined;
  return {
    ...toSummary({ ...row, bytes: row.raw.length }),
    raw: row.raw.toString('latin1'),
    rawBase64: row.raw.toString('base64'),
    parsed,
    duplicates: dedup?.duplicates ?? 0,
    rawRemovedAt: row.raw_removed_at?.toISOString() ?? null,
    protocol: iface.protocol,
  };
}
