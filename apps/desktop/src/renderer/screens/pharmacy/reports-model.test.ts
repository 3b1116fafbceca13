import { describe, expect, it } from 'vitest';
import { checkLevel, checkPeriod, daysBefore } from './reports-model.js';

describe('stock reports rules', () => {
  it('counts days back across months and years', () => {
    expect(daysBefore('2026-12-02', 30)).toBe('2026-11-02');
    expect(daysBefore('2026-01-15', 30)).toBe('2025-12-16');
  });
  it('checks a consumption period as the server will', () => {
    expect(checkPeriod('2026-11-01', '2026-11-30')).toEqual({ ok: true, from: '2026-11-01', to: '2026-11-30' });
    expect(checkPeriod('2026-12-01', '2026-11-30')).toEqual({ ok: false, problem: 'The first day is after the last' });
    expect(checkPeriod('2025-01-01', '2026-11-30')).toEqual({ ok: false, problem: 'At most 366 days at a time' });
    expect(checkPeriod('', '2026-11-30')).toEqual({ ok: false, problem: 'Give both days' });
  });
  it('reads a reorder level, empty clearing it', () => {
    expect(checkLevel(' 200 ')).toEqual({ ok: true, level: 200 });
    expect(checkLevel('')).toEqual({ ok: true, level: null });
    expect(checkLevel('-3')).toMatchObject({ ok: false });
    expect(checkLevel('2.5')).toMatchObject({ ok: false });
  });
});
