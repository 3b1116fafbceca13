import { HmsError, MAX_OFFLINE_DISPENSE_AGE_HOURS, PHARMACY_TOPIC, STOCK_TOPIC, chartTopic, chosenBatchProblem, fefoFirst, isExpired, planFefo, planOfflineLine } from '@hms/core';
import type { Allocation, ChosenBatchProblem, DISPENSE_WARNINGS, Dispensation, DispensingStatus, StockBatchState, WorklistEntry } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { appendMovements, defaultDispensary, hospitalToday, lockBatchBalances, lockItemBatches, requireShelf } from '../stock/index.js';
import { writeChargeEvents } from './charge-events.js';
import { batchOfScan } from './scan-verify.js';
import { substitutesOf } from './substitution.js';
import { itemsWithProgress, worklistEntry } from './worklist-repo.js';

type Warning = { code: (typeof DISPENSE_WARNINGS)[number]; prescriptionItemId: string; batchId: string | null };

export interface DispenseInput {
  prescriptionId: string;
  locationId?: string | undefined;
  lines: Array<{
    prescriptionItemId: string; quantity: number; batchId?: string | undefined; reason?: string | undefined; scan?: string | undefined;
    substituteItemId?: string | undefined; substitutionReason?: string | undefined;
  }>;
  dispensedAt?: string | undefined;
}

const CLOCK_SKEW_MS = 120_000;

function dispenseTime(dispensedAt: string | undefined, now: Date): Date {
  if (dispensedAt === undefined) return now;
  const at = new Date(dispensedAt);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw HmsError.validation({ dispensedAt: 'is in the future' });
  if (at.getTime() < now.getTime() - MAX_OFFLINE_DISPENSE_AGE_HOURS * 3_600_000) throw HmsError.validation({ dispensedAt: `is more than ${MAX_OFFLINE_DISPENSE_AGE_HOURS} hours ago` });
  return at;
}

interface PlannedLine {
  prescriptionItemId: string;
  itemId: string;
  substitution: { prescribedItemId: string; reason: string } | null;
  allocation: Allocation;
  batchNumber: string;
  expiry: string;
  chosenBy: 'fefo' | 'pharmacist' | 'offline_desk';
  fefoBatchId: string | null;
  reason: string | null;
  shortfall: number;
}

function refuseChosen(problem: Exclude<ChosenBatchProblem, 'not_here'>, state: StockBatchState, line: { prescriptionItemId: string; quantity: number }, fefo: StockBatchState | undefined): never {
  const base = { batchId: state.batchId, prescriptionItemId: line.prescriptionItemId };
  switch (problem) {
    case 'batch_recalled':
      throw HmsError.conflict(`Batch ${state.batchNumber} is recalled: it may not be dispensed.`, { reason: problem, ...base });
    case 'batch_expired':
      throw HmsError.conflict(`Batch ${state.batchNumber} expired on ${state.expiry}: it may not be dispensed.`, { reason: problem, ...base, expiry: state.expiry });
    case 'insufficient_stock':
      throw HmsError.conflict(`Batch ${state.batchNumber} has ${state.onHand} units here, fewer than ${line.quantity}.`, { reason: problem, ...base, available: state.onHand });
    case 'reason_required':
      throw HmsError.conflict(`FEFO takes batch ${fefo?.batchNumber ?? ''} first: give a reason to dispense batch ${state.batchNumber}.`, { reason: problem, ...base, fefoBatchId: fefo?.batchId ?? null });
  }
}

/**
 * The batches one line takes. Online: FEFO, or the pharmacist's batch when allowed; offline
 * replay: the batch the desk took, whatever the books now say (what was wrong becomes warnings
 * and, for units the books lacked, a shortfall).
 */
type BatchPlan = Omit<PlannedLine, 'itemId' | 'substitution'>;

async function planLine(trx: Knex.Transaction, locationId: string, itemId: string, line: DispenseInput['lines'][number], index: number, offline: boolean, today: string, warnings: Warning[]): Promise<BatchPlan[]> {
  const states = await lockItemBatches(trx, locationId, itemId);
  const fefo = fefoFirst(states, today);
  if (line.batchId === undefined) {
    const plan = planFefo(states, line.quantity, today);
    if (!plan.ok) {
      throw HmsError.conflict(`Only ${plan.available} usable units are at this location for ${line.quantity}.`, { reason: 'insufficient_stock', prescriptionItemId: line.prescriptionItemId, available: plan.available });
    }
    const byId = new Map(states.map((state) => [state.batchId, state]));
    return plan.allocations.map((allocation) => ({
      prescriptionItemId: line.prescriptionItemId, allocation, batchNumber: byId.get(allocation.batchId)!.batchNumber, expiry: byId.get(allocation.batchId)!.expiry,
      chosenBy: 'fefo', fefoBatchId: null, reason: null, shortfall: 0,
    }));
  }
  const chosen = (await lockBatchBalances(trx, locationId, [line.batchId])).get(line.batchId);
  if (chosen === undefined) throw HmsError.validation({ [`lines.${index}.batchId`]: 'is not a batch' });
  if (chosen.itemId !== itemId) throw HmsError.validation({ [`lines.${index}.batchId`]: 'is a batch of another product than the one prescribed' });
  const candidates = [...states.filter((state) => state.batchId !== chosen.batchId), chosen];
  const reason = line.reason?.trim() === '' ? undefined : line.reason;
  const notFefo = fefo !== undefined && fefo.batchId !== chosen.batchId;
  const planned = {
    prescriptionItemId: line.prescriptionItemId, allocation: { batchId: chosen.batchId, quantity: line.quantity }, batchNumber: chosen.batchNumber, expiry: chosen.expiry,
    fefoBatchId: notFefo ? fefo.batchId : null, reason: reason ?? null,
  };
  if (offline) {
    const warn = (code: Warning['code']) => warnings.push({ code, prescriptionItemId: line.prescriptionItemId, batchId: chosen.batchId });
    if (chosen.recalled) warn('batch_recalled');
    if (isExpired(chosen.expiry, today)) warn('batch_expired');
    if (notFefo) warn('not_fefo');
    // A line larger than the desk's batch ran on into the next packs: FEFO over the rest, and
    // only what no batch's books held is a shortfall (on the desk's batch).
    const split = planOfflineLine(chosen, states, line.quantity, today);
    if (split.shortfall > 0) warn('stock_short');
    const byId = new Map([...states, chosen].map((state) => [state.batchId, state]));
    return split.allocations.map((allocation) => {
      const own = allocation.batchId === chosen.batchId;
      const state = byId.get(allocation.batchId)!;
      return {
        ...planned, allocation, batchNumber: state.batchNumber, expiry: state.expiry, chosenBy: 'offline_desk' as const,
        fefoBatchId: own ? planned.fefoBatchId : null, reason: own ? planned.reason : null, shortfall: own ? split.shortfall : 0,
      };
    });
  }
  const problem = chosenBatchProblem(candidates, chosen.batchId, line.quantity, today, reason);
  if (problem === 'not_here') throw new Error('the chosen batch is among the candidates');
  if (problem !== undefined) refuseChosen(problem, chosen, line, fefo);
  return [{ ...planned, chosenBy: notFefo ? 'pharmacist' : 'fefo', shortfall: 0 }];
}

function progressOf(entry: WorklistEntry): Exclude<DispensingStatus, 'open'> {
  return entry.items.every((item) => item.outstanding <= 0) ? 'complete' : 'partial';
}

export async function dispense(scope: WriteScope, actor: Actor, input: DispenseInput, now: Date) {
  const { trx } = scope;
  const offline = input.dispensedAt !== undefined;
  const at = dispenseTime(input.dispensedAt, now);
  // One dispense of a prescription at a time: two desks cannot both hand out its last units.
  const prescription: { id: string; patient_id: string; status: string; number: string } | undefined = await trx('prescriptions').where({ id: input.prescriptionId }).forUpdate().first('id', 'patient_id', 'status', 'number');
  if (prescription === undefined) throw HmsError.notFound('The prescription');
  const warnings: Warning[] = [];
  if (prescription.status === 'cancelled') {
    if (!offline) throw HmsError.conflict(`${prescription.number} is cancelled.`, { reason: 'prescription_cancelled' });
    for (const line of input.lines) warnings.push({ code: 'prescription_cancelled', prescriptionItemId: line.prescriptionItemId, batchId: line.batchId ?? null });
  }
  const location = input.locationId === undefined ? await defaultDispensary(trx) : await requireShelf(trx, input.locationId);
  const today = await hospitalToday(trx, at);
  const items = new Map((await itemsWithProgress(trx, [prescription.id])).map((item) => [item.id, item]));
  // What each line hands out: the prescribed product, or a substitute of the same generic.
  const substitutes = await substitutesOf(trx, input.lines, items);
  const dispensedItemOf = (line: DispenseInput['lines'][number]) => substitutes.get(line.prescriptionItemId)?.itemId ?? items.get(line.prescriptionItemId)!.drug_id;

  // A scanned pack names the batch taken, once checked to be the prescribed product. An offline
  // replay is not refused for it (the desk checked against its cache; the pack has gone).
  const lines: DispenseInput['lines'] = [];
  for (const [index, line] of input.lines.entries()) {
    const item = items.get(line.prescriptionItemId);
    if (line.scan === undefined || item === undefined) lines.push(line);
    else lines.push({ ...line, batchId: await batchOfScan(trx, { scan: line.scan, batchId: line.batchId, itemId: dispensedItemOf(line), itemName: substitutes.get(item.id)?.name ?? item.name, prescriptionItemId: item.id, field: `lines.${index}`, strict: !offline }, now) });
  }
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const item = items.get(line.prescriptionItemId);
    if (item === undefined) problems[`lines.${index}.prescriptionItemId`] = `is not an item of ${prescription.number}`;
    else if (seen.has(line.prescriptionItemId)) problems[`lines.${index}.prescriptionItemId`] = 'appears twice: one line per item (FEFO splits over batches itself)';
    if (offline && line.batchId === undefined) problems[`lines.${index}.batchId`] = 'is required for an offline dispense: the batch the desk took';
    seen.add(line.prescriptionItemId);
  });
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);

  for (const line of lines) {
    const item = items.get(line.prescriptionItemId)!;
    const outstanding = Math.max(0, Number(item.quantity) - Number(item.dispensed));
    if (line.quantity > outstanding) {
      if (!offline) throw HmsError.conflict(`${item.name}: ${outstanding} of ${Number(item.quantity)} prescribed are still to dispense.`, { reason: 'exceeds_prescribed', prescriptionItemId: item.id, outstanding });
      warnings.push({ code: 'exceeds_prescribed', prescriptionItemId: item.id, batchId: line.batchId ?? null });
    }
  }

  const [header] = await trx('dispensations')
    .insert({ prescription_id: prescription.id, patient_id: prescription.patient_id, location_id: location.id, dispensed_by: actor.userId, dispensed_at: at, recorded_at: now, offline })
    .returning('id');
  const dispensationId = (header as { id: string }).id;
  const planned: PlannedLine[] = [];
  const discrepancies: Array<{ id: string; batchId: string; quantity: number }> = [];
  const itemIds = new Set<string>();
  for (const [index, line] of lines.entries()) {
    // A formulary drug's stock item has its id. Not made here: a drug never received has no
    // batches, so FEFO finds none (insufficient_stock), and a named batch implies its item.
    const stockItem = { id: dispensedItemOf(line) };
    itemIds.add(stockItem.id);
    const substitute = substitutes.get(line.prescriptionItemId);
    const substitution = substitute === undefined ? null : { prescribedItemId: items.get(line.prescriptionItemId)!.drug_id, reason: substitute.reason };
    const taken = (await planLine(trx, location.id, stockItem.id, line, index, offline, today, warnings)).map((plannedLine) => ({ ...plannedLine, itemId: stockItem.id, substitution }));
    const base = { at, itemId: stockItem.id, locationId: location.id, documentType: 'dispensation' as const, documentId: dispensationId, actorId: actor.userId, offline };
    for (const plannedLine of taken.filter((candidate) => candidate.shortfall > 0)) {
      // Posted before the dispense, so the balance makes room for units the books lacked.
      await appendMovements(trx, [{ ...base, kind: 'discrepancy', batchId: plannedLine.allocation.batchId, quantity: plannedLine.shortfall, note: 'offline dispense took more than the books held' }], now);
      const [row] = await trx('stock_discrepancies')
        .insert({ kind: 'offline_shortfall', location_id: location.id, item_id: stockItem.id, batch_id: plannedLine.allocation.batchId, quantity: plannedLine.shortfall, document_type: 'dispensation', document_id: dispensationId, detected_at: now })
        .returning('id');
      discrepancies.push({ id: (row as { id: string }).id, batchId: plannedLine.allocation.batchId, quantity: plannedLine.shortfall });
    }
    await appendMovements(trx, taken.map((plannedLine) => ({ ...base, kind: 'dispense' as const, batchId: plannedLine.allocation.batchId, quantity: -plannedLine.allocation.quantity })), now);
    planned.push(...taken);
  }
  const lineRows: Array<{ id: string }> = await trx('dispensation_lines')
    .insert(planned.map((line) => ({
      dispensation_id: dispensationId, prescription_item_id: line.prescriptionItemId, item_id: line.itemId, batch_id: line.allocation.batchId,
      quantity: line.allocation.quantity, chosen_by: line.chosenBy, fefo_batch_id: line.fefoBatchId, reason: line.reason,
      substituted_for: line.substitution?.prescribedItemId ?? null, substitution_reason: line.substitution?.reason ?? null,
    })))
    .returning('id');
  await writeChargeEvents(trx, dispensationId, planned.map((line, index) => ({
    source: 'dispensation_line' as const, sourceId: lineRows[index]!.id, itemId: line.itemId, batchId: line.allocation.batchId, quantity: line.allocation.quantity,
  })), at, now);

  const entry = (await worklistEntry(trx, prescription.id))!;
  const status = progressOf(entry);
  await trx('prescription_dispensing').insert({ prescription_id: prescription.id, status, last_dispensed_at: at }).onConflict('prescription_id').merge();
  const dispensation: Dispensation = {
    id: dispensationId, prescriptionId: prescription.id, patientId: prescription.patient_id, locationId: location.id, dispensedBy: actor.userId, dispensedAt: at.toISOString(),
    recordedAt: now.toISOString(), offline,
    lines: planned.map((line, index) => ({
      id: lineRows[index]!.id, prescriptionItemId: line.prescriptionItemId, itemId: line.itemId, batchId: line.allocation.batchId,
      batchNumber: line.batchNumber, expiry: line.expiry, quantity: line.allocation.quantity, chosenBy: line.chosenBy, fefoBatchId: line.fefoBatchId, reason: line.reason,
      substitution: line.substitution,
    })),
  };
  scope.audit({
    action: 'dispensing.dispense', entityType: 'patient', entityId: prescription.patient_id,
    after: { dispensationId, prescriptionId: prescription.id, number: prescription.number, locationId: location.id, offline, dispensedAt: at.toISOString(), lines: dispensation.lines.map(({ id, prescriptionItemId, itemId, batchId, quantity, chosenBy, reason, substitution }) => ({ id, prescriptionItemId, itemId, batchId, quantity, chosenBy, reason, substitution })) },
    details: { status, warnings, discrepancies },
  });
  const event = { prescriptionId: prescription.id, patientId: prescription.patient_id, status, at: now.toISOString() };
  scope.emit('dispensing.changed', PHARMACY_TOPIC, event);
  scope.emit('dispensing.changed', chartTopic(prescription.patient_id), event);
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: location.id, itemIds: [...itemIds], at: now.toISOString() });
  return { dispensation, prescription: { ...entry, status }, warnings, discrepancies };
}
