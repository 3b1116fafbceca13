import { isCriticalFlagCode } from '@hms/core';
import type { ResultFlagCode } from '@hms/core';

/** What a rule checks (the stored version's settings). */
export interface AutoVerifyChecks {
  withinRange: boolean;
  noAnalyzerFlags: boolean;
  deltaPercent: number | null;
}

/** One entered value of the test, with what the analyzer said and the patient's last released value. */
export interface CandidateValue {
  analyte: string;
  value: string;
  flag: ResultFlagCode | null;
  /** Whether the lab has a reference range for it. */
  hasRange: boolean;
  /** The analyzer's abnormal flags as sent (OBX-8, R-7); undefined for a value the server calculated. */
  analyzerFlags: string | undefined;
  /** The last released value within the rule's days, when numeric. */
  previous: number | undefined;
}

export type Verdict = { pass: true; checks: string[] } | { pass: false; reasons: string[] };

/** Analyzer flags that say nothing is abnormal. */
const NORMAL_FLAGS = new Set(['', 'N']);

/**
 * Whether a test's values may be validated by its rule: all of them pass every check the rule
 * sets, or none is. A critical value never passes, whatever the rule (a person must see it).
 */
export function verdict(checks: AutoVerifyChecks, values: readonly CandidateValue[]): Verdict {
  const reasons: string[] = [];
  const passed = new Set<string>();
  if (values.length === 0) return { pass: false, reasons: ['no values'] };
  for (const value of values) {
    if (isCriticalFlagCode(value.flag)) {
      reasons.push(`${value.analyte} is a critical value`);
      continue;
    }
    if (checks.withinRange) {
      if (!value.hasRange) reasons.push(`${value.analyte} has no reference range`);
      else if (value.flag !== null) reasons.push(`${value.analyte} is flagged ${value.flag}`);
      else passed.add('within range');
    }
    if (checks.noAnalyzerFlags) {
      const flags = (value.analyzerFlags ?? '').split(/[~^]/).map((flag) => flag.trim().toUpperCase()).filter((flag) => !NORMAL_FLAGS.has(flag));
      if (flags.length > 0) reasons.push(`the analyzer flagged ${value.analyte} ${flags.join(', ')}`);
      else passed.add('no analyzer flags');
    }
    if (checks.deltaPercent !== null && value.previous !== undefined) {
      const now = Number(value.value);
      if (!Number.isFinite(now)) reasons.push(`${value.analyte} is not a number to compare with ${value.previous}`);
      else {
        const change = value.previous === 0 ? (now === 0 ? 0 : Number.POSITIVE_INFINITY) : (Math.abs(now - value.previous) / Math.abs(value.previous)) * 100;
        if (change > checks.deltaPercent) reasons.push(`${value.analyte} changed ${Number.isFinite(change) ? `${change.toFixed(0)} %` : 'from 0'} since ${value.previous} (at most ${checks.deltaPercent} %)`);
        else passed.add('delta passed');
      }
    } else if (checks.deltaPercent !== null) {
      passed.add('delta passed (no previous value)');
    }
  }
  return reasons.length > 0 ? { pass: false, reasons } : { pass: true, checks: [...passed] };
}
