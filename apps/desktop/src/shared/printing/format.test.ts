import { describe, expect, it } from 'vitest';
import { labelLine, printedBirthDate, sexAndBirth } from './format.js';

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
