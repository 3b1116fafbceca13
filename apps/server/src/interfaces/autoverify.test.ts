import { describe, expect, it } from 'vitest';
import type { AutoVerifyChecks, CandidateValue } from './autoverify.js';
import { verdict } from './autoverify.js';

const all: AutoVerifyChecks = { withinRange: true, noAnalyzerFlags: true, deltaPercent: 20 };
const glucose = (over: Partial<CandidateValue> = {}): CandidateValue => ({ analyte: 'GLU', value: '5.2', flag: null, hasRange: true, analyzerFlags: 'N', previous: 5.0, ...over });

describe('auto-verification verdict', () => {
  it('passes a value within range, without analyzer flags and within the delta, naming the checks', () => {
    expect(verdict(all, [glucose()])).toEqual({ pass: true, checks: ['within range', 'no analyzer flags', 'delta passed'] });
  });

  it('within range: a flagged value or one without a range fails; unchecked, a flag does not matter', () => {
    expect(verdict(all, [glucose({ flag: 'H', value: '9.1', previous: undefined })])).toEqual({ pass: false, reasons: ['GLU is flagged H'] });
    expect(verdict(all, [glucose({ hasRange: false })])).toEqual({ pass: false, reasons: ['GLU has no reference range'] });
    expect(verdict({ ...all, withinRange: false }, [glucose({ flag: 'H', value: '5.5' })]).pass).toBe(true);
  });

  it('never a critical value, even when the rule checks nothing about ranges', () => {
    expect(verdict({ withinRange: false, noAnalyzerFlags: false, deltaPercent: null }, [glucose({ flag: 'HH', value: '31' })])).toEqual({ pass: false, reasons: ['GLU is a critical value'] });
    expect(verdict({ withinRange: false, noAnalyzerFlags: false, deltaPercent: null }, [glucose({ flag: 'LL', value: '1.9' })]).pass).toBe(false);
  });

  it('no analyzer flags: any abnormal flag fails (N and empty are normal), a calculated value has none', () => {
    expect(verdict(all, [glucose({ analyzerFlags: 'A' })])).toEqual({ pass: false, reasons: ['the analyzer flagged GLU A'] });
    expect(verdict(all, [glucose({ analyzerFlags: 'N~>' })])).toEqual({ pass: false, reasons: ['the analyzer flagged GLU >'] });
    expect(verdict(all, [glucose({ analyzerFlags: '' }), glucose({ analyte: 'EGFR', analyzerFlags: undefined, previous: undefined })]).pass).toBe(true);
  });

  it('delta: more change than allowed fails, no previous value passes, no delta check ignores it', () => {
    expect(verdict(all, [glucose({ value: '6.5' })])).toEqual({ pass: false, reasons: ['GLU changed 30 % since 5 (at most 20 %)'] });
    expect(verdict(all, [glucose({ value: '6.5', previous: undefined })])).toEqual({ pass: true, checks: ['within range', 'no analyzer flags', 'delta passed (no previous value)'] });
    expect(verdict({ ...all, deltaPercent: null }, [glucose({ value: '7.5' })]).pass).toBe(true);
  });

  it('all values of the test or none: one failing value keeps the test for a person', () => {
    const result = verdict(all, [glucose(), glucose({ analyte: 'UREA', flag: 'L', previous: undefined })]);
    expect(result).toEqual({ pass: false, reasons: ['UREA is flagged L'] });
    expect(verdict(all, [])).toEqual({ pass: false, reasons: ['no values'] });
  });
});
