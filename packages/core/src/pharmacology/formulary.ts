import { z } from 'zod';
import { text } from '../common.js';
import { DRUG_CLASSES } from './drug-classes.js';
import type { DrugClass } from './drug-classes.js';
import { AMOUNT_UNITS, DOSE_FORM_NAMES, ROUTE_CODES } from './medication-terms.js';
import type { AmountUnit, DoseForm, Route } from './medication-terms.js';

/** A generic's code: its INN in lower case with underscores (`amoxicillin`, `sulfamethoxazole_trimethoprim`). */
export const GenericCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{1,79}$/, 'lower-case letters, digits and underscores');
export const DrugClassSchema = z.enum(DRUG_CLASSES as [DrugClass, ...DrugClass[]]);
export const RouteSchema = z.enum(ROUTE_CODES as [Route, ...Route[]]);
export const DoseFormSchema = z.enum(DOSE_FORM_NAMES as [DoseForm, ...DoseForm[]]);
export const AmountUnitSchema = z.enum(AMOUNT_UNITS);

/**
 * How much of the main ingredient one unit of presentation holds: `500 mg` per tablet, or
 * `250 mg` per `5 mL`. Dose checks convert a dose through it; null when the product's
 * strength is not a single amount (a cream's percentage is written in `text` only).
 */
export const StrengthSchema = z.object({
  amount: z.number().positive(),
  unit: AmountUnitSchema,
  perMl: z.number().positive().optional(),
});
export type Strength = z.infer<typeof StrengthSchema>;

/** One product of the formulary: a generic in one strength, form and route set. */
export const FormularyDrugSchema = z.object({
  /** Stable, human-readable product code (`amoxicillin-500mg-capsule`). */
  code: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,119}$/),
  generic: GenericCodeSchema,
  /** The ingredients' generic codes for a fixed-dose combination (its first is the one `strength` measures). */
  components: z.array(GenericCodeSchema).max(6).default([]),
  /** The INN as written for people (`amoxicillin + clavulanic acid`). */
  genericName: text(160),
  /** The strength as printed (`500 mg`, `250 mg/5 mL`, `1%`, `400 mg + 80 mg`). */
  strengthText: text(80),
  strength: StrengthSchema.nullable(),
  form: DoseFormSchema,
  routes: z.array(RouteSchema).min(1).max(6),
  classes: z.array(DrugClassSchema).max(20),
  active: z.boolean().default(true),
});
export type FormularyDrugInput = z.input<typeof FormularyDrugSchema>;
export type FormularyDrugData = z.output<typeof FormularyDrugSchema>;

/** A formulary drug as the engine and the wire see it: the data with its id and version. */
export interface FormularyDrug extends FormularyDrugData {
  /** The server's id (a uuid); the seed uses the code. */
  id: string;
  version: number;
}

/** The product's name in full (`Amoxicillin 500 mg capsule`). */
export function drugDisplayName(drug: Pick<FormularyDrugData, 'genericName' | 'strengthText' | 'form'>): string {
  const name = drug.genericName.charAt(0).toUpperCase() + drug.genericName.slice(1);
  return `${name} ${drug.strengthText} ${drug.form}`;
}

/** The generic codes a product contains: its own, and its components for a combination. */
export function ingredientsOf(drug: Pick<FormularyDrugData, 'generic' | 'components'>): readonly string[] {
  return drug.components.length === 0 ? [drug.generic] : [drug.generic, ...drug.components];
}

const AMOUNT = String.raw`(\d+(?:\.\d+)?)\s*(mcg|mg|g|units?|mmol)`;
const SINGLE = new RegExp(String.raw`^${AMOUNT}(?:\s*/\s*(\d+(?:\.\d+)?)?\s*mL)?$`);
const COMBINATION = new RegExp(String.raw`^${AMOUNT}(?:\s*\+\s*\d+(?:\.\d+)?\s*(?:mcg|mg|g|units?|mmol))+(?:\s*/\s*(\d+(?:\.\d+)?)?\s*mL)?$`);

/**
 * Reads a printed strength: `500 mg`, `250 mg/5 mL`, `1 mg/mL`, `100 units/mL`, or a
 * combination `400 mg + 80 mg` (measured by its first ingredient). Percentages and other
 * forms give null: those products are not dose-checked by amount.
 */
export function parseStrength(text: string): Strength | null {
  // `100 mcg/dose` is per puff: the same as a per-piece strength.
  const written = text.trim().replace(/\s*\/\s*dose$/, '');
  const match = SINGLE.exec(written) ?? COMBINATION.exec(written);
  if (match === null) return null;
  const amount = Number(match[1]);
  const unit = (match[2]!.startsWith('unit') ? 'unit' : match[2]) as AmountUnit;
  const perMlGroup = match[3];
  const hasPerMl = /\/\s*(\d+(?:\.\d+)?)?\s*mL$/.test(written);
  if (!hasPerMl) return { amount, unit };
  return { amount, unit, perMl: perMlGroup === undefined ? 1 : Number(perMlGroup) };
}
