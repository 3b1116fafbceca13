import type { LabRangeInForce, ResultFlagCode } from '@hms/core';
import { flagAgainstLimits } from '@hms/core';

/**
 * What result entry needs to know of an analyte: its unit, how its value reads, and the range
 * in force for this patient. The lab catalogue (core `../lab`, issue 13's catalogue part) is to
 * answer this; until it lands, `interimAnalyteRules` covers the orderable tests below with adult
 * ranges, and any other test's values are stored unflagged (range null), never guessed.
 */
export interface AnalyteDefinition {
  analyte: string;
  resultType: 'numeric' | 'coded' | 'text';
  unit: string | null;
  /** Coded results: the answers that are normal (anything else is flagged A). */
  normalAnswers?: readonly string[];
  answers?: readonly string[];
  range: LabRangeInForce | null;
}

export interface AnalytePatient {
  sex: 'F' | 'M' | 'O' | 'U';
  birthDate: string | null;
}

export interface AnalyteRules {
  /** The analytes a test reports, or null when the test is not catalogued (its values are then stored unflagged). */
  analytes(testCode: string): readonly string[] | null;
  define(testCode: string, analyte: string, patient: AnalytePatient): AnalyteDefinition | null;
}

const HARMONISED = 'AACB/RCPA harmonised adult reference intervals; critical limits from the RCPA alert list';

function numeric(analyte: string, unit: string, low: number | null, high: number | null, criticalLow: number | null, criticalHigh: number | null): AnalyteDefinition {
  const text = low !== null && high !== null ? `${low}–${high}` : low !== null ? `≥ ${low}` : high !== null ? `≤ ${high}` : '';
  return { analyte, resultType: 'numeric', unit, range: { low, high, criticalLow, criticalHigh, text, source: HARMONISED } };
}

type Definer = (patient: AnalytePatient) => AnalyteDefinition;
const male = (patient: AnalytePatient) => patient.sex === 'M';

const GLUCOSE: Definer = () => numeric('GLU', 'mmol/L', 3.9, 7.8, 2.5, 25);
const FASTING_GLUCOSE: Definer = () => numeric('GLU', 'mmol/L', 3.9, 5.6, 2.5, 25);
const HAEMOGLOBIN: Definer = (p) => (male(p) ? numeric('HGB', 'g/L', 130, 180, 70, null) : numeric('HGB', 'g/L', 115, 165, 70, null));

const TESTS: Readonly<Record<string, Readonly<Record<string, Definer>>>> = {
  RBG: { GLU: GLUCOSE },
  FBG: { GLU: FASTING_GLUCOSE },
  HB: { HGB: HAEMOGLOBIN },
  FBC: {
    HGB: HAEMOGLOBIN,
    WBC: () => numeric('WBC', '10*9/L', 4.0, 11.0, 1.0, 50),
    PLT: () => numeric('PLT', '10*9/L', 150, 400, 20, 1000),
  },
  UE: {
    NA: () => numeric('NA', 'mmol/L', 135, 145, 120, 160),
    K: () => numeric('K', 'mmol/L', 3.5, 5.2, 2.5, 6.5),
    UREA: () => numeric('UREA', 'mmol/L', 2.5, 7.8, null, 30),
    CREAT: (p) => (male(p) ? numeric('CREAT', 'umol/L', 60, 110, null, null) : numeric('CREAT', 'umol/L', 45, 90, null, null)),
  },
  CREAT: { CREAT: (p) => (male(p) ? numeric('CREAT', 'umol/L', 60, 110, null, null) : numeric('CREAT', 'umol/L', 45, 90, null, null)) },
  MAL_RDT: { MAL: () => ({ analyte: 'MAL', resultType: 'coded', unit: null, answers: ['Negative', 'Positive', 'Invalid'], normalAnswers: ['Negative'], range: { low: null, high: null, criticalLow: null, criticalHigh: null, text: 'Negative', source: 'HMS' } }) },
};

export const interimAnalyteRules: AnalyteRules = {
  analytes(testCode) {
    const test = TESTS[testCode];
    return test === undefined ? null : Object.keys(test);
  },
  define(testCode, analyte, patient) {
    const definer = TESTS[testCode]?.[analyte];
    return definer === undefined ? null : definer(patient);
  },
};

export type ReadValue = { ok: true; valueText: string; valueNumeric: number | null; flag: ResultFlagCode | null } | { ok: false; problem: string };

/** Reads a typed value against its definition (numbers as numbers, coded answers from the list) and flags it. */
export function readValue(definition: AnalyteDefinition | null, raw: string): ReadValue {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: 'is empty' };
  if (definition === null) return { ok: true, valueText: value, valueNumeric: null, flag: null };
  switch (definition.resultType) {
    case 'numeric': {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return { ok: false, problem: `is not a number${definition.unit === null ? '' : ` (${definition.unit})`}` };
      const number = Number(value);
      return { ok: true, valueText: value, valueNumeric: number, flag: definition.range === null ? null : flagAgainstLimits(number, definition.range) };
    }
    case 'coded': {
      const answer = definition.answers?.find((choice) => choice.toLowerCase() === value.toLowerCase());
      if (answer === undefined) return { ok: false, problem: `is not one of ${(definition.answers ?? []).join(', ')}` };
      return { ok: true, valueText: answer, valueNumeric: null, flag: definition.normalAnswers?.includes(answer) === true ? null : 'A' };
    }
    case 'text':
      return { ok: true, valueText: value, valueNumeric: null, flag: null };
  }
}
