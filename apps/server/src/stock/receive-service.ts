import { HmsError, STOCK_TOPIC, gtinProblem, normalizeGtin, parseGs1 } from '@hms/core';
import type { Batch, ReceiveLine, StockItem } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { postMovements } from './ledger-repo.js';
import { ensureStockItem, requireLocation } from './stock-items.js';
import type { BatchRow } from './stock-rows.js';
import { toBatch } from './stock-rows.js';

export interface ReceiveInput {
  locationId: string;
  supplier: string;
  purchaseOrder?: string | undefined;
  note?: string | undefined;
  lines: Array<{ [K in keyof ReceiveLine]: ReceiveLine[K] }>;
}

interface ResolvedLine {
  item: StockItem;
  gtin: string | null;
  batchNumber: string;
  expiry: string;
  serial: string | null;
  quantity: number;
  unitCostMinor: number;
}

type Problems = Record<string, string>;

/** What a line's scan and typed fields say together; problems go under `lines.<i>.<field>`. */
async function resolveLine(trx: Knex.Transaction, line: ReceiveInput['lines'][number], at: string, today: string, actor: Actor, now: Date, problems: Problems, noted: Map<string, string>): Promise<ResolvedLine | undefined> {
  const before = Object.keys(problems).length;
  let { gtin, batchNumber, expiry } = line;
  let serial: string | null = null;
  if (line.scan !== undefined) {
    const parsed = parseGs1(line.scan, now);
    if (!parsed.ok) {
      problems[`${at}.scan`] = `is not a pack code we can read: it ${parsed.problem}`;
      return undefined;
    }
    const { pack } = parsed;
    const disagree = (field: 'batchNumber' | 'expiry', typed: string | undefined, scanned: string | undefined) => {
      if (typed !== undefined && scanned !== undefined && typed !== scanned) problems[`${at}.${field}`] = `differs from the scanned pack (${scanned})`;
    };
    if (gtin !== undefined && gtinProblem(gtin) === undefined && normalizeGtin(gtin) !== pack.gtin) problems[`${at}.gtin`] = `differs from the scanned pack (${pack.gtin})`;
    disagree('batchNumber', batchNumber, pack.batch);
    disagree('expiry', expiry, pack.expiry);
    gtin = pack.gtin;
    batchNumber = batchNumber ?? pack.batch;
    expiry = expiry ?? pack.expiry;
    serial = pack.serial ?? null;
  } else if (gtin !== undefined) {
    const problem = gtinProblem(gtin);
    if (problem !== undefined) problems[`${at}.gtin`] = problem;
    else gtin = normalizeGtin(gtin);
  }
  let item: StockItem | undefined;
  // A GTIN names its item once received, in an earlier GRN or on an earlier line of this one.
  const knownId = gtin === undefined ? undefined : (noted.get(gtin) ?? ((await trx('stock_item_gtins').where({ gtin }).first('item_id')) as { item_id: string } | undefined)?.item_id);
  const known = knownId === undefined ? undefined : { item_id: knownId };
  if (line.itemId !== undefined) {
    item = await ensureStockItem(trx, line.itemId, actor.userId, now);
    if (item === undefined) problems[`${at}.itemId`] = 'is not a formulary drug or a stock item';
    else if (known !== undefined && known.item_id !== item.id) problems[`${at}.gtin`] = 'is the GTIN of another item: check the pack';
  } else if (known !== undefined) {
    item = await ensureStockItem(trx, known.item_id, actor.userId, now);
  } else {
    problems[`${at}.itemId`] = gtin === undefined ? 'is required for a pack without a code' : 'is required: this GTIN has not been received before';
  }
  if (batchNumber === undefined) problems[`${at}.batchNumber`] = 'is required: scan the pack or type the batch';
  if (expiry === undefined) problems[`${at}.expiry`] = 'is required: scan the pack or type the expiry';
  else if (expiry < today) problems[`${at}.expiry`] = 'is past: expired stock is not received';
  if (Object.keys(problems).length > before || item === undefined || batchNumber === undefined || expiry === undefined) return undefined;
  if (gtin !== undefined) noted.set(gtin, item.id);
  return { item, gtin: gtin ?? null, batchNumber, expiry, serial, quantity: line.quantity, unitCostMinor: line.unitCostMinor };
}

/** The batch of a line: the one received before (same expiry, not recalled) or a new one. */
async function batchOf(trx: Knex.Transaction, line: ResolvedLine, grnId: string, supplier: string, now: Date, at: string, problems: Problems): Promise<Batch | undefined> {
  const existing: BatchRow | undefined = await trx('stock_batches').where({ item_id: line.item.id, batch_number: line.batchNumber }).forShare().first();
  if (existing !== undefined) {
    if (existing.expiry_date !== line.expiry) problems[`${at}.expiry`] = `batch ${line.batchNumber} was received with expiry ${existing.expiry_date}`;
    else if (existing.recalled_at !== null) problems[`${at}.batchNumber`] = `batch ${line.batchNumber} is recalled`;
    return toBatch(existing);
  }
  const [row] = await trx('stock_batches')
    .insert({ item_id: line.item.id, batch_number: line.batchNumber, expiry_date: line.expiry, gtin: line.gtin, supplier, unit_cost_minor: line.unitCostMinor, received_at: now, grn_id: grnId })
    .returning('*');
  return toBatch(row as BatchRow);
}

export async function receiveGoods(scope: WriteScope, actor: Actor, input: ReceiveInput, now: Date, today: string) {
  const { trx } = scope;
  await requireLocation(trx, input.locationId);
  const problems: Problems = {};
  const resolved: Array<ResolvedLine | undefined> = [];
  const noted = new Map<string, string>();
  for (const [index, line] of input.lines.entries()) resolved.push(await resolveLine(trx, line, `lines.${index}`, today, actor, now, problems, noted));
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const lines = resolved as ResolvedLine[];

  const sequence = String(((await trx.raw(`select nextval('goods_received_note_seq') as n`)).rows[0] as { n: string | number }).n);
  const number = `GRN-${sequence.padStart(6, '0')}`;
  const [grn] = await trx('goods_received_notes')
    .insert({ number, supplier: input.supplier, purchase_order: input.purchaseOrder ?? null, location_id: input.locationId, received_at: now, received_by: actor.userId, note: input.note ?? null })
    .returning('id');
  const grnId = (grn as { id: string }).id;
  const batches: Batch[] = [];
  for (const [index, line] of lines.entries()) {
    const batch = await batchOf(trx, line, grnId, input.supplier, now, `lines.${index}`, problems);
    if (batch !== undefined) batches.push(batch);
  }
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const learned = lines.filter((line) => line.gtin !== null).map((line) => ({ gtin: line.gtin, item_id: line.item.id, learned_at: now }));
  if (learned.length > 0) await trx('stock_item_gtins').insert(learned).onConflict('gtin').ignore();

  const movements = await postMovements(trx, lines.map((line, index) => ({
    at: now, kind: 'receipt' as const, itemId: line.item.id, batchId: batches[index]!.id, locationId: input.locationId, quantity: line.quantity,
    documentType: 'grn' as const, documentId: grnId, actorId: actor.userId, unitCostMinor: line.unitCostMinor, note: line.serial === null ? null : `serial ${line.serial}`,
  })), now);
  scope.audit({
    action: 'stock.receive', entityType: 'stock_grn', entityId: grnId,
    after: { number, supplier: input.supplier, purchaseOrder: input.purchaseOrder ?? null, locationId: input.locationId, movements: movements.map(({ id, batchId, itemId, quantity }) => ({ id, batchId, itemId, quantity })) },
  });
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: input.locationId, itemIds: [...new Set(lines.map((line) => line.item.id))], at: now.toISOString() });
  return {
    grn: { id: grnId, number, supplier: input.supplier, purchaseOrder: input.purchaseOrder ?? null, locationId: input.locationId, receivedAt: now.toISOString() },
    lines: lines.map((line, index) => ({ item: line.item, batch: batches[index]!, quantity: line.quantity, serial: line.serial })),
  };
}
