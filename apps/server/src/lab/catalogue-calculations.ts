import { CALCULATION_INPUTS, ageInYears, deriveCalculated } from '@hms/core';
import type { Knex } from 'knex';
import type { AnalyteDefinition, AnalytePatient, AnalyteRules, ReadValue } from './analyte-rules.js';
import { readValue } from './analyte-rules.js';

export interface CalculatedEntry {
  analyte: string;
  comment: string;
  definition: AnalyteDefinition;
  value: ReadValue;
}

/**
 * The test's calculated analytes (eGFR, LDL, anion gap, corrected calcium) whose inputs this
 * entry touched: computed from the values entered now, and for inputs not entered now, from the
 * test's current results, so a corrected input never leaves a stale calculation beside it.
 * Each is stored as a result with its formula's version in the comment; where the formula does
 * not apply (triglycerides above 4.5, a child's eGFR) the result says why and carries no number.
 */
export async function calculatedEntries(
  trx: Knex.Transaction, rules: AnalyteRules, test: { testId: string; testCode: string; patient: AnalytePatient; onDate: string }, entered: ReadonlyArray<readonly [string, number]>,
): Promise<CalculatedEntry[]> {
  const definitions = (rules.analytes(test.testCode) ?? [])
    .map((analyte) => rules.define(test.testCode, analyte, test.patient, test.onDate))
    .filter((definition): definition is AnalyteDefinition & { test: { calculation: NonNullable<AnalyteDefinition['test']['calculation']> } } => definition?.test.calculation !== undefined)
    .filter((definition) => CALCULATION_INPUTS[definition.test.calculation].some((input) => entered.some(([analyte]) => analyte === input)));
  if (definitions.length === 0) return [];
  const stored = (await trx('lab_results').where({ request_test_id: test.testId }).whereNull('superseded_at').whereNotNull('value_numeric')
    .select('analyte', 'value_numeric')) as Array<{ analyte: string; value_numeric: string | number }>;
  const inputs = new Map<string, number>(stored.map((row) => [row.analyte, Number(row.value_numeric)]));
  for (const [analyte, value] of entered) inputs.set(analyte, value);
  const ageYears = test.patient.birthDate === null ? null : ageInYears(test.patient.birthDate, test.onDate);
  return definitions.flatMap((definition) => {
    const derived = deriveCalculated(definition.test.calculation, inputs, { sex: test.patient.sex, ageYears });
    if (derived === undefined) return [];
    const value: ReadValue = derived.ok
      ? readValue(definition, derived.value.toFixed(6))
      : { ok: true, valueText: `Not calculated: ${derived.reason}`, valueNumeric: null, flag: null };
    return [{ analyte: definition.analyte, comment: `Calculated: ${derived.formula}`, definition, value }];
  });
}
