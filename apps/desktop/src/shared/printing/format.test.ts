import { describe, expect, it } from 'vitest';
import { ageOn, labelLine, printedBirthDate, sexAndBirth } from './format.js';

describe('printed dates of birth', () => {
  it('spells the month, and shows only the year of an estimate', () => {
    expect(printedBirthDate('1990-04-12')).toBe('12 Apr 1990');
    expect(printedBirthDate('2001-01-05')).toBe('5 Jan 2001');
    expect(printedBirthDate('1986-11-23', true)).toBe('~1986 (est.)');
    expect(sexAndBirth('M', '1986-11-23', true)).toBe('M  DOB ~1986 (est.)');
    expect(sexAndBirth(undefined, '1990-04-12')).toBe('DOB 12 Apr 1990');
    expect(sexAndBirth('F', undefined)).toBe('F');
    expect(labelLine({ mrn: 'PAT-2026-000051-6', sex: 'F', birthDate: '1990-04-12' })).toBe('PAT-2026-000051-6  F  12 Apr 1990');
    expect(labelLine({ mrn: 'PAT-2026-000051-6' })).toBe('PAT-2026-000051-6');
  });
});

describe('ages on a prescription', () => {
  it('years from two, months under two, days under a month', () => {
    expect(ageOn('1990-04-12', '2026-03-02')).toBe('35 years');
    expect(ageOn('1990-03-02', '2026-03-02')).toBe('36 years');
    expect(ageOn('2024-03-03', '2026-03-02')).toBe('23 months');
    expect(ageOn('2025-12-15', '2026-03-02')).toBe('2 months');
    expect(ageOn('2026-02-20', '2026-03-02')).toBe('10 days');
    expect(ageOn('2026-03-01', '2026-03-02')).toBe('1 day');
    expect(ageOn('1986-07-01', '2026-03-02', true)).toBe('about 39 years');
  });
});
