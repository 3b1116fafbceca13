import type { ResultDefinition } from './catalogue.js';
import type { SelectedRange } from './ranges.js';

export const LAB_FLAGS = ['L', 'H', 'LL', 'HH', 'A'] as const;
export type LabFlag = (typeof LAB_FLAGS)[number];

/** A numeric value against its range and critical limits; critical wins. Limits are inclusive (a value equal to the high limit is normal). */
export function numericFlag(value: number, range: SelectedRange | undefined, critical: SelectedRange | undefined): LabFlag | null {
  if (!Number.isFinite(value)) throw new RangeError('A numeric result must be a finite number');
  if (critical?.low !== undefined && value < critical.low) return 'LL';
  if (critical?.high !== undefined && value > critical.high) return 'HH';
  if (range?.low !== undefined && value < range.low) return 'L';
  if (range?.high !== undefined && value > range.high) return 'H';
  return null;
}

export type ResultValue =
  | { type: 'numeric'; value: number }
  | { type: 'text'; value: string }
  | { type: 'coded'; value: string }
  | { type: 'titre'; value: number }
  | { type: 'organism'; organisms: readonly string[] };

/** The flag of any result value of a test; a coded value not among the test's choices is an error. */
export function resultFlag(definition: ResultDefinition, result: ResultValue, range?: SelectedRange, critical?: SelectedRange): LabFlag | null {
  if (definition.type !== result.type) throw new RangeError(`A ${definition.type} test cannot take a ${result.type} result`);
  switch (result.type) {
    case 'numeric':
      return numericFlag(result.value, range, critical);
    case 'text':
      return null;
    case 'coded': {
      if (definition.type !== 'coded') return null;
      const choice = definition.choices.find((c) => c.code === result.value);
      if (choice === undefined) throw new RangeError(`${result.value} is not one of this test's choices`);
      return choice.abnormal ? 'A' : null;
    }
    case 'titre':
      if (definition.type !== 'titre') return null;
      return result.value >= definition.abnormalFrom ? 'A' : null;
    case 'organism':
      return result.organisms.length > 0 ? 'A' : null;
  }
}
