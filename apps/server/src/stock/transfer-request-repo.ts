import type { TransferRequest } from '@hms/core';
import type { Knex } from 'knex';
import type { ItemRow, LocationRow } from './stock-rows.js';
import { toItem } from './stock-rows.js';

interface RequestRow {
  id: string;
  number: string;
  from_location_id: string;
  to_location_id: string;
  status: TransferRequest['status'];
  note: string | null;
  requested_at: Date;
  requested_by: string;
  issued_at: Date | null;
  issued_by: string | null;
  received_at: Date | null;
  received_by: string | null;
  receipt_note: string | null;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/** Requests with their lines and what was issued and received, in the order of `rows`. */
async function assemble(db: Knex, rows: RequestRow[]): Promise<TransferRequest[]> {
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const lines: Array<ItemRow & { request_id: string; requested: number }> = await db('stock_transfer_request_lines as l').join('stock_items as i', 'i.id', 'l.item_id')
    .whereIn('l.request_id', ids).orderBy(['l.request_id', 'l.position']).select('l.request_id', 'l.requested', 'i.*');
  const issues: Array<{ request_id: string; item_id: string; batch_id: string; batch_number: string; expiry: string; issued: number; received: number | null }> = await db('stock_transfer_request_issues as x')
    .join('stock_batches as b', 'b.id', 'x.batch_id').whereIn('x.request_id', ids).orderBy(['x.request_id', 'b.expiry_date', 'b.batch_number'])
    .select('x.request_id', 'x.item_id', 'x.batch_id', 'b.batch_number', db.raw('b.expiry_date::text as expiry'), 'x.issued', 'x.received');
  return rows.map((row) => {
    const mine = issues.filter((issue) => issue.request_id === row.id);
    return {
      id: row.id, number: row.number, fromLocationId: row.from_location_id, toLocationId: row.to_location_id, status: row.status, note: row.note,
      requestedAt: row.requested_at.toISOString(), requestedBy: row.requested_by, issuedAt: iso(row.issued_at), issuedBy: row.issued_by,
      receivedAt: iso(row.received_at), receivedBy: row.received_by, receiptNote: row.receipt_note,
      lines: lines.filter((line) => line.request_id === row.id).map((line) => {
        const sent = mine.filter((issue) => issue.item_id === line.id);
        return {
          item: toItem(line), requested: line.requested, issued: sent.reduce((sum, issue) => sum + issue.issued, 0),
          received: row.status === 'received' ? sent.reduce((sum, issue) => sum + (issue.received ?? 0), 0) : null,
        };
      }),
      issues: mine.map((issue) => ({ itemId: issue.item_id, batchId: issue.batch_id, batchNumber: issue.batch_number, expiry: issue.expiry, issued: issue.issued, received: issue.received })),
    };
  });
}

export async function transferRequest(db: Knex, id: string): Promise<TransferRequest | undefined> {
  return (await assemble(db, await db('stock_transfer_requests').where({ id })))[0];
}

export async function listTransferRequests(db: Knex, filter: { locationId?: string | undefined; status?: TransferRequest['status'] | undefined; limit: number }): Promise<TransferRequest[]> {
  const query = db('stock_transfer_requests').orderBy([{ column: 'requested_at', order: 'desc' }, { column: 'number', order: 'desc' }]).limit(filter.limit);
  if (filter.status === undefined) query.whereNot('status', 'received');
  else query.where('status', filter.status);
  if (filter.locationId !== undefined) query.where((w) => w.where('from_location_id', filter.locationId!).orWhere('to_location_id', filter.locationId!));
  return assemble(db, (await query) as RequestRow[]);
}

/** The one location of a kind stock passes through (transit) or waits in (quarantine). */
export async function locationOfKind(db: Knex, kind: 'transit' | 'quarantine'): Promise<LocationRow | undefined> {
  return db('stock_locations').where({ kind, active: true }).orderBy('code').first();
}
