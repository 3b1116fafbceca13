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

/** Why an offline payment replayed into the conflicts inbox: kept as money received, for a person to settle. */
export const PAYMENT_FLAG_REASONS = ['overpayment', 'invoice_void'] as const;
export type PaymentFlagReason = (typeof PAYMENT_FLAG_REASONS)[number];

/** The coverage an insured invoice was split by (its scheme's version as it was then). */
export const InvoiceCoverageSchema = z.object({
  coverageId: UuidSchema,
  schemeId: UuidSchema,
  schemeVersionId: UuidSchema,
  schemeName: z.string(),
  payerName: z.string(),
  memberNumber: z.string(),
  preAuthorisation: z.string().nullable(),
  /** What the member's annual limit took back from the payer onto the patient. */
  overLimitMinor: z.number().int(),
});

/**
 * Money in (`payment`: against an invoice, or a deposit when `invoiceId` is null) or out
 * (`refund`, of `refundOf`). Amounts are positive either way; a refund's number is RFD-.
 */
export const PaymentSchema = z.object({
  id: UuidSchema,
  kind: z.enum(['payment', 'refund']),
  /** RCT-2026-000042, a desk's offline CSH1-RCT-2026-000007, or a refund's RFD-2026-000003. */
  receiptNumber: z.string(),
  patientId: UuidSchema,
  invoiceId: UuidSchema.nullable(),
  shiftId: UuidSchema,
  method: z.enum(PAYMENT_METHODS),
  amountMinor: MinorSchema,
  /** Cash handed over (cash only; null otherwise). */
  tenderedMinor: MinorSchema.nullable(),
  changeMinor: MinorSchema,
  reference: z.string().nullable(),
  takenAt: InstantSchema,
  recordedAt: InstantSchema,
  takenByName: z.string(),
  /** The desk whose own series numbered it offline; null when the server numbered it. */
  offlineDeskCode: z.string().nullable(),
  /** A refund: the payment refunded, its reason and the supervisor who approved it. */
  refundOf: UuidSchema.nullable(),
  reason: z.string().nullable(),
  approvedByName: z.string().nullable(),
  /** A payment: what has been refunded of it so far. */
  refundedMinor: MinorSchema,
  /** A deposit: what of it is still to apply (amount less refunds and applications); 0 for others. */
  unappliedMinor: MinorSchema,
  /** Set when an offline payment replayed into a conflict (kept, flagged for a person). */
  flags: z.array(z.enum(PAYMENT_FLAG_REASONS)),
});
export type Payment = z.infer<typeof PaymentSchema>;

/** Something that lowers what an invoice's patient owes, approved by a second person. */
export const INVOICE_ADJUSTMENT_KINDS = ['credit_note', 'discount', 'write_off'] as const;
export const InvoiceAdjustmentSchema = z.object({
  id: UuidSchema,
  invoiceId: UuidSchema,
  kind: z.enum(INVOICE_ADJUSTMENT_KINDS),
  /** Every adjustment is a credit note document: CRN-2026-000012. */
  number: z.string(),
  amountMinor: MinorSchema,
  /** A credit note's charges (reversed at their patient share); empty for a discount or write-off. */
  chargeIds: z.array(UuidSchema),
  reason: z.string(),
  at: InstantSchema,
  byName: z.string(),
  approvedByName: z.string().nullable(),
});

/** A deposit put towards an invoice. */
export const DepositApplicationSchema = z.object({ id: UuidSchema, depositId: UuidSchema, invoiceId: UuidSchema, amountMinor: MinorSchema, at: InstantSchema });

export const PaymentConflictSchema = z.object({
  id: UuidSchema,
  reason: z.enum(PAYMENT_FLAG_REASONS),
  /** An overpayment: by how much the payment passed the invoice's balance at replay. */
  excessMinor: MinorSchema,
  payment: PaymentSchema,
  detectedAt: InstantSchema,
  resolvedAt: InstantSchema.nullable(),
  resolvedByName: z.string().nullable(),
  resolution: z.string().nullable(),
});

export const DenominationCountSchema = z.object({ valueMinor: MinorSchema.min(1), count: z.number().int().min(0).max(100_000) });

/** A shift's takings: running while open, kept on the shift when it closes (the shift report). */
export const ShiftTotalsSchema = z.object({
  byMethod: z.array(z.object({ method: z.enum(PAYMENT_METHODS), payments: z.number().int(), paymentsMinor: z.number().int(), refunds: z.number().int(), refundsMinor: z.number().int() })),
  payments: z.number().int(),
  paymentsMinor: z.number().int(),
  refunds: z.number().int(),
  refundsMinor: z.number().int(),
  /** Invoices voided by the cashier in the shift. */
  voids: z.number().int(),
  cashInMinor: z.number().int(),
  cashOutMinor: z.number().int(),
  /** Float + cash in - cash out: what the drawer should hold now. */
  expectedCashMinor: z.number().int(),
});

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
  /** The count by denomination at close; null while open. */
  counts: z.array(DenominationCountSchema).nullable(),
  totals: ShiftTotalsSchema,
});

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
  /** Null for a cash invoice. */
  coverage: InvoiceCoverageSchema.nullable(),
  /** Payer shares the payer rejected and that went back on the patient's balance (remittances). */
  movedToPatientMinor: z.number().int(),
  /** Payments and applied deposits, less their refunds. */
  paidMinor: z.number().int(),
  /** Credit notes, discounts and write-offs. */
  creditedMinor: z.number().int(),
  /** patientMinor + movedToPatient - paid - credited (0 once void and unpaid); negative when an offline replay overpaid. */
  balanceMinor: z.number().int(),
  voidedAt: InstantSchema.nullable(),
  voidReason: z.string().nullable(),
  payments: z.array(PaymentSchema),
  depositsApplied: z.array(DepositApplicationSchema),
  adjustments: z.array(InvoiceAdjustmentSchema),
  lines: z.array(InvoiceLineSchema),
  charges: z.array(ChargeSchema),
  issuedAt: InstantSchema,
  issuedByName: z.string(),
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
    params: z.object({
      patientId: UuidSchema,
      visitId: UuidSchema.optional(),
      kind: z.enum(INVOICE_KINDS),
      /** The coverage to split by (it must be valid now); null for cash; omitted: the patient's coverage valid now, else cash. */
      coverageId: UuidSchema.nullable().optional(),
    }),
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
      /** The invoice paid (in part or whole, never past its balance online); omitted for a deposit held on the patient's account. */
      invoiceId: UuidSchema.optional(),
      method: z.enum(PAYMENT_METHODS),
      /** What is paid (cash: what is kept, the change excluded). */
      amountMinor: MinorSchema.min(1),
      /** Cash handed over, for the change (cash only; the amount itself when omitted). */
      tenderedMinor: MinorSchema.optional(),
      /** The card terminal's or mobile money's reference (required for those), or the bank's. */
      reference: text(100).optional(),
      /** A payment taken offline: the receipt number the desk printed from its own series, kept as the payment's. */
      offlineReceipt: z.object({ deskCode: wireString(8).regex(DESK_CODE_PATTERN, 'is 2 to 8 capital letters or digits'), number: text(40), takenAt: InstantSchema }).optional(),
    }),
    result: z.object({
      payment: PaymentSchema,
      /** The invoice's balance after this payment; null for a deposit. */
      balanceMinor: z.number().int().nullable(),
      /** The patient's deposits not yet applied, after this payment. */
      depositBalanceMinor: z.number().int(),
    }),
    access: CASHIER_ROLES,
    writes: true,
    summary: 'A payment in the cashier\'s open shift (CONFLICT no_open_shift without one), with its receipt number and change; replaying an offline receipt answers the same.',
  }),
  'payments.refund': defineMethod({
    params: z.object({
      paymentId: UuidSchema,
      amountMinor: MinorSchema.min(1),
      reason,
      /** How the money goes back; the payment's own method when omitted. */
      method: z.enum(PAYMENT_METHODS).optional(),
      reference: text(100).optional(),
      approval: ApprovalSchema.optional(),
    }),
    result: z.object({ refund: PaymentSchema }),
    access: CASHIER_ROLES,
    writes: true,
    summary: 'Refunds (part of) a payment from the open shift, at most what was paid less earlier refunds (a deposit: less what was applied), approved by a billing supervisor signing in on the same screen.',
  }),
  'payments.forPatient': defineMethod({
    params: z.object({ patientId: UuidSchema }),
    result: z.object({ payments: z.array(PaymentSchema), depositBalanceMinor: z.number().int() }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'A patient\'s payments and refunds, newest first, with their deposits not yet applied. Audited read.',
  }),
  'payments.applyDeposit': defineMethod({
    params: z.object({ invoiceId: UuidSchema, /** At most this much; as much as the deposits and the balance allow when omitted. */ amountMinor: MinorSchema.min(1).optional() }),
    result: z.object({ applications: z.array(DepositApplicationSchema), balanceMinor: z.number().int(), depositBalanceMinor: z.number().int() }),
    access: BILLING_DESK_ROLES,
    writes: true,
    summary: 'Puts the patient\'s deposits (oldest first) towards an invoice, up to its balance; CONFLICT nothing_to_apply when there is no deposit or no balance.',
  }),
  'payments.conflicts': defineMethod({
    params: z.object({ status: z.enum(['open', 'all']).default('open'), limit: LimitSchema.default(100) }),
    result: z.object({ conflicts: z.array(PaymentConflictSchema) }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'The billing conflicts inbox: offline payments replayed past an invoice\'s balance or against a voided invoice, kept as money received. Audited read.',
  }),
  'payments.resolveConflict': defineMethod({
    params: z.object({ conflictId: UuidSchema, resolution: note }),
    result: z.object({ conflict: PaymentConflictSchema }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: true,
    summary: 'A supervisor records how a payment conflict was settled (e.g. the excess refunded); it stays on record.',
  }),
  'shifts.open': defineMethod({
    params: z.object({ floatMinor: MinorSchema }),
    result: z.object({ shift: ShiftSchema }),
    access: CASHIER_ROLES,
    writes: true,
    summary: 'Opens the cashier\'s shift with a float; a cashier has at most one open shift (CONFLICT shift_already_open).',
  }),
  'shifts.close': defineMethod({
    params: z.object({ shiftId: UuidSchema, counts: z.array(DenominationCountSchema).max(40), varianceNote: note.optional() }),
    result: z.object({ shift: ShiftSchema }),
    access: CASHIER_ROLES,
    writes: true,
    summary: 'Closes the cashier\'s own shift with the cash counted by denomination; a variance needs a note; the totals stay on the shift for its report.',
  }),
  'shifts.current': defineMethod({
    params: z.object({}).optional().default({}),
    result: z.object({ shift: ShiftSchema.nullable() }),
    access: CASHIER_ROLES,
    writes: false,
    summary: 'The caller\'s open shift with its running totals, or null.',
  }),
  'shifts.list': defineMethod({
    params: z.object({ status: z.enum(['open', 'closed']).default('open'), limit: LimitSchema.default(100) }),
    result: z.object({ shifts: z.array(ShiftSchema) }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: false,
    summary: 'Every cashier\'s open shifts with running totals (or the latest closed ones), for the supervisor.',
  }),
  'shifts.get': defineMethod({
    params: z.object({ shiftId: UuidSchema }),
    result: z.object({ shift: ShiftSchema }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'One shift with its totals (the shift report); a cashier reads only their own.',
  }),
  'invoices.adjust': defineMethod({
    params: z.object({
      invoiceId: UuidSchema,
      kind: z.enum(INVOICE_ADJUSTMENT_KINDS),
      /** A credit note: the invoiced charges it reverses (each at most once). */
      chargeIds: z.array(UuidSchema).min(1).max(500).optional(),
      /** A discount or write-off: how much; never past the balance. */
      amountMinor: MinorSchema.min(1).optional(),
      reason,
      approval: ApprovalSchema.optional(),
    }),
    result: z.object({ adjustment: InvoiceAdjustmentSchema, invoice: InvoiceSchema }),
    access: BILLING_DESK_ROLES,
    writes: true,
    summary: 'A credit note (CRN-) reversing invoiced charges, a discount or a write-off on an invoice, at most its balance, with a reason; a cashier needs a supervisor\'s approval.',
  }),
  'invoices.void': defineMethod({
    params: z.object({ invoiceId: UuidSchema, reason, approval: ApprovalSchema.optional() }),
    result: z.object({ invoice: InvoiceSchema }),
    access: BILLING_DESK_ROLES,
    writes: true,
    summary: 'Voids an invoice nothing is paid or credited on, with a reason; a cashier needs a supervisor\'s approval.',
  }),
} as const satisfies Record<string, MethodSpec>;
