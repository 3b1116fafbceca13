import { HmsError, LAB_TOPIC, chartTopic } from '@hms/core';
import type { OrderItem, OrderItemStatus, OrderKind, OrderPriority } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { PG, isPgCode } from '../db/pg-errors.js';
import { requireOpenEncounter } from '../encounters/index.js';
import { catalogueEntries } from './catalogue.js';

interface OrderItemView {
  id: string;
  order_id: string;
  patient_id: string;
  encounter_id: string;
  kind: OrderKind;
  code: string;
  name: string;
  priority: OrderPriority;
  note: string | null;
  status: OrderItemStatus;
  ordered_at: Date;
  ordered_by: string;
  ordered_by_name: string;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

function toOrderItem(row: OrderItemView): OrderItem {
  return {
    id: row.id, orderId: row.order_id, patientId: row.patient_id, encounterId: row.encounter_id, kind: row.kind, code: row.code, name: row.name,
    priority: row.priority, note: row.note, status: row.status, orderedAt: row.ordered_at.toISOString(), orderedBy: row.ordered_by,
    orderedByName: row.ordered_by_name, cancelledAt: row.cancelled_at?.toISOString() ?? null, cancelReason: row.cancel_reason,
  };
}

function itemViews(db: Knex) {
  return db('order_items as i').join('users as u', 'u.id', 'i.ordered_by').select('i.*', 'u.display_name as ordered_by_name');
}

export interface OrderInput {
  encounterId: string;
  items: Array<{ kind: OrderKind; code: string; priority: OrderPriority; note?: string | undefined }>;
}

export async function createOrder(scope: WriteScope, actor: Actor, input: OrderInput, now: Date): Promise<{ orderId: string; items: OrderItem[] }> {
  const encounter = await requireOpenEncounter(scope.trx, input.encounterId, actor);
  const catalogue = await catalogueEntries(scope.trx, input.items.map((item) => item.code));
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  input.items.forEach((item, index) => {
    const entry = catalogue.get(item.code);
    if (entry === undefined || !entry.active) problems[`items.${index}.code`] = `${item.code} is not in the catalogue`;
    else if (entry.kind !== item.kind) problems[`items.${index}.kind`] = `${item.code} is a ${entry.kind} order`;
    else if (seen.has(item.code)) problems[`items.${index}.code`] = `${item.code} is listed twice`;
    seen.add(item.code);
  });
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const [order] = await scope.trx('orders').insert({ patient_id: encounter.patient_id, encounter_id: encounter.id, ordered_by: actor.userId, ordered_at: now }).returning('id');
  const orderId = (order as { id: string }).id;
  try {
    await scope.trx('order_items').insert(input.items.map((item) => ({
      order_id: orderId, patient_id: encounter.patient_id, encounter_id: encounter.id, kind: item.kind, code: item.code, name: catalogue.get(item.code)!.name,
      priority: item.priority, note: item.note ?? null, ordered_at: now, ordered_by: actor.userId,
    })));
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation, 'order_items_once_per_encounter')) {
      throw HmsError.conflict('One of these is already ordered in this encounter.', { reason: 'already_ordered' });
    }
    throw error;
  }
  const items = (await itemViews(scope.trx).where('i.order_id', orderId).orderBy('i.code')).map(toOrderItem);
  scope.audit({ action: 'orders.create', entityType: 'patient', entityId: encounter.patient_id, after: { orderId, encounterId: encounter.id, items: items.map((item) => ({ id: item.id, code: item.code, priority: item.priority })) } });
  announce(scope, encounter.patient_id, items, 'ordered', now);
  return { orderId, items };
}

export async function cancelOrderItem(scope: WriteScope, actor: Actor, input: { itemId: string; reason: string }, now: Date): Promise<OrderItem> {
  const before = await scope.trx('order_items').where({ id: input.itemId }).forUpdate().first();
  if (before === undefined) throw HmsError.notFound('The ordered item');
  if (before.status === 'cancelled') throw HmsError.conflict('The item is already cancelled.', { reason: 'already_cancelled' });
  await scope.trx('order_items').where({ id: input.itemId }).update({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.userId, cancel_reason: input.reason });
  const after = toOrderItem((await itemViews(scope.trx).where('i.id', input.itemId).first()) as OrderItemView);
  scope.audit({ action: 'orders.cancel', entityType: 'patient', entityId: after.patientId, before: { itemId: after.id, status: before.status }, after: { itemId: after.id, status: after.status, reason: input.reason } });
  announce(scope, after.patientId, [after], 'cancelled', now);
  return after;
}

/** To the lab's worklist (its items only, when it has any) and the patient's chart: ids only. */
function announce(scope: WriteScope, patientId: string, items: readonly OrderItem[], change: 'ordered' | 'cancelled', now: Date): void {
  const data = (of: readonly OrderItem[]) => ({
    orderIds: [...new Set(of.map((item) => item.orderId))], itemIds: of.map((item) => item.id), patientId, change, at: now.toISOString(),
  });
  const lab = items.filter((item) => item.kind === 'lab');
  if (lab.length > 0) scope.emit('orders.changed', LAB_TOPIC, data(lab));
  scope.emit('orders.changed', chartTopic(patientId), data(items));
}

export async function ordersForPatient(db: Knex, input: { patientId: string; kind?: OrderKind | undefined; status?: OrderItemStatus | undefined; limit: number }): Promise<OrderItem[]> {
  const query = itemViews(db).where('i.patient_id', input.patientId).orderBy([{ column: 'i.ordered_at', order: 'desc' }, { column: 'i.code' }]).limit(input.limit);
  if (input.kind !== undefined) query.where('i.kind', input.kind);
  if (input.status !== undefined) query.where('i.status', input.status);
  return ((await query) as OrderItemView[]).map(toOrderItem);
}

/** The patient's items still waiting (ordered, not cancelled): the chart's pending list. */
export async function pendingOrders(db: Knex, patientId: string): Promise<OrderItem[]> {
  return ordersForPatient(db, { patientId, status: 'ordered', limit: 100 });
}
