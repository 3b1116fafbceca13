import { z } from 'zod';
import { InstantSchema, LimitSchema, UuidSchema, passwordString, text, wireString } from '../common.js';
import { DESK_CODE_PATTERN } from '../billing/numbering.js';
import type { Role } from '../roles.js';
import { PASSWORD_MAX_LENGTH } from '../passwords.js';
import { defineMethod } from './method.js';
import type { MethodSpec } from './method.js';

/**
 * Billing and the cashier desk (issue 15).
 *
 * Who may do what:
 * - cashier: reads prices and a patient's charges, adds manual charges, invoices, takes
 *   payments, opens and closes their own shift, records a patient's coverage;
 * - billing_supervisor: all of that but taking payments, plus the service catalogue and price
 *   lists, claims and remittances; a supervisor is also the second person who approves a
 *   cashier's refund, credit or reversal (signing in on the cashier's screen: `approval`);
 * - receptionist: records a patient's coverage at registration;
 * - doctors, nurses and everyone else: no money at all.
 * Every change is audited; reading a patient's charges or invoices is an audited read.
 */
export const BILLING_DESK_ROLES = ['cashier', 'billing_supervisor'] as const satisfies readonly Role[];
export const CASHIER_ROLES = ['cashier'] as const satisfies readonly Role[];
export const BILLING_SUPERVISOR_ROLES = ['billing_supervisor'] as const satisfies readonly Role[];
export const COVERAGE_ROLES = ['receptionist', 'cashier', 'billing_supervisor'] as const satisfies readonly Role[];

/** An amount in the hospital's currency, integer minor units (see money/). */
export const MinorSchema = z.number().int('must be whole minor units').nonnegative('may not be negative').max(1_000_000_000_000, 'is too large');

export const SERVICE_CATEGORIES = ['registration', 'consultation', 'lab', 'imaging', 'procedure', 'drug', 'bed_day', 'other'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** A service's code: what price lists, exclusions and claims name it by. */
export const ServiceCodeSchema = wireString(40, { trim: true }).regex(/^[A-Z0-9][A-Z0-9._-]*$/, 'is capital letters, digits, dots, dashes or underscores');

/** What made a charge; with its id, charged at most once (charges are unique on both). A reversal's source is the charge it reverses. */
export const CHARGE_SOURCES = ['check_in', 'lab_order_item', 'dispensation_line', 'dispensing_return', 'manual', 'reversal'] as const;
export type ChargeSource = (typeof CHARGE_SOURCES)[number];

export const BILLING_PAYER_KINDS = ['cash', 'insurance', 'corporate'] as const;
export const PAYMENT_METHODS = ['cash', 'card', 'mobile_money', 'bank_transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const INVOICE_KINDS = ['interim', 'final'] as const;

/** A supervisor signing in on the cashier's screen to approve; never the caller themself. */
export const ApprovalSchema = z.object({ username: text(100), password: passwordString(PASSWORD_MAX_LENGTH).min(1, 'must not be empty') });

export const ServiceSchema = z.object({
  code: z.string(),
  name: z.string(),
  category: z.enum(SERVICE_CATEGORIES),
  departmentId: UuidSchema.nullable(),
  active: z.boolean(),
});

export const PriceSchema = z.object({
  serviceCode: z.string(),
  /** The price list's payer; the cash list when it is the cash payer. */
  payerId: UuidSchema,
  priceMinor: MinorSchema,
  effectiveFrom: InstantSchema,
  setAt: InstantSchema,
  setByName: z.string(),
  note: z.string().nullable(),
});
export type Price = z.infer<typeof PriceSchema>;

export const BillingPayerSchema = z.object({ id: UuidSchema, code: z.string(), name: z.string(), kind: z.enum(BILLING_PAYER_KINDS) });

export const PricedServiceSchema = ServiceSchema.extend({
  /** The price in force at `at` on the asked payer's list, else on the cash list; null when unpriced. */
  price: PriceSchema.nullable(),
  /** Whether `price` is the asked payer's own or the cash list's, used because the payer has none. */
  fromCashList: z.boolean(),
});

export const ChargeSchema = z.object({
  id: UuidSchema,
  patientId: UuidSchema,
  visitId: UuidSchema.nullable(),
  serviceCode: z.string(),
  description: z.string(),
  category: z.enum(SERVICE_CATEGORIES),
  quantity: z.number().int(),
  unitPriceMinor: MinorSchema,
  /** quantity x unit price: negative for a credit (a return, a reversal). */
  amountMinor: z.number().int(),
  source: z.enum(CHARGE_SOURCES),
  sourceId: z.string(),
  /** A reversal names the charge it reverses. */
  reverses: UuidSchema.nullable(),
  reversedBy: UuidSchema.nullable(),
  invoiceId: UuidSchema.nullable(),
  at: InstantSchema,
  recordedByName: z.string().nullable(),
  note: z.string().nullable(),
});
export type Charge = z.infer<typeof ChargeSchema>;

export const InvoiceLineSchema = z.object({ chargeId: UuidSchema, payerMinor: z.number().int(), patientMinor: z.number().int() });

export const InvoiceSchema = z.object({
  id: UuidSchema,
  number: z.string(),
  kind: z.enum(INVOICE_KINDS),
  patientId: UuidSchema,
  visitId: UuidSchema.nullable(),
  payerId: UuidSchema,
  status: z.enum(['issued', 'void']),
  totalMinor: z.number().int(),
  payerMinor: z.number().int(),
  patientMinor: z.number().int(),
  paidMinor: z.number().int(),
  balanceMinor: z.number().int(),
  lines: z.array(InvoiceLineSchema),
  charges: z.array(ChargeSchema),
  issuedAt: InstantSchema,
  issuedByName: z.string(),
});

export const PaymentSchema = z.object({
  id: UuidSchema,
  receiptNumber: z.string(),
  patientId: UuidSchema,
  invoiceId: UuidSchema.nullable(),
  shiftId: UuidSchema,
  method: z.enum(PAYMENT_METHODS),
  amountMinor: MinorSchema,
  changeMinor: MinorSchema,
  reference: z.string().nullable(),
  takenAt: InstantSchema,
});

export const DenominationCountSchema = z.object({ valueMinor: MinorSchema.min(1), count: z.number().int().min(0).max(100_000) });

export const ShiftSchema = z.object({
  id: UuidSchema,
  cashierId: UuidSchema,
  cashierName: z.string(),
  status: z.enum(['open', 'closed']),
  floatMinor: MinorSchema,
  openedAt: InstantSchema,
  closedAt: InstantSchema.nullable(),
  expectedCashMinor: z.number().int().nullable(),
  countedCashMinor: z.number().int().nullable(),
  varianceMinor: z.number().int().nullable(),
  varianceNote: z.string().nullable(),
});

export const CoverageSchema = z.object({
  id: UuidSchema,
  patientId: UuidSchema,
  schemeId: UuidSchema,
  memberNumber: z.string(),
  validFrom: InstantSchema,
  validTo: InstantSchema.nullable(),
  preAuthorisation: z.string().nullable(),
});

export const ClaimSchema = z.object({
  id: UuidSchema,
  payerId: UuidSchema,
  periodFrom: InstantSchema,
  periodTo: InstantSchema,
  status: z.enum(['draft', 'submitted', 'partly_paid', 'paid', 'rejected']),
  claimedMinor: z.number().int(),
  paidMinor: z.number().int(),
  rejectedMinor: z.number().int(),
  invoiceIds: z.array(UuidSchema),
});

const reason = text(500, { multiline: true });
const note = text(500, { multiline: true });

export const billingMethods = {
  'prices.list': defineMethod({
    params: z.object({
      /** A payer's list (falling back to the cash list per service); the cash list when omitted. */
      payerId: UuidSchema.optional(),
      /** Prices in force at this instant; now when omitted. */
      at: InstantSchema.optional(),
      category: z.enum(SERVICE_CATEGORIES).optional(),
      query: wireString(100, { trim: true }).optional(),
      limit: LimitSchema.default(200),
    }),
    result: z.object({ payer: BillingPayerSchema, at: InstantSchema, items: z.array(PricedServiceSchema) }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'The service catalogue with each service\'s price in force on a payer\'s list (or the cash list) at an instant.',
  }),
  'prices.set': defineMethod({
    params: z.object({
      serviceCode: ServiceCodeSchema,
      /** Defining the service on first use: its name and category (ignored, and must match, once it exists). */
      service: z.object({ name: text(200), category: z.enum(SERVICE_CATEGORIES), departmentId: UuidSchema.optional() }).optional(),
      payerId: UuidSchema.optional(),
      priceMinor: MinorSchema,
      /** From when the price holds; now when omitted. A price is never back-dated before now. */
      effectiveFrom: InstantSchema.optional(),
      note: note.optional(),
    }),
    result: z.object({ service: ServiceSchema, price: PriceSchema }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: true,
    summary: 'A new price for a service on a payer\'s list from a date (defining the service if new). Prices are history: a change never alters an issued charge.',
  }),
  'charges.forPatient': defineMethod({
    params: z.object({ patientId: UuidSchema, visitId: UuidSchema.optional(), uninvoicedOnly: z.boolean().default(false) }),
    result: z.object({ charges: z.array(ChargeSchema), uninvoicedMinor: z.number().int() }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'A patient\'s charges (of one visit, or all), oldest first, with the total not yet invoiced. Audited read.',
  }),
  'charges.add': defineMethod({
    params: z.object({
      patientId: UuidSchema,
      visitId: UuidSchema.optional(),
      serviceCode: ServiceCodeSchema,
      quantity: z.number().int().min(1).max(10_000),
      note: note.optional(),
    }),
    result: z.object({ charge: ChargeSchema }),
    access: BILLING_DESK_ROLES,
    writes: true,
    summary: 'A manual charge by the cashier, at the service\'s cash price in force now.',
  }),
  'charges.reverse': defineMethod({
    params: z.object({ chargeId: UuidSchema, reason, approval: ApprovalSchema.optional() }),
    result: z.object({ reversal: ChargeSchema }),
    access: BILLING_DESK_ROLES,
    writes: true,
    summary: 'Reverses an uninvoiced charge by a new negative charge, with a reason; a cashier needs a supervisor\'s approval.',
  }),
  'invoices.create': defineMethod({
    params: z.object({ patientId: UuidSchema, visitId: UuidSchema.optional(), kind: z.enum(INVOICE_KINDS) }),
    result: z.object({ invoice: InvoiceSchema }),
    access: BILLING_DESK_ROLES,
    writes: true,
    summary: 'Invoices the patient\'s uninvoiced charges (of the visit) under the next gapless number of the year\'s series, split by their coverage.',
  }),
  'invoices.get': defineMethod({
    params: z.object({ invoiceId: UuidSchema }),
    result: z.object({ invoice: InvoiceSchema }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'An invoice with its lines, shares, payments and balance. Audited read.',
  }),
  'payments.take': defineMethod({
    params: z.object({
      patientId: UuidSchema,
      /** The invoice paid; omitted for a deposit applied to later invoices. */
      invoiceId: UuidSchema.optional(),
      method: z.enum(PAYMENT_METHODS),
      amountMinor: MinorSchema.min(1),
      /** Cash handed over, for the change. */
      tenderedMinor: MinorSchema.optional(),
      /** The card terminal's, mobile money's or bank's reference. */
      reference: text(100).optional(),
      /** A payment taken offline: the receipt number the desk printed from its own series. */
      offlineReceipt: z.object({ deskCode: wireString(8).regex(DESK_CODE_PATTERN, 'is 2 to 8 capital letters or digits'), number: text(40), takenAt: InstantSchema }).optional(),
    }),
    result: z.object({ payment: PaymentSchema }),
    access: CASHIER_ROLES,
    writes: true,
    summary: 'A payment in the cashier\'s open shift, with its receipt number and change.',
  }),
  'payments.refund': defineMethod({
    params: z.object({ paymentId: UuidSchema, amountMinor: MinorSchema.min(1), reason, approval: ApprovalSchema }),
    result: z.object({ refund: PaymentSchema }),
    access: CASHIER_ROLES,
    writes: true,
    summary: 'Refunds (part of) a payment from the open shift, approved by a billing supervisor signing in on the same screen.',
  }),
  'shifts.open': defineMethod({
    params: z.object({ floatMinor: MinorSchema }),
    result: z.object({ shift: ShiftSchema }),
    access: CASHIER_ROLES,
    writes: true,
    summary: 'Opens the cashier\'s shift with a float; a cashier has at most one open shift.',
  }),
  'shifts.close': defineMethod({
    params: z.object({ shiftId: UuidSchema, counts: z.array(DenominationCountSchema).max(40), varianceNote: note.optional() }),
    result: z.object({ shift: ShiftSchema }),
    access: CASHIER_ROLES,
    writes: true,
    summary: 'Closes the shift with the cash counted by denomination; a variance needs a note.',
  }),
  'coverage.set': defineMethod({
    params: z.object({
      patientId: UuidSchema,
      schemeId: UuidSchema,
      memberNumber: text(60),
      validFrom: InstantSchema,
      validTo: InstantSchema.optional(),
      preAuthorisation: text(60).optional(),
    }),
    result: z.object({ coverage: CoverageSchema }),
    access: COVERAGE_ROLES,
    writes: true,
    summary: 'Records a patient\'s coverage by a scheme (member number, validity, pre-authorisation).',
  }),
  'claims.create': defineMethod({
    params: z.object({ payerId: UuidSchema, periodFrom: InstantSchema, periodTo: InstantSchema }),
    result: z.object({ claim: ClaimSchema }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: true,
    summary: 'Batches a payer\'s shares of the invoices of a period into one claim.',
  }),
  'claims.postRemittance': defineMethod({
    params: z.object({
      claimId: UuidSchema,
      reference: text(100),
      items: z.array(z.object({ invoiceId: UuidSchema, paidMinor: MinorSchema, rejectedMinor: MinorSchema, reason: text(200).optional() })).min(1).max(2000),
    }),
    result: z.object({ claim: ClaimSchema }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: true,
    summary: 'Posts a payer\'s remittance against a claim: what was paid and rejected per invoice.',
  }),
} as const satisfies Record<string, MethodSpec>;
