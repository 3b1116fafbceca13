import { HmsError, drugDisplayName, substitutionProblem } from '@hms/core';
import type { FormularyDrugData } from '@hms/core';
import type { Knex } from 'knex';

export interface Substitute {
  itemId: string;
  name: string;
  reason: string;
}

interface LineIn {
  prescriptionItemId: string;
  substituteItemId?: string | undefined;
  substitutionReason?: string | undefined;
}

/**
 * Generic substitution: a line may hand out another formulary product of the prescribed
 * item's generic, strength and way of giving (core substitutionProblem), always with a reason. Answers the substitute per prescription item; VALIDATION per line otherwise. Lines
 * naming an item not on the prescription are left to the caller's checks.
 */
export async function substitutesOf(db: Knex, lines: readonly LineIn[], items: ReadonlyMap<string, { drug_id: string; generic: string }>): Promise<Map<string, Substitute>> {
  const problems: Record<string, string> = {};
  const substituted = lines.filter((line) => line.substituteItemId !== undefined);
  // The substitutes and the products they stand in for, in one read.
  const wanted = [...substituted.map((line) => line.substituteItemId!), ...substituted.flatMap((line) => { const item = items.get(line.prescriptionItemId); return item === undefined ? [] : [item.drug_id]; })];
  const drugs: Array<{ id: string; generic: string; active: boolean; data: FormularyDrugData }> = wanted.length === 0 ? [] : await db('drugs').whereIn('id', [...new Set(wanted)]).select('id', 'generic', 'active', 'data');
  const byId = new Map(drugs.map((drug) => [drug.id, drug]));
  const substitutes = new Map<string, Substitute>();
  lines.forEach((line, index) => {
    const reason = line.substitutionReason?.trim() ?? '';
    if (line.substituteItemId === undefined) {
      if (reason !== '') problems[`lines.${index}.substituteItemId`] = 'is required with a substitution reason';
      return;
    }
    const prescribed = items.get(line.prescriptionItemId);
    if (prescribed === undefined) return;
    const drug = byId.get(line.substituteItemId);
    if (drug === undefined) problems[`lines.${index}.substituteItemId`] = 'is not a formulary product';
    else if (drug.id === prescribed.drug_id) problems[`lines.${index}.substituteItemId`] = 'is the prescribed product: no substitution';
    else if (!drug.active) problems[`lines.${index}.substituteItemId`] = 'is no longer in the formulary';
    else {
      const original = byId.get(prescribed.drug_id);
      const problem = original === undefined
        ? `is not a product of ${prescribed.generic}`
        : substitutionProblem({ generic: original.generic, strengthText: original.data.strengthText, form: original.data.form }, { generic: drug.generic, strengthText: drug.data.strengthText, form: drug.data.form });
      if (problem !== undefined) problems[`lines.${index}.substituteItemId`] = problem;
    }
    if (reason === '') problems[`lines.${index}.substitutionReason`] = 'is required when dispensing another product';
    if (drug !== undefined && problems[`lines.${index}.substituteItemId`] === undefined && reason !== '') {
      substitutes.set(line.prescriptionItemId, { itemId: drug.id, name: drugDisplayName(drug.data), reason });
    }
  });
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  return substitutes;
}
