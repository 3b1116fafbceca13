import { CheckItemSchema, DOSE_FORMS, PrescriptionItemInputSchema } from '@hms/core';
import type { DoseUnit, Drug, Frequency, ParamsIn, Route } from '@hms/core';
import type { z } from 'zod';

/** One line of the prescription builder as the doctor types it: numbers still text, a frequency maybe not chosen yet. */
export interface RxDraftItem {
  /** Stable while the line lives (React key, focus). */
  key: string;
  drug: Drug;
  dose: string;
  doseUnit: DoseUnit;
  route: Route;
  frequency: Frequency | '';
  durationDays: string;
  quantity: string;
  instructions: string;
}

export type CheckItem = z.input<typeof CheckItemSchema>;
export type PrescriptionItem = ParamsIn<'prescriptions.create'>['items'][number];

/** A new line for a drug picked from the formulary: its first route, and a dose of one unit of its strength when it has one. */
export function draftItemFor(drug: Drug, key: string): RxDraftItem {
  const presentation = DOSE_FORMS[drug.form].presentation;
  const perPiece = drug.strength !== null && drug.strength.perMl === undefined && presentation !== 'mL';
  return {
    key,
    drug,
    dose: perPiece && drug.strength !== null ? String(drug.strength.amount) : '',
    doseUnit: drug.strength?.unit ?? presentation,
    route: drug.routes[0] ?? 'oral',
    frequency: '',
    durationDays: '',
    quantity: '',
    instructions: '',
  };
}

function numberOf(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** What the safety check is given of a line, once it has what the check needs (the contract's own schema decides). */
export function checkItemOf(item: RxDraftItem): CheckItem | undefined {
  const parsed = CheckItemSchema.safeParse({ drugId: item.drug.id, dose: numberOf(item.dose), doseUnit: item.doseUnit, route: item.route, frequency: item.frequency === '' ? undefined : item.frequency });
  return parsed.success ? parsed.data : undefined;
}

/** A line as prescriptions.create takes it, or the contract's message for each field still wrong. */
export function prescriptionItemOf(item: RxDraftItem): { ok: true; item: PrescriptionItem } | { ok: false; errors: Partial<Record<keyof RxDraftItem, string>> } {
  const instructions = item.instructions.trim();
  const parsed = PrescriptionItemInputSchema.safeParse({
    drugId: item.drug.id,
    dose: numberOf(item.dose),
    doseUnit: item.doseUnit,
    route: item.route,
    frequency: item.frequency === '' ? undefined : item.frequency,
    durationDays: numberOf(item.durationDays),
    quantity: numberOf(item.quantity),
    ...(instructions === '' ? {} : { instructions }),
  });
  if (parsed.success) return { ok: true, item: parsed.data };
  const errors: Partial<Record<keyof RxDraftItem, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && !(field in errors)) errors[field as keyof RxDraftItem] = issue.code === 'invalid_type' ? 'required' : issue.message;
  }
  return { ok: false, errors };
}
