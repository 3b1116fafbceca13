import { describe, expect, it } from 'vitest';
import { allergyStatusOf } from './allergy-status.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 8, minute)).toISOString();

describe('allergyStatusOf', () => {
  it('says not recorded when nobody asked', () => {
    expect(allergyStatusOf([], null)).toBe('not_recorded');
  });

  it('says no known allergies when that was recorded and nothing since', () => {
    expect(allergyStatusOf([], at(5))).toBe('none_known');
    expect(allergyStatusOf([{ status: 'refuted', recordedAt: at(1) }], at(5))).toBe('none_known');
  });

  it('says allergies whenever one is active, whatever was stated before or after', () => {
    expect(allergyStatusOf([{ status: 'active', recordedAt: at(1) }], null)).toBe('allergies');
    expect(allergyStatusOf([{ status: 'active', recordedAt: at(9) }, { status: 'inactive', recordedAt: at(2) }], at(5))).toBe('allergies');
  });

  it('falls back to not recorded when allergies recorded after the statement are no longer active', () => {
    expect(allergyStatusOf([{ status: 'refuted', recordedAt: at(9) }], at(5))).toBe('not_recorded');
    expect(allergyStatusOf([{ status: 'inactive', recordedAt: at(9) }], null)).toBe('not_recorded');
  });
});
