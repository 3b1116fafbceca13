import { z } from 'zod';
import { InstantSchema, LimitSchema, UuidSchema, text, wireString } from '../common.js';
import { FormularyDrugSchema } from '../pharmacology/formulary.js';
import { SafetyRuleSchema, RULE_KINDS } from '../pharmacology/safety-rules.js';
import type { Role } from '../roles.js';
import { defineMethod } from './method.js';

/**
 * The formulary and the drug-safety rules.
 *
 * Who may do what:
 * - doctor, nurse, pharmacist, admin: search and read the formulary and the rules (the desks
 *   cache both to check prescriptions offline);
 * - storekeeper: search it (to name a drug received into stock);
 * - pharmacist and admin: add and edit drugs (each edit a new version, never an overwrite);
 * - pharmacist: add and edit rules (each edit a new version of the rule and of the rule set).
 * Receptionists and cashiers have no part in prescribing. Every change is announced as
 * `reference.changed` (kind `formulary` or `drug_rules`) to every signed-in desk.
 */
export const FORMULARY_READ_ROLES = ['doctor', 'nurse', 'pharmacist', 'admin'] as const satisfies readonly Role[];
/** Storekeepers search the formulary too, to name what they receive (a drug not stocked before); the rules and versions stay clinical. */
export const FORMULARY_SEARCH_ROLES = [...FORMULARY_READ_ROLES, 'storekeeper'] as const satisfies readonly Role[];
export const FORMULARY_EDIT_ROLES = ['pharmacist', 'admin'] as const satisfies readonly Role[];
export const RULES_EDIT_ROLES = ['pharmacist'] as const satisfies readonly Role[];

export const DrugSchema = FormularyDrugSchema.extend({
  id: UuidSchema,
  version: z.number().int().positive(),
  /** `Amoxicillin 500 mg capsule`. */
  name: z.string(),
  source: z.enum(['shipped', 'local']),
  updatedAt: InstantSchema,
});
export type Drug = z.infer<typeof DrugSchema>;

export const StoredRuleSchema = z.object({
  id: UuidSchema,
  version: z.number().int().positive(),
  source: z.enum(['shipped', 'local']),
  updatedAt: InstantSchema,
  rule: SafetyRuleSchema,
});
export type StoredRule = z.infer<typeof StoredRuleSchema>;

const VersionSchema = z.object({
  version: z.number().int().positive(),
  source: z.enum(['shipped', 'local']),
  createdAt: InstantSchema,
  createdBy: z.string().nullable(),
});

/** What a drug is written as in an edit. */
export const DrugInputSchema = FormularyDrugSchema;

export const drugsMethods = {
  'drugs.search': defineMethod({
    summary:
      'Formulary products by name: generic (INN) names, also partly typed or misspelt ("amoxcilin"), with strength and form words ' +
      '("amox 500", "paracetamol syrup"). Active products first; inactive ones only when asked.',
    access: FORMULARY_SEARCH_ROLES,
    writes: false,
    params: z.object({ query: text(100), limit: LimitSchema.default(20), includeInactive: z.boolean().default(false) }),
    result: z.object({ items: z.array(DrugSchema) }),
  }),
  'drugs.get': defineMethod({
    summary: 'One formulary product (its current version), with its earlier versions.',
    access: FORMULARY_READ_ROLES,
    writes: false,
    params: z.object({ id: UuidSchema }),
    result: z.object({ drug: DrugSchema, versions: z.array(VersionSchema.extend({ data: FormularyDrugSchema })) }),
  }),
  'drugs.list': defineMethod({
    summary: 'The whole formulary, a page at a time (by code), with its revision: what a desk caches for offline checks.',
    access: FORMULARY_READ_ROLES,
    writes: false,
    params: z.object({ afterCode: wireString(120).optional(), limit: z.number().int().min(1).max(500).default(200) }),
    result: z.object({ revision: z.number().int().nonnegative(), items: z.array(DrugSchema), nextAfterCode: z.string().optional() }),
  }),
  'drugs.create': defineMethod({
    summary: 'Add a product to the formulary (version 1). CONFLICT when its code is taken.',
    access: FORMULARY_EDIT_ROLES,
    writes: true,
    params: z.object({ drug: DrugInputSchema }),
    result: z.object({ drug: DrugSchema }),
  }),
  'drugs.update': defineMethod({
    summary:
      'A new version of a product (the code stays). `expectedVersion` is the version the editor saw: CONFLICT when another edit came first. ' +
      'Set `active: false` to withdraw a product: it stays readable and is no longer offered.',
    access: FORMULARY_EDIT_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema, expectedVersion: z.number().int().positive(), drug: DrugInputSchema }),
    result: z.object({ drug: DrugSchema }),
  }),
  'drugRules.list': defineMethod({
    summary: 'The current drug-safety rule set (every rule, its version, and the set\'s version): what the check uses and desks cache.',
    access: FORMULARY_READ_ROLES,
    writes: false,
    params: z.object({ kind: z.enum(RULE_KINDS).optional() }).optional().default({}),
    result: z.object({ version: z.number().int().nonnegative(), paediatricAgeBelowYears: z.number(), rules: z.array(StoredRuleSchema) }),
  }),
  'drugRules.history': defineMethod({
    summary: 'Every version of one rule, newest first, with the rule-set version each made.',
    access: FORMULARY_READ_ROLES,
    writes: false,
    params: z.object({ code: text(100) }),
    result: z.object({ versions: z.array(VersionSchema.extend({ ruleSetVersion: z.number().int(), rule: SafetyRuleSchema })) }),
  }),
  'drugRules.save': defineMethod({
    summary:
      'Add a rule (no expectedVersion; CONFLICT if the code is taken) or a new version of one (expectedVersion: the version edited; CONFLICT when stale). ' +
      'Kind and code never change; set `active: false` to retire a rule. Every save raises the rule set\'s version.',
    access: RULES_EDIT_ROLES,
    writes: true,
    params: z.object({ rule: SafetyRuleSchema, expectedVersion: z.number().int().positive().optional() }),
    result: z.object({ rule: StoredRuleSchema, ruleSetVersion: z.number().int().positive() }),
  }),
} as const;
