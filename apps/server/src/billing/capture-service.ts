import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import type { Clock } from '../clock.js';
import { runWrite } from '../gateway/write-scope.js';
import type { Logger } from '../log.js';

interface CapturedRow { id: string; patient_id: string; source: string; source_id: string; amount_minor: string }

/**
 * Turns dispensing's outbox (`charge_events`) into charges (issue 15), oldest first, `batch` at
 * a time. Exactly once: an event is charged when no charge has its source yet, and the charges'
 * unique (source, source_id) turns a second consumer's insert of the same event (a retry, a
 * replay, another server polling at once) into nothing. Not a high-water mark: identity ids
 * can commit out of order, and a mark would skip the event committed late.
 *
 * A dispense is charged at the selling price in force when it was handed out (the event carries
 * it); an item without one at its batch's cost. A return is credited at its line's price.
 */
export async function captureDispensingCharges(db: Knex, auditKey: AuditKey, now: Date, batch = 500): Promise<number> {
  return runWrite(db, { auditKey, stamp: () => ({ at: now, actor: null, origin: null }) }, async (scope) => {
    const rows = (await scope.trx.raw(
      `insert into billing_charges (patient_id, visit_id, service_code, item_id, description, category, quantity, unit_price_minor, amount_minor, source, source_id, at, recorded_at)
       select ce.patient_id, ce.visit_id, si.code, ce.item_id, si.name, 'drug', ce.quantity, u.unit, ce.quantity * u.unit, ce.source, ce.source_id::text, ce.at, :now
         from charge_events ce
         join stock_items si on si.id = ce.item_id
         cross join lateral (select coalesce(ce.unit_price_minor, ce.unit_cost_minor) as unit) u
        where not exists (select 1 from billing_charges c where c.source = ce.source and c.source_id = ce.source_id::text)
        order by ce.id
        limit :batch
       on conflict (source, source_id) do nothing
       returning id, patient_id, source, source_id, amount_minor`,
      { now, batch },
    )).rows as CapturedRow[];
    const byPatient = new Map<string, CapturedRow[]>();
    for (const row of rows) byPatient.set(row.patient_id, [...(byPatient.get(row.patient_id) ?? []), row]);
    for (const [patientId, charged] of byPatient) {
      scope.audit({
        action: 'billing.captureCharges', entityType: 'patient', entityId: patientId,
        after: { charges: charged.map((row) => ({ id: row.id, source: row.source, sourceId: row.source_id, amountMinor: Number(row.amount_minor) })) },
      });
    }
    return rows.length;
  });
}

/** Charges what dispensing wrote every `intervalMs`, all of it (batch after batch), until stopped. */
export function scheduleChargeCapture(db: Knex, auditKey: AuditKey, clock: Clock, log: Logger, intervalMs = 2_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      while ((await captureDispensingCharges(db, auditKey, clock.now())) > 0) { /* the next batch */ }
    })()
      .catch((error: unknown) => log.warn({ err: error }, 'charge capture failed; will retry'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
