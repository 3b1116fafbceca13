import type { LabAnalyte, LabCatalogue, LabRangeInForce, LabTestDefinition, ResultFlagCode, ResultValue, TestLimits } from '@hms/core';
import { STARTER_LAB_CATALOGUE, labAnalyte, rangeInForce, reportedTests, resultFlag } from '@hms/core';
import { roundToDecimals } from '@hms/core/lab-units';

/**
 * What result entry knows of an analyte: the catalogue's test (core `lab/data`), its unit, and
 * the range in force for this patient on the result's date. A panel (FBC) reports its tests as
 * analytes, a single test itself; a code the catalogue does not hold is stored unflagged.
 */
export interface AnalyteDefinition {
  analyte: string;
  test: LabTestDefinition;
  unit: string | null;
  range: LabRangeInForce | null;
}

export interface AnalytePatient {
  sex: 'F' | 'M' | 'O' | 'U';
  birthDate: string | null;
}

export interface AnalyteRules {
  /** The analytes a test reports, or null when the test is not catalogued (its values are then stored unflagged). */
  analytes(testCode: string): readonly string[] | null;
  /** Without `onDate` (the result's calendar date, hospital time zone) no range is selected: the value is only read. */
  define(testCode: string, analyte: string, patient: AnalytePatient, onDate?: string): AnalyteDefinition | null;
  /** The analytes as the result entry grid draws them, with the range in force on `onDate`. */
  describe(testCode: string, patient: AnalytePatient, onDate: string): LabAnalyte[];
  /** The same catalogue read against the lab's limits in force (lab_test_limits). */
  withLimits(limits: LimitsByTest): AnalyteRules;
}

/** Limits the lab has edited, by test code (the catalogue's own when absent). */
export type LimitsByTest = ReadonlyMap<string, TestLimits>;

export function catalogueRules(catalogue: LabCatalogue = STARTER_LAB_CATALOGUE, limits: LimitsByTest = new Map()): AnalyteRules {
  const find = (testCode: string, analyte: string) => reportedTests(catalogue, testCode)?.find((test) => test.code === analyte);
  const limitsOf = (test: LabTestDefinition): TestLimits => limits.get(test.code) ?? test;
  return {
    analytes(testCode) {
      return reportedTests(catalogue, testCode)?.map((test) => test.code) ?? null;
    },
    define(testCode, analyte, patient, onDate) {
      const test = find(testCode, analyte);
      if (test === undefined) return null;
      const range = onDate === undefined ? null : rangeInForce(test, patient, onDate, limitsOf(test));
      return { analyte, test, unit: test.result.type === 'numeric' ? test.result.unit : null, range };
    },
    describe(testCode, patient, onDate) {
      return (reportedTests(catalogue, testCode) ?? []).map((test) => labAnalyte(test, patient, onDate, limitsOf(test)));
    },
    withLimits(inForce) {
      return catalogueRules(catalogue, inForce);
    },
  };
}

/** The starter catalogue's rules with its own ranges (result entry reads the lab's, `withLimits`). */
export const labAnalyteRules: AnalyteRules = catalogueRules();

export type ReadValue = { ok: true; valueText: string; valueNumeric: number | null; flag: ResultFlagCode | null } | { ok: false; problem: string };

const NUMBER = /^-?\d+(\.\d+)?$/;
const TITRE = /^(?:1\s*:\s*)?(\d{1,6})$/;
const NON_REACTIVE = /^(negative|non[- ]?reactive)$/i;
const NO_GROWTH = /^(no growth|no_growth|none|sterile)\b/i;

function flagged(definition: AnalyteDefinition, value: ResultValue): ResultFlagCode | null {
  const range = definition.range;
  if (range === null) return resultFlag(definition.test.result, value);
  const limits = (low: number | null, high: number | null) => ({ ...(low === null ? {} : { low }), ...(high === null ? {} : { high }), source: range.source, sexUnknown: false });
  return resultFlag(definition.test.result, value, limits(range.low, range.high), limits(range.criticalLow, range.criticalHigh));
}

/** Reads a typed value against its definition (numbers rounded to the test's decimals, coded answers from the list, titres, organisms) and flags it. */
export function readValue(definition: AnalyteDefinition | null, raw: string): ReadValue {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: 'is empty' };
  if (definition === null) return { ok: true, valueText: value, valueNumeric: null, flag: null };
  const result = definition.test.result;
  switch (result.type) {
    case 'numeric': {
      if (!NUMBER.test(value)) return { ok: false, problem: `is not a number (${result.unit})` };
      const number = roundToDecimals(Number(value), result.decimals);
      return { ok: true, valueText: number.toFixed(result.decimals), valueNumeric: number, flag: flagged(definition, { type: 'numeric', value: number }) };
    }
    case 'coded': {
      const wanted = value.toLowerCase();
      const choice = result.choices.find((c) => c.code === wanted || c.label.toLowerCase() === wanted);
      if (choice === undefined) return { ok: false, problem: `is not one of ${result.choices.map((c) => c.label).join(', ')}` };
      return { ok: true, valueText: choice.label, valueNumeric: null, flag: flagged(definition, { type: 'coded', value: choice.code }) };
    }
    case 'titre': {
      if (NON_REACTIVE.test(value)) return { ok: true, valueText: 'Non-reactive', valueNumeric: null, flag: null };
      const match = TITRE.exec(value);
      if (match === null || Number(match[1]) < 1) return { ok: false, problem: 'is not a titre (1:64, 64 or negative)' };
      const titre = Number(match[1]);
      return { ok: true, valueText: `1:${titre}`, valueNumeric: titre, flag: flagged(definition, { type: 'titre', value: titre }) };
    }
    case 'organism': {
      const organisms = NO_GROWTH.test(value) ? [] : value.split(';').map((o) => o.trim()).filter((o) => o !== '');
      return { ok: true, valueText: value, valueNumeric: null, flag: flagged(definition, { type: 'organism', organisms }) };
    }
    case 'text':
      return { ok: true, valueText: value, valueNumeric: null, flag: null };
  }
}
