import type { Strength } from './formulary.js';
import { DOSE_FORMS, MASS_UNITS } from './medication-terms.js';
import type { AmountUnit, DoseForm, DoseUnit, MassUnit } from './medication-terms.js';
import type { DoseBand } from './safety-rules.js';

/**
 * Dose arithmetic. Amounts are compared in millionths of the limit's unit (integers), so
 * float noise (0.1 + 0.2) never decides whether a dose is over a maximum: a dose exactly at
 * the limit, however it was written (1 g, 1000 mg, two 500 mg tablets), is never over it.
 */

const MASS_IN_MICROGRAMS: Readonly<Record<MassUnit, number>> = { mcg: 1, mg: 1_000, g: 1_000_000 };

function isMass(unit: string): unit is MassUnit {
  return (MASS_UNITS as readonly string[]).includes(unit);
}

/** Millionths of a unit, as an integer: the resolution every comparison uses. */
export function toMicro(amount: number): number {
  return Math.round(amount * 1_000_000);
}

/** Rounded to the comparison resolution (six decimal places). */
export function roundDose(amount: number): number {
  return toMicro(amount) / 1_000_000;
}

/** Converts between units of one kind (mass to mass; units and mmol only to themselves); undefined across kinds. */
export function convertAmount(amount: number, from: AmountUnit, to: AmountUnit): number | undefined {
  if (from === to) return amount;
  // Not rounded here: a sub-microgram amount written in grams would lose itself; comparisons round.
  if (isMass(from) && isMass(to)) return (amount * MASS_IN_MICROGRAMS[from]) / MASS_IN_MICROGRAMS[to];
  return undefined;
}

export type DoseAmount = { ok: true; amount: number } | { ok: false; reason: string };

/**
 * How much of the main ingredient a dose is, in the limit's unit: directly for an amount, through
 * the product's strength for a count of its pieces (tablets, puffs, vials) or a volume of a liquid.
 */
export function doseAmount(product: { strength: Strength | null; form: DoseForm }, dose: number, doseUnit: DoseUnit, limitUnit: AmountUnit): DoseAmount {
  if (doseUnit === 'mL' || (DOSE_FORMS[product.form].presentation as string) === doseUnit) {
    const strength = product.strength;
    if (strength === null) return { ok: false, reason: `the product's strength is not a single amount` };
    const perPiece = doseUnit === 'mL' ? (strength.perMl === undefined ? undefined : strength.amount / strength.perMl) : strength.perMl === undefined ? strength.amount : undefined;
    if (perPiece === undefined) return { ok: false, reason: `a dose in ${doseUnit} does not fit a ${product.form}` };
    const amount = convertAmount(dose * perPiece, strength.unit, limitUnit);
    return amount === undefined ? { ok: false, reason: `the strength is in ${strength.unit}, the maximum in ${limitUnit}` } : { ok: true, amount: roundDose(amount) };
  }
  if (doseUnit === 'mcg' || doseUnit === 'mg' || doseUnit === 'g' || doseUnit === 'unit' || doseUnit === 'mmol') {
    const amount = convertAmount(dose, doseUnit, limitUnit);
    return amount === undefined ? { ok: false, reason: `a dose in ${doseUnit} cannot be compared with a maximum in ${limitUnit}` } : { ok: true, amount };
  }
  return { ok: false, reason: `a dose in ${doseUnit} does not fit a ${product.form}` };
}

/** One maximum with how it was reached, for the alert's words. */
export interface DoseLimit {
  amount: number;
  /** Set when the limit came from the weight: mg/kg and the weight used. */
  perKg?: { perKg: number; weightKg: number };
}

export interface BandLimits {
  single?: DoseLimit;
  daily?: DoseLimit;
  /** The band has per-kg maxima but no weight was given: they could not be applied. */
  missingWeight: boolean;
}

function tighter(absolute: number | undefined, perKg: number | undefined, weightKg: number | null): DoseLimit | undefined {
  const fromWeight = perKg !== undefined && weightKg !== null ? { amount: roundDose(perKg * weightKg), perKg: { perKg, weightKg } } : undefined;
  const fixed = absolute === undefined ? undefined : { amount: absolute };
  if (fromWeight === undefined) return fixed;
  if (fixed === undefined) return fromWeight;
  return toMicro(fromWeight.amount) <= toMicro(fixed.amount) ? fromWeight : fixed;
}

/** A band's single and daily maxima for a weight: the per-kg figure, capped by the absolute one. */
export function bandLimits(band: DoseBand, weightKg: number | null): BandLimits {
  return {
    single: tighter(band.maxSingle, band.maxSinglePerKg, weightKg),
    daily: tighter(band.maxDaily, band.maxDailyPerKg, weightKg),
    missingWeight: weightKg === null && (band.maxSinglePerKg !== undefined || band.maxDailyPerKg !== undefined),
  };
}

/** Whether `amount` is over `limit` at the comparison resolution. */
export function exceeds(amount: number, limit: number): boolean {
  return toMicro(amount) > toMicro(limit);
}

/** `1000 mg`, `0.1995 mg`, `2 g`: a number as people write it (no float noise, no trailing zeros). */
export function formatAmount(amount: number, unit: string): string {
  const rounded = roundDose(amount);
  const text = Number.isInteger(rounded) ? String(rounded) : String(Number(rounded.toPrecision(6)));
  return `${text} ${unit === 'unit' && rounded !== 1 ? 'units' : unit}`;
}
