import { z } from 'zod';
import { InstantSchema, UuidSchema, text, wireString } from '../common.js';
import { defineMethod } from './method.js';
import type { MethodSpec } from './method.js';
import {
  ApprovalSchema, BILLING_DESK_ROLES, BILLING_SUPERVISOR_ROLES, COVERAGE_ROLES, MinorSchema, SERVICE_CATEGORIES, ServiceCodeSchema,
} from './billing.js';

/**
 * Insurance (issue 15): payers, their schemes and rules, a patient's coverage, claims batched
 * per payer and period, and remittances posted against them.
 *
 * - billing_supervisor keeps payers and schemes, makes and submits claims;
 * - cashiers and receptionists read payers and schemes and record a patient's coverage;
 * - remittances are posted by a cashier or supervisor; writing a rejection off needs a billing
 *   supervisor's approval (a cashier's screen takes the supervisor's credentials).
 * A scheme's rules are versioned: a correction is a new version, and an invoice keeps the
 * version it was split by. Coverage corrections supersede; nothing is overwritten.
 */
export const PAYER_KINDS_SAVED = ['insurance', 'corporate'] as const;
export const CLAIM_STATUSES = ['draft', 'submitted', 'partly_paid', 'paid', 'closed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
/** What happens to a rejected payer share: back on the patient's balance, or written off (approval needed). */
export const REJECTION_DISPOSITIONS = ['patient', 'write_off'] as const;

/** A payer code: capital letters, digits, dots, dashes or underscores, as price lists name it. */
const CodeSchema = wireString(40, { trim: true }).regex(/^[A-Z0-9][A-Z0-9._-]*$/, 'is capital letters, digits, dots, dashes or underscores');

export const SchemeRuleSchema = z.discriminatedUnion('kind', [
  /** The patient pays a fixed amount per invoice (at most what is covered), the payer the rest. */
  z.object({ kind: z.literal('copay_fixed'), copayMinor: MinorSchema }),
  /** The patient pays this share of every covered line (basis points: 1 % = 100). */
  z.object({ kind: z.literal('coinsurance'), patientBasisPoints: z.number().int().min(0).max(10_000) }),
  z.object({ kind: z.literal('full_cover') }),
]);

export const InsurancePayerSchema = z.object({
  id: UuidSchema,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['cash', 'insurance', 'corporate']),
  active: z.boolean(),
  /** Revision of name/active: 1 when saved first, up by one on every save. */
  revision: z.number().int(),
});

export const SchemeSchema = z.object({
  /** The scheme (stable across versions): what coverage names. */
  id: UuidSchema,
  /** This version's id: what an invoice split by it keeps. */
  versionId: UuidSchema,
  version: z.number().int(),
  payerId: UuidSchema,
  payerName: z.string(),
  code: z.string(),
  name: z.string(),
  rule: SchemeRuleSchema,
  /** A member's limit per calendar year (the hospital's), payer shares summed; null when unlimited. */
  annualLimitMinor: MinorSchema.nullable(),
  excludedServices: z.array(z.string()),
  excludedCategories: z.array(z.enum(SERVICE_CATEGORIES)),
  preAuthorisationRequired: z.boolean(),
  active: z.boolean(),
  savedAt: InstantSchema,
  savedByName: z.string(),
});
export type Scheme = z.infer<typeof SchemeSchema>;

export const CoverageSchema = z.object({
  id: UuidSchema,
  patientId: UuidSchema,
  schemeId: UuidSchema,
  schemeName: z.string(),
  payerId: UuidSchema,
  payerName: z.string(),
  memberNumber: z.string(),
  validFrom: InstantSchema,
  validTo: InstantSchema.nullable(),
  preAuthorisation: z.string().nullable(),
  /** The coverage this one corrects (a correction supersedes, it never overwrites). */
  supersedes: UuidSchema.nullable(),
  /** Set when a later coverage corrected this one: it no longer applies. */
  supersededBy: UuidSchema.nullable(),
  recordedAt: InstantSchema,
  recordedByName: z.string(),
});

export const ClaimItemSchema = z.object({
  invoiceId: UuidSchema,
  invoiceNumber: z.string(),
  issuedAt: InstantSchema,
  patientId: UuidSchema,
  memberNumber: z.string(),
  claimedMinor: z.number().int(),
  paidMinor: z.number().int(),
  rejectedMinor: z.number().int(),
  /** Of the rejected: moved back to the patient's balance, and written off. */
  movedToPatientMinor: z.number().int(),
  writtenOffMinor: z.number().int(),
});

export const ClaimSchema = z.object({
  id: UuidSchema,
  number: z.string(),
  payerId: UuidSchema,
  payerName: z.string(),
  periodFrom: InstantSchema,
  periodTo: InstantSchema,
  /** draft until submitted; partly_paid once something is settled; paid when all was paid; closed when all is settled with some rejected. */
  status: z.enum(CLAIM_STATUSES),
  claimedMinor: z.number().int(),
  paidMinor: z.number().int(),
  rejectedMinor: z.number().int(),
  items: z.array(ClaimItemSchema),
  createdAt: InstantSchema,
  createdByName: z.string(),
  submittedAt: InstantSchema.nullable(),
});

const SchemeSaveSchema = z.object({
  /** The scheme a new version is saved for; a new scheme when omitted. */
  id: UuidSchema.optional(),
  payerId: UuidSchema,
  code: CodeSchema,
  name: text(200),
  rule: SchemeRuleSchema,
  annualLimitMinor: MinorSchema.nullable(),
  excludedServices: z.array(ServiceCodeSchema).max(500).default([]),
  excludedCategories: z.array(z.enum(SERVICE_CATEGORIES)).max(SERVICE_CATEGORIES.length).default([]),
  preAuthorisationRequired: z.boolean().default(false),
  active: z.boolean().default(true),
});

export const insuranceMethods = {
  'payers.list': defineMethod({
    params: z.object({ includeInactive: z.boolean().default(false) }),
    result: z.object({ payers: z.array(InsurancePayerSchema) }),
    access: COVERAGE_ROLES,
    writes: false,
    summary: 'Payers (the cash payer, insurers, corporate accounts), by name.',
  }),
  'payers.save': defineMethod({
    params: z.object({
      /** The payer a new revision is saved for; a new payer when omitted. Its code and kind never change. */
      id: UuidSchema.optional(),
      code: CodeSchema,
      name: text(200),
      kind: z.enum(PAYER_KINDS_SAVED),
      active: z.boolean().default(true),
    }),
    result: z.object({ payer: InsurancePayerSchema }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: true,
    summary: 'Adds an insurer or corporate account, or saves a new revision of one (name, active); earlier revisions are kept.',
  }),
  'schemes.list': defineMethod({
    params: z.object({ payerId: UuidSchema.optional(), includeInactive: z.boolean().default(false) }),
    result: z.object({ schemes: z.array(SchemeSchema) }),
    access: COVERAGE_ROLES,
    writes: false,
    summary: 'Schemes with the rules of their latest version.',
  }),
  'schemes.save': defineMethod({
    params: SchemeSaveSchema,
    result: z.object({ scheme: SchemeSchema }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: true,
    summary: 'A new scheme or a new version of one (co-pay or co-insurance, annual limit, exclusions, pre-authorisation); invoices keep the version they were split by.',
  }),
  'coverage.set': defineMethod({
    params: z.object({
      patientId: UuidSchema,
      schemeId: UuidSchema,
      memberNumber: text(60),
      validFrom: InstantSchema,
      validTo: InstantSchema.optional(),
      preAuthorisation: text(60).optional(),
      /** A correction: the coverage this one replaces (of the same patient). */
      supersedes: UuidSchema.optional(),
    }),
    result: z.object({ coverage: CoverageSchema }),
    access: COVERAGE_ROLES,
    writes: true,
    summary: 'Records a patient\'s coverage by a scheme (member number, validity, pre-authorisation), or corrects one by superseding it.',
  }),
  'coverage.list': defineMethod({
    params: z.object({ patientId: UuidSchema, includeSuperseded: z.boolean().default(false) }),
    result: z.object({ coverages: z.array(CoverageSchema) }),
    access: COVERAGE_ROLES,
    writes: false,
    summary: 'A patient\'s coverages, newest first. Audited read.',
  }),
  'claims.create': defineMethod({
    params: z.object({ payerId: UuidSchema, periodFrom: InstantSchema, periodTo: InstantSchema }),
    result: z.object({ claim: ClaimSchema }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: true,
    summary: 'Batches the payer\'s shares of the invoices issued in [periodFrom, periodTo) not yet claimed into a draft claim (number CLM-...); a share is claimed once.',
  }),
  'claims.list': defineMethod({
    params: z.object({ payerId: UuidSchema.optional(), status: z.enum(CLAIM_STATUSES).optional() }),
    result: z.object({ claims: z.array(ClaimSchema.omit({ items: true }).extend({ invoices: z.number().int() })) }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'Claims, newest first, without their items.',
  }),
  'claims.get': defineMethod({
    params: z.object({ claimId: UuidSchema }),
    result: z.object({ claim: ClaimSchema }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'A claim with its items and what was paid and rejected of each. Audited read.',
  }),
  'claims.submit': defineMethod({
    params: z.object({ claimId: UuidSchema }),
    result: z.object({ claim: ClaimSchema }),
    access: BILLING_SUPERVISOR_ROLES,
    writes: true,
    summary: 'Marks a draft claim as sent to the payer.',
  }),
  'claims.export': defineMethod({
    params: z.object({ claimId: UuidSchema, format: z.literal('csv') }),
    result: z.object({ filename: z.string(), contentType: z.literal('text/csv'), text: z.string() }),
    access: BILLING_DESK_ROLES,
    writes: false,
    summary: 'The claim as CSV: one row per service line (member number, invoice number and date, service, amount, payer share). Audited read.',
  }),
  'claims.postRemittance': defineMethod({
    params: z.object({
      claimId: UuidSchema,
      reference: text(100),
      items: z.array(z.object({
        invoiceId: UuidSchema,
        paidMinor: MinorSchema,
        rejectedMinor: MinorSchema,
        /** Required when something is rejected: where it goes, and why. */
        rejection: z.object({ disposition: z.enum(REJECTION_DISPOSITIONS), reason: text(200) }).optional(),
      })).min(1).max(2000),
      /** A billing supervisor's credentials on a cashier's screen, for a write-off. */
      approval: ApprovalSchema.optional(),
    }),
    result: z.object({ claim: ClaimSchema }),
    access: BILLING_DESK_ROLES,
    writes: true,
    summary: 'Posts a payer\'s remittance against a submitted claim: paid and rejected per invoice, never more than claimed; rejections go back to the patient or are written off with approval.',
  }),
} as const satisfies Record<string, MethodSpec>;
