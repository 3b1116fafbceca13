import { localDateOf } from '@hms/core';
import type { Knex } from 'knex';
import { claimView } from './claims-repo.js';

const COLUMNS = ['claim_number', 'payer', 'member_number', 'patient_mrn', 'patient_name', 'pre_authorisation', 'invoice_number', 'invoice_date',
  'service_code', 'description', 'quantity', 'unit_price_minor', 'amount_minor', 'payer_share_minor'] as const;

/**
 * One CSV field. Quoted when it holds a separator, quote or line break (RFC 4180); text a
 * spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

interface LineRow {
  invoice_id: string; patient_mrn: string; given_name: string; family_name: string; pre_authorisation: string | null; service_code: string; description: string;
  quantity: number; unit_price_minor: string; amount_minor: string; payer_minor: string;
}

/** The claim as a payer reads it: one row per service line with its payer share, amounts in minor units. */
export async function claimCsv(db: Knex, claimId: string) {
  const claim = await claimView(db, claimId);
  const settings: { time_zone: string } = await db('hospital_settings').first('time_zone');
  const lines = (await db('billing_claim_items as ci')
    .join('billing_invoice_lines as l', 'l.invoice_id', 'ci.invoice_id')
    .join('billing_charges as ch', 'ch.id', 'l.charge_id')
    .join('billing_invoices as i', 'i.id', 'ci.invoice_id')
    .join('patients as p', 'p.id', 'i.patient_id')
    .join('billing_invoice_coverage as ic', 'ic.invoice_id', 'ci.invoice_id')
    .join('billing_coverages as c', 'c.id', 'ic.coverage_id')
    .where('ci.claim_id', claimId)
    .orderBy([{ column: 'ch.at' }, { column: 'ch.id' }])
    .select('ci.invoice_id', 'p.mrn as patient_mrn', 'p.given_name', 'p.family_name', 'c.pre_authorisation', 'ch.service_code', 'ch.description', 'ch.quantity',
      'ch.unit_price_minor', 'ch.amount_minor', 'l.payer_minor')) as LineRow[];
  const byInvoice = new Map<string, LineRow[]>();
  for (const line of lines) byInvoice.set(line.invoice_id, [...(byInvoice.get(line.invoice_id) ?? []), line]);
  const rows = claim.items.flatMap((item) => (byInvoice.get(item.invoiceId) ?? []).map((line) => [
    claim.number, claim.payerName, item.memberNumber, line.patient_mrn, `${line.given_name} ${line.family_name}`, line.pre_authorisation ?? '', item.invoiceNumber,
    localDateOf(new Date(item.issuedAt), settings.time_zone), line.service_code, line.description, line.quantity, Number(line.unit_price_minor),
    Number(line.amount_minor), Number(line.payer_minor),
  ]));
  const text = [COLUMNS, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  return { claim, csv: { filename: `${claim.number}.csv`, contentType: 'text/csv' as const, text } };
}
