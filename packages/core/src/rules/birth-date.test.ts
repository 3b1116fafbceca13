import { describe, expect, it } from 'vitest';
import { ageInYears, ageLabel, birthDateProblem, estimatedBirthDate, isValidCalendarDate } from './birth-date.js';

describe('birth dates', () => {
  it('estimates a date of birth from an age on a given day', () => {
    expect(estimatedBirthDate(40, '2026-03-02')).toBe('1986-03-02');
    expect(estimatedBirthDate(0, '2026-03-02')).toBe('2026-03-02');
    expect(estimatedBirthDate(1, '2024-02-29')).toBe('2023-02-28');
    expect(() => estimatedBirthDate(-1, '2026-03-02')).toThrow(RangeError);
  });

  it('computes whole years of age', () => {
    expect(ageInYears('1986-03-02', '2026-03-02')).toBe(40);
    expect(ageInYears('1986-03-03', '2026-03-02')).toBe(39);
  });

  it('refuses impossible, future and too old dates', () => {
    expect(isValidCalendarDate('2025-02-29')).toBe(false);
    expect(birthDateProblem('2026-03-03', '2026-03-02')).toMatch(/future/);
    expect(birthDateProblem('1850-01-01', '2026-03-02')).toMatch(/130/);
    expect(birthDateProblem('31/12/1990', '2026-03-02')).toMatch(/YYYY-MM-DD/);
    expect(birthDateProblem('2026-03-02', '2026-03-02')).toBeUndefined();
  });
});

describe('ageLabel', () => {
  it('prints neonates in days, infants in months up to two years, then years', () => {
    expect(ageLabel('2026-03-01', '2026-03-01')).toBe('0 d');
    expect(ageLabel('2026-03-01', '2026-03-31')).toBe('30 d');
    expect(ageLabel('2026-03-01', '2026-04-01')).toBe('1 mo');
    expect(ageLabel('2024-03-02', '2026-03-01')).toBe('23 mo');
    expect(ageLabel('2024-03-01', '2026-03-01')).toBe('2 y');
    expect(ageLabel('1990-07-15', '2026-07-14')).toBe('35 y');
    expect(ageLabel('1990-07-15', '2026-07-15')).toBe('36 y');
  });
  it('reaches a month on the last day of a shorter month', () => {
    expect(ageLabel('2026-01-31', '2026-02-27')).toBe('27 d');
    expect(ageLabel('2026-01-31', '2026-02-28')).toBe('1 mo');
  });
  it('is null without a date of birth or before it', () => {
    expect(ageLabel(null, '2026-03-01')).toBeNull();
    expect(ageLabel('2026-03-02', '2026-03-01')).toBeNull();
  });
});
