import type { LabAnalyte, LabRangeInForce } from '../contract/lab.js';
import type { LabPanel, LabTestDefinition } from './catalogue.js';
import type { CriticalLimit, PatientSex, ReferenceRange, SelectedRange } from './ranges.js';
import { selectRange } from './ranges.js';

/** The tests and panels the lab holds, by code. */
export interface LabCatalogue {
  tests: ReadonlyMap<string, LabTestDefinition>;
  panels: ReadonlyMap<string, LabPanel>;
}

export function labCatalogue(tests: readonly LabTestDefinition[], panels: readonly LabPanel[]): LabCatalogue {
  return { tests: new Map(tests.map((test) => [test.code, test])), panels: new Map(panels.map((panel) => [panel.code, panel])) };
}

/** What an ordered code reports: a panel its tests in report order, a test itself; undefined when not catalogued. */
export function reportedTests(catalogue: LabCatalogue, code: string): LabTestDefinition[] | undefined {
  const panel = catalogue.panels.get(code);
  if (panel !== undefined) return panel.tests.flatMap((test) => catalogue.tests.get(test) ?? []);
  const test = catalogue.tests.get(code);
  return test === undefined ? undefined : [test];
}

/** An ordered code's turnaround target in minutes (a panel's own, else the test's); null when not catalogued. */
export function turnaroundMinutesOf(catalogue: LabCatalogue, code: string): number | null {
  return catalogue.panels.get(code)?.turnaroundMinutes ?? catalogue.tests.get(code)?.turnaroundMinutes ?? null;
}

export interface RangePatient {
  sex: PatientSex;
  /** Null when not recorded: the adult bands (those with no upper age) apply, as labs do for a request without an age. */
  birthDate: string | null;
}

/** The reference bands and critical limits a result is read against (the catalogue's, or the lab's edited ones). */
export interface TestLimits {
  ranges: readonly ReferenceRange[];
  critical: readonly CriticalLimit[];
}

function select(bands: readonly ReferenceRange[], patient: RangePatient, onDate: string): SelectedRange | undefined {
  if (patient.birthDate !== null) return selectRange(bands, { birthDate: patient.birthDate, sex: patient.sex }, onDate);
  const adult = bands.filter((band) => band.ageTo === undefined).map(({ ageFrom: _from, ...band }) => band);
  return selectRange(adult, { birthDate: onDate, sex: patient.sex }, onDate);
}

function rangeText(low: number | null, high: number | null): string {
  if (low !== null && high !== null) return `${low}–${high}`;
  if (low !== null) return `≥ ${low}`;
  return high !== null ? `≤ ${high}` : '';
}

/**
 * The range in force for this patient on the result's calendar date (in the hospital's time
 * zone), as kept with the result: null when no band covers the patient (the value is then not
 * flagged against limits).
 */
export function rangeInForce(test: LabTestDefinition, patient: RangePatient, onDate: string, limits: TestLimits = test): LabRangeInForce | null {
  const result = test.result;
  switch (result.type) {
    case 'numeric': {
      const range = select(limits.ranges, patient, onDate);
      const critical = select(limits.critical, patient, onDate);
      if (range === undefined && critical === undefined) return null;
      const sources = [...new Set([range?.source, critical === undefined ? undefined : `critical: ${critical.source}`].filter((s): s is string => s !== undefined))];
      const low = range?.low ?? null;
      const high = range?.high ?? null;
      const notes = [range?.sexUnknown === true ? 'either sex' : undefined, patient.birthDate === null && range !== undefined ? 'adult, age not recorded' : undefined].filter((n) => n !== undefined);
      return { low, high, criticalLow: critical?.low ?? null, criticalHigh: critical?.high ?? null, text: `${rangeText(low, high)}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`, source: sources.join('; ') };
    }
    case 'coded':
      return { low: null, high: null, criticalLow: null, criticalHigh: null, text: result.choices.filter((c) => !c.abnormal).map((c) => c.label).join(' / '), source: 'the catalogue\'s normal answers' };
    case 'titre':
      return { low: null, high: null, criticalLow: null, criticalHigh: null, text: `< 1:${result.abnormalFrom}`, source: result.source };
    case 'organism':
      return { low: null, high: null, criticalLow: null, criticalHigh: null, text: 'No growth', source: 'the catalogue: any organism isolated is reported abnormal' };
    case 'text':
      return null;
  }
}

/** A test as the result entry grid draws it for this patient on this date. */
export function labAnalyte(test: LabTestDefinition, patient: RangePatient, onDate: string, limits: TestLimits = test): LabAnalyte {
  const result = test.result;
  const analyte: LabAnalyte = {
    code: test.code, name: test.name, type: result.type,
    unit: result.type === 'numeric' ? result.unit : null,
    decimals: result.type === 'numeric' ? result.decimals : null,
    calculated: test.calculation !== undefined,
    range: rangeInForce(test, patient, onDate, limits),
  };
  if (result.type === 'coded') analyte.choices = result.choices.map((c) => ({ code: c.code, label: c.label, abnormal: c.abnormal }));
  if (result.type === 'titre') analyte.abnormalFrom = result.abnormalFrom;
  return analyte;
}
