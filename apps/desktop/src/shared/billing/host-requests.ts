import { UuidSchema, methods } from '@hms/core';
import type { MethodName } from '@hms/core';
import { z } from 'zod';
import { NoPayload, hostEvent, hostRequest } from '../protocol/define.js';
import type { AccountView, PaymentOutcome, PrintResult, ReceiptView, ShiftStateView } from './views.js';

/** The cashier desk's writes that may wait in the outbox (shared/protocol/channels.ts, deskWrites): payments, numbered here. */
export const billingWrites = ['payments.take'] as const satisfies readonly MethodName[];
export type BillingWrite = (typeof billingWrites)[number];

/** Who a receipt is printed for (the screen has the patient in front of it). */
const ReceiptPatientSchema = z.object({ name: z.string().trim().min(1).max(200), mrn: z.string().trim().min(1).max(40) }).strict();

export const billingRequests = {
  'billing.account': hostRequest<AccountView>()({
    owner: 'billing',
    summary: 'A patient\'s charges and invoices (charges.forPatient, invoices.get of each invoice named), kept here for offline; offline, the kept copy with the payments taken here since.',
    payload: z.object({ patientId: UuidSchema }).strict(),
  }),
  'billing.pay': hostRequest<PaymentOutcome>()({
    owner: 'billing',
    summary: 'payments.take in the open shift, the receipt printed at once; offline, numbered from this desk\'s own series (final at once) and queued with offlineReceipt.',
    payload: methods['payments.take'].params.omit({ offlineReceipt: true }).extend({ patient: ReceiptPatientSchema }).strict(),
  }),
  'billing.printReceipt': hostRequest<PrintResult>()({
    owner: 'billing',
    summary: 'A receipt issued at this desk, printed again on the receipt printer (marked as a reprint).',
    payload: z.object({ receiptNumber: z.string().trim().min(1).max(60), patient: ReceiptPatientSchema }).strict(),
  }),
  'billing.refund': hostRequest<ReceiptView>()({
    owner: 'billing',
    summary: 'payments.refund with a supervisor\'s approval typed on this screen (online only: the approval is checked by the server).',
    payload: methods['payments.refund'].params.extend({ patientId: UuidSchema }).strict(),
  }),
  'billing.shift': hostRequest<ShiftStateView>()({
    owner: 'billing',
    summary: 'The cashier\'s shift as this desk keeps it (opened here), with the cash it took and gave back.',
    payload: NoPayload,
  }),
  'billing.openShift': hostRequest<ShiftStateView>()({
    owner: 'billing',
    summary: 'shifts.open with a float (online only), kept here so payments offline still belong to it.',
    payload: methods['shifts.open'].params.strict(),
  }),
  'billing.closeShift': hostRequest<ShiftStateView>()({
    owner: 'billing',
    summary: 'shifts.close with the cash counted by denomination (online only: the server counts what the shift took), the shift report printed at once on the page printer.',
    payload: methods['shifts.close'].params.strict(),
  }),
} as const;

export const billingEvents = {
  'billing.receipts': hostEvent<{ patientId: string }>()({ owner: 'billing', summary: 'A receipt of this patient reached the server or was refused on replay: screens read the account again.' }),
} as const;
