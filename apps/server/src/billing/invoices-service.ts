import { HmsError, formatDocumentNumber, localDateOf, seriesKey } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { requirePatientId } from '../patients/index.js';
import { cashPayer } from './catalogue-repo.js';
import { chargeRows, toCharge } from './charges-repo.js';
import { annualLimitLeft, coverForInvoice, invoiceCoverage, movedToPatient, splitCharges } from './invoice-cover.js';
import type { ChargeRow } from './charges-repo.js';
import { invoiceMoney } from './payments-repo.js';

/**
 * The next number of a series, taken in the caller's transaction: the upsert leaves the
 * series row locked until that transaction ends, so numbers are handed out one invoice at a
 * time, and an invoice that rolls back gives its number back. Gapless by construction.
 */
export async function takeNumber(trx: Knex.Transaction, key: string): Promise<number> {
  const { rows } = await trx.raw(
    `insert into billing_number_series (series_key, next_number) values (?, 2)
     on conflict (series_key) do update set next_number = billing_number_series.next_number + 1
     returning next_number - 1 as taken`,
    [key],
  );
  return Number((rows as Array<{ taken: number }>)[0]!.taken);
}

export async function hospitalYear(db: Knex, now: Date): Promise<number> {
  const settings: { time_zone: string } = await db('hospital_settings').first('time_zone');
  return Number(localDateOf(now, settings.time_zone).slice(0, 4));
}

/**
 * Invoices the patient's charges not yet on an invoice (of the visit when given), leaving out
 * reversed charges and their reversals (they cancel out). The charges are locked first, so a
 * reversal or another invoice of the same charges at the same moment waits and then sees this
 * one. Cash patients only for now: the patient's share is everything (coverage is not served yet).
 */
export async function createInvoice(scope: WriteScope, actor: Actor, input: Params<'invoices.create'>, now: Date) {
  const { trx } = scope;
  const patientId = await requirePatientId(trx, input.patientId);
  if (input.visitId !== undefined) {
    const visit: { patient_id: string } | undefined = await trx('visits').where({ id: input.visitId }).first('patient_id');
    if (visit === undefined || visit.patient_id !== patientId) throw HmsError.validation({ visitId: 'is not a visit of this patient' });
  }
  const candidates = trx('billing_charges').where({ patient_id: patientId }).orderBy('id').forUpdate().select('id');
  if (input.visitId !== undefined) candidates.where({ visit_id: input.visitId });
  const ids = ((await candidates) as Array<{ id: string }>).map((row) => row.id);
  const rows = ids.length === 0 ? [] : ((await chargeRows(trx).whereIn('c.id', ids)) as ChargeRow[]);
  const billable = rows.filter((row) => row.invoice_id === null && row.reversed_by === null && row.source !== 'reversal');
  if (billable.length === 0) throw HmsError.conflict('There is nothing to invoice: every charge is already on an invoice or reversed.', { reason: 'nothing_to_invoice' });

  // Coverage and the member's year so far before the number: the number's lock is held as briefly as possible.
  const year = await hospitalYear(trx, now);
  const cover = await coverForInvoice(trx, patientId, input.coverageId, now);
  const split = splitCharges(billable, cover, cover === null ? null : await annualLimitLeft(trx, cover, year));
  const payerId = cover === null ? (await cashPayer(trx)).id : cover.scheme.payer_id;
  const totalMinor = split.payerMinor + split.patientMinor;
  const series = { kind: 'invoice' as const, year };
  const key = seriesKey(series);
  const sequence = await takeNumber(trx, key);
  const number = formatDocumentNumber(series, sequence);
  const [invoice] = (await trx('billing_invoices').insert({
    number, series_key: key, sequence, kind: input.kind, patient_id: patientId, visit_id: input.visitId ?? null, payer_id: payerId,
    total_minor: totalMinor, payer_minor: split.payerMinor, patient_minor: split.patientMinor, issued_at: now, issued_by: actor.userId,
  }).returning('id')) as Array<{ id: string }>;
  const lines = split.lines;
  await trx('billing_invoice_lines').insert(lines.map((line) => ({ invoice_id: invoice!.id, charge_id: line.chargeId, payer_minor: line.payerMinor, patient_minor: line.patientMinor })));
  if (cover !== null) {
    await trx('billing_invoice_coverage').insert({
      invoice_id: invoice!.id, coverage_id: cover.coverageId, scheme_id: cover.scheme.scheme_id, scheme_version_id: cover.scheme.version_id,
      member_number: cover.memberNumber, limit_year: year, over_limit_minor: split.overLimitMinor,
    });
  }
  scope.audit({ action: 'invoices.create', entityType: 'patient', entityId: patientId, after: { invoiceId: invoice!.id, number, kind: input.kind, totalMinor, payerMinor: split.payerMinor, coverageId: cover?.coverageId ?? null, charges: lines.length } });
  return { invoice: await invoiceView(trx, invoice!.id) };
}

interface InvoiceRow {
  id: string; number: string; kind: 'interim' | 'final'; patient_id: string; visit_id: string | null; payer_id: string;
  total_minor: string; payer_minor: string; patient_minor: string; issued_at: Date; issued_by_name: string;
}

export async function invoiceView(db: Knex, invoiceId: string) {
  const row: InvoiceRow | undefined = await db('billing_invoices as i').join('users as u', 'u.id', 'i.issued_by').where('i.id', invoiceId)
    .first('i.id', 'i.number', 'i.kind', 'i.patient_id', 'i.visit_id', 'i.payer_id', 'i.total_minor', 'i.payer_minor', 'i.patient_minor', 'i.issued_at', 'u.display_name as issued_by_name');
  if (row === undefined) throw HmsError.notFound('The invoice');
  const lines = (await db('billing_invoice_lines').where({ invoice_id: invoiceId }).select('charge_id', 'payer_minor', 'patient_minor')) as Array<{ charge_id: string; payer_minor: string; patient_minor: string }>;
  const charges = ((await chargeRows(db).whereIn('c.id', lines.map((line) => line.charge_id))) as ChargeRow[]).map(toCharge);
  const order = new Map(charges.map((charge, index) => [charge.id, index]));
  lines.sort((a, b) => order.get(a.charge_id)! - order.get(b.charge_id)!);
  // A payer's rejection moved back to the patient is theirs to pay too (claims.postRemittance).
  const movedToPatientMinor = await movedToPatient(db, row.id);
  return {
    id: row.id, number: row.number, kind: row.kind, patientId: row.patient_id, visitId: row.visit_id, payerId: row.payer_id, 
    totalMinor: Number(row.total_minor), payerMinor: Number(row.payer_minor), patientMinor: Number(row.patient_minor), coverage: await invoiceCoverage(db, row.id), movedToPatientMinor,
    // Paid, credited, void and balance come from payments-repo (the payments side owns them).
    ...(await invoiceMoney(db, row.id, Number(row.patient_minor) + movedToPatientMinor)),
    lines: lines.map((line) => ({ chargeId: line.charge_id, payerMinor: Number(line.payer_minor), patientMinor: Number(line.patient_minor) })),
    charges, issuedAt: row.issued_at.toISOString(), issuedByName: row.issued_by_name,
  };
}

export async function getInvoice(db: Knex, input: Params<'invoices.get'>) {
  return invoiceView(db, input.invoiceId);
}
