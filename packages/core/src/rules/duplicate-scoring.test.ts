import { describe, expect, it } from 'vitest';
import { scoreDuplicate } from './duplicate-scoring.js';
import type { DuplicateSide } from './duplicate-scoring.js';

const side = (overrides: Partial<DuplicateSide> = {}): DuplicateSide => ({
  sex: 'F', birthDate: '1984-05-01', birthDateEstimated: false, phone: null, nationalId: null, ...overrides,
});

describe('scoreDuplicate', () => {
  it('same name and date of birth is likely', () => {
    const result = scoreDuplicate({ nameSimilarity: 1, a: side(), b: side() });
    expect(result.likelihood).toBe('likely');
    expect(result.reasons).toEqual(['name', 'birth_date', 'sex']);
  });

  it('a name alone is at most possible: common names repeat', () => {
    expect(scoreDuplicate({ nameSimilarity: 1, a: side({ birthDate: null }), b: side() }).likelihood).toBe('possible');
  });

  it('a typo in the name with the same phone is likely', () => {
    const result = scoreDuplicate({ nameSimilarity: 0.7, a: side({ phone: '+254722000111', birthDate: null }), b: side({ phone: '+254722000111' }) });
    expect(result.score).toBeGreaterThanOrEqual(0.66);
    expect(result.reasons).toContain('phone');
  });

  it('the same national ID settles it; different ones rule it out', () => {
    expect(scoreDuplicate({ nameSimilarity: 0.3, a: side({ nationalId: 'X1' }), b: side({ nationalId: 'X1', birthDate: '1990-01-01' }) }).likelihood).toBe('likely');
    expect(scoreDuplicate({ nameSimilarity: 1, a: side({ nationalId: 'X1' }), b: side({ nationalId: 'X2' }) }).likelihood).toBe('unlikely');
  });

  it('estimated dates of birth match within two years', () => {
    const result = scoreDuplicate({ nameSimilarity: 1, a: side({ birthDate: '1985-03-02', birthDateEstimated: true }), b: side({ birthDate: '1984-05-01' }) });
    expect(result.reasons).toContain('birth_year');
    expect(result.likelihood).toBe('likely');
  });

  it('different sexes or far apart dates lower the score', () => {
    expect(scoreDuplicate({ nameSimilarity: 1, a: side({ sex: 'M' }), b: side() }).score).toBeLessThan(0.9);
    expect(scoreDuplicate({ nameSimilarity: 1, a: side({ birthDate: '1950-01-01' }), b: side() }).likelihood).toBe('unlikely');
  });
});
