import { ChargeSchema, ClaimSchema, InvoiceSchema, PaymentSchema, ShiftSchema } from '@hms/core';
import type { ServiceCategory } from '@hms/core';
import type { z } from 'zod';
import type { BillingPrintSettings } from '../../shared/printing/billing/builders.js';

// The cashier's data as the server answers it (the contract's schemas parse every fixture), for
// the printing tests: a visit of many charges across departments, an insured split, payments.

export const settings: BillingPrintSettings = { money: { code: 'KES', minorDigits: 2, symbol: 'KSh' }, timeZone: 'Africa/Nairobi' };
export const context = { hospitalName: 'St. Mary Mission Hospital', hospitalAddress: 'PO Box 12-40100, Kisumu. Tel 057 202 0000', workstationId: 'cashier-2', printedAt: '2026-03-02 14:20' };
export const patient = { mrn: 'HMS-000123', name: 'Amina Wanjiru Yusuf', sex: 'F', birthDate: '1990-04-12' };

const uuid = (group: number, index: number) => `${String(group).padStart(8, '0')}-0000-4000-8000-${String(index).padStart(12, '0')}`;
export const ids = { patient: uuid(1, 1), visit: uuid(1, 2), invoice: uuid(1, 3), shift: uuid(1, 4), cashier: uuid(1, 5), payer: uuid(1, 6), claim: uuid(1, 7) };

type Charge = z.infer<typeof ChargeSchema>;

export function charge(index: number, serviceCode: string, description: string, category: ServiceCategory, quantity: number, unitPriceMinor: number): Charge {
  return ChargeSchema.parse({
    id: uuid(2, index), patientId: ids.patient, visitId: ids.visit, serviceCode, description, category, quantity, unitPriceMinor, amountMinor: quantity * unitPriceMinor,
    source: 'manual', sourceId: uuid(2, index), reverses: null, reversedBy: null, invoiceId: ids.invoice,
    at: new Date(Date.parse('2026-03-02T06:00:00.000Z') + index * 60_000).toISOString(), recordedByName: 'Rita Cashier', note: null,
  });
}

type Payment = z.infer<typeof PaymentSchema>;

/** An invoice of `charges`, each split payer/patient by `split` (the patient's share of a line), with its payments. */
export function invoiceOf(charges: readonly Charge[], options: { payments?: Payment[]; split?: (charge: Charge) => number; number?: string; id?: string } = {}) {
  const lines = charges.map((item) => {
    const patientMinor = options.split?.(item) ?? item.amountMinor;
    return { chargeId: item.id, payerMinor: item.amountMinor - patientMinor, patientMinor };
  });
  const totalMinor = charges.reduce((sum, item) => sum + item.amountMinor, 0);
  const patientMinor = lines.reduce((sum, line) => sum + line.patientMinor, 0);
  const payments = options.payments ?? [];
  const paidMinor = payments.reduce((sum, item) => sum + (item.kind === 'refund' ? -item.amountMinor : item.amountMinor), 0);
  return InvoiceSchema.parse({
    id: options.id ?? ids.invoice, number: options.number ?? 'INV-2026-000042', kind: 'final', patientId: ids.patient, visitId: ids.visit, payerId: ids.payer, status: 'issued',
    totalMinor, payerMinor: totalMinor - patientMinor, patientMinor, coverage: null, movedToPatientMinor: 0, paidMinor, creditedMinor: 0, balanceMinor: patientMinor - paidMinor,
    voidedAt: null, voidReason: null, payments, depositsApplied: [], adjustments: [],
    lines, charges, issuedAt: '2026-03-02T11:00:00.000Z', issuedByName: 'Rita Cashier',
  });
}

/** A consultation, a lab panel and drugs: the visit the e2e also makes. */
export const visitCharges = [
  charge(1, 'REG', 'Registration fee', 'registration', 1, 20_000),
  charge(2, 'CONS-GP', 'Consultation, general practitioner', 'consultation', 1, 150_000),
  charge(3, 'LAB-FBC', 'Full blood count', 'lab', 1, 80_000),
  charge(4, 'LAB-RBG', 'Random blood glucose', 'lab', 1, 30_050),
  charge(5, 'DRG-AMOX500', 'Amoxicillin 500 mg capsules', 'drug', 21, 1_250),
  charge(6, 'DRG-PCM500', 'Paracetamol 500 mg tablets', 'drug', 18, 300),
];

export function payment(index: number, method: 'cash' | 'card' | 'mobile_money' | 'bank_transfer', amountMinor: number, more: Partial<Payment> = {}): Payment {
  const takenAt = new Date(Date.parse('2026-03-02T11:05:00.000Z') + index * 60_000).toISOString();
  const changeMinor = more.changeMinor ?? 0;
  return PaymentSchema.parse({
    id: uuid(3, index), kind: 'payment', receiptNumber: `RCT-2026-${String(index).padStart(6, '0')}`, patientId: ids.patient, invoiceId: ids.invoice, shiftId: ids.shift, method, amountMinor,
    tenderedMinor: method === 'cash' ? amountMinor + changeMinor : null, changeMinor, reference: null, takenAt, recordedAt: takenAt, takenByName: 'Rita Cashier',
    offlineDeskCode: null, refundOf: null, reason: null, approvedByName: null, refundedMinor: 0, unappliedMinor: 0, flags: [], ...more,
  });
}

/** A refund of `of`, approved by a supervisor. */
export function refund(index: number, of: Payment, amountMinor: number, reason: string): Payment {
  return payment(index, of.method, amountMinor, { kind: 'refund', receiptNumber: `RFD-2026-${String(index).padStart(6, '0')}`, invoiceId: of.invoiceId, tenderedMinor: null, refundOf: of.id, reason, approvedByName: 'Grace Supervisor' });
}

type Shift = z.infer<typeof ShiftSchema>;

export function shift(more: Partial<Shift> = {}): Shift {
  return ShiftSchema.parse({
    id: ids.shift, cashierId: ids.cashier, cashierName: 'Rita Cashier', status: 'closed', floatMinor: 500_000, openedAt: '2026-03-02T05:00:00.000Z', closedAt: '2026-03-02T14:00:00.000Z',
    expectedCashMinor: null, countedCashMinor: null, varianceMinor: null, varianceNote: null, counts: null,
    totals: { byMethod: [], payments: 0, paymentsMinor: 0, refunds: 0, refundsMinor: 0, voids: 0, cashInMinor: 0, cashOutMinor: 0, expectedCashMinor: 500_000 },
    ...more,
  });
}

/** A draft claim of these invoices' payer shares. */
export function claim(invoices: ReadonlyArray<z.infer<typeof InvoiceSchema>>) {
  const items = invoices.map((invoice) => ({
    invoiceId: invoice.id, invoiceNumber: invoice.number, issuedAt: invoice.issuedAt, patientId: invoice.patientId, memberNumber: 'M-1',
    claimedMinor: invoice.payerMinor, paidMinor: 0, rejectedMinor: 0, movedToPatientMinor: 0, writtenOffMinor: 0,
  }));
  return ClaimSchema.parse({
    id: ids.claim, number: 'CLM-2026-000003', payerId: ids.payer, payerName: 'AAR Insurance', periodFrom: '2026-02-28T21:00:00.000Z', periodTo: '2026-03-31T21:00:00.000Z', status: 'draft',
    claimedMinor: items.reduce((sum, item) => sum + item.claimedMinor, 0), paidMinor: 0, rejectedMinor: 0, items,
    createdAt: '2026-04-01T08:00:00.000Z', createdByName: 'Billing Supervisor', submittedAt: null,
  });
}
