import { describe, expect, it } from 'vitest';
import { amendmentLine, printedUnit, reportIsFinal, signOffLine, timeAfter } from './lab-report-format.js';

describe('the lab report\'s words', () => {
  it('prints UCUM units as people read them', () => {
    expect(printedUnit('10*9/L')).toBe('×10⁹/L');
    expect(printedUnit('10*12/L')).toBe('×10¹²/L');
    expect(printedUnit('umol/L')).toBe('µmol/L');
    expect(printedUnit('mmol/L')).toBe('mmol/L');
    expect(printedUnit(null)).toBe('');
  });

  it('names every validator and releaser once, with the latest time of each step', () => {
    const step = (validatedBy: string | null, validatedAt: string | null, releasedBy: string | null, releasedAt: string | null) => ({ validatedBy, validatedAt, releasedBy, releasedAt });
    const line = signOffLine([step('Tom', '2026-03-02T09:10:00Z', 'Sara', '2026-03-02T09:30:00Z'), step('Tom', '2026-03-02T09:12:00Z', null, null)]);
    expect(line).toMatch(/^Validated by Tom at 2 Mar 2026 \d\d:12; released by Sara at 2 Mar 2026 \d\d:30\.$/);
    expect(signOffLine([step(null, null, null, null)])).toBe('Not validated yet; not released yet.');
  });

  it('is final only when every test has released results', () => {
    const released = { pending: null, results: [{ status: 'released' as const }] };
    expect(reportIsFinal({ tests: [released] } as never)).toBe(true);
    expect(reportIsFinal({ tests: [released, { pending: 'In progress', results: [] }] } as never)).toBe(false);
    expect(reportIsFinal({ tests: [{ pending: null, results: [{ status: 'validated' }] }] } as never)).toBe(false);
  });

  it('says what an amendment replaced', () => {
    expect(amendmentLine({ amendment: { reason: 'Wrong patient sample', previousValue: '45' } })).toBe('Amended (was 45): Wrong patient sample');
    expect(amendmentLine({ amendment: null })).toBeUndefined();
  });

  it('gives the second time of the same day as a time only', () => {
    expect(timeAfter('2026-03-02T08:05:00Z', '2026-03-02T08:20:00Z')).toMatch(/^\d\d:20$/);
    expect(timeAfter('2026-03-02T08:05:00Z', '2026-03-05T08:20:00Z')).toMatch(/^5 Mar 2026 \d\d:20$/);
  });
});
