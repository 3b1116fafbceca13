import { describe, expect, it } from 'vitest';
import { RESULT_FLAG_CODES, SPECIMEN_CONTAINERS } from '../lab-workflow/index.js';
import { anionGap, correctedCalciumPayne, egfrCkdEpi2021, ldlFriedewald } from './calculations.js';
import { LAB_CONTAINERS } from './catalogue.js';
import { deltaCheck } from './delta.js';
import { LAB_FLAGS, numericFlag, resultFlag } from './flags.js';
import { type ReferenceRange, selectRange } from './ranges.js';

const src = 'test';
const hb: ReferenceRange[] = [
  { sex: 'any', ageTo: { value: 14, unit: 'd' }, low: 145, high: 225, source: src },
  { sex: 'any', ageFrom: { value: 14, unit: 'd' }, ageTo: { value: 1, unit: 'a' }, low: 100, high: 180, source: src },
  { sex: 'any', ageFrom: { value: 1, unit: 'a' }, ageTo: { value: 18, unit: 'a' }, low: 110, high: 150, source: src },
  { sex: 'M', ageFrom: { value: 18, unit: 'a' }, low: 130, high: 180, source: src },
  { sex: 'F', ageFrom: { value: 18, unit: 'a' }, low: 115, high: 165, source: src },
];

describe('reference range selection', () => {
  it('counts neonates in days: day 13 is neonatal, day 14 is the next band', () => {
    expect(selectRange(hb, { birthDate: '2026-01-01', sex: 'F' }, '2026-01-14')?.low).toBe(145);
    expect(selectRange(hb, { birthDate: '2026-01-01', sex: 'F' }, '2026-01-15')?.low).toBe(100);
  });
  it('a child turns 1 year on the birthday, and 18 on the 18th birthday', () => {
    expect(selectRange(hb, { birthDate: '2025-03-10', sex: 'M' }, '2026-03-09')?.low).toBe(100);
    expect(selectRange(hb, { birthDate: '2025-03-10', sex: 'M' }, '2026-03-10')?.low).toBe(110);
    expect(selectRange(hb, { birthDate: '2008-03-10', sex: 'M' }, '2026-03-09')?.low).toBe(110);
    expect(selectRange(hb, { birthDate: '2008-03-10', sex: 'M' }, '2026-03-10')?.low).toBe(130);
  });
  it('a 29 February birthday is reached on 28 February in a common year', () => {
    expect(selectRange(hb, { birthDate: '2024-02-29', sex: 'F' }, '2025-02-27')?.low).toBe(100);
    expect(selectRange(hb, { birthDate: '2024-02-29', sex: 'F' }, '2025-02-28')?.low).toBe(110);
  });
  it('picks the sex band, and for unknown sex the widest of F and M, marked', () => {
    expect(selectRange(hb, { birthDate: '1990-01-01', sex: 'F' }, '2026-01-01')).toEqual({ low: 115, high: 165, source: src, sexUnknown: false });
    expect(selectRange(hb, { birthDate: '1990-01-01', sex: 'U' }, '2026-01-01')).toEqual({ low: 115, high: 180, source: src, sexUnknown: true });
    expect(() => selectRange(hb, { birthDate: '2026-02-01', sex: 'U' }, '2026-01-01')).toThrow(RangeError);
  });
});

describe('flags', () => {
  it('flags L, H, LL, HH with inclusive limits, critical first', () => {
    const range = { low: 3.5, high: 5.2, source: src, sexUnknown: false };
    const critical = { low: 2.5, high: 6.5, source: src, sexUnknown: false };
    expect(numericFlag(3.5, range, critical)).toBeNull();
    expect(numericFlag(5.2, range, critical)).toBeNull();
    expect(numericFlag(3.4, range, critical)).toBe('L');
    expect(numericFlag(5.3, range, critical)).toBe('H');
    expect(numericFlag(2.4, range, critical)).toBe('LL');
    expect(numericFlag(6.6, range, critical)).toBe('HH');
  });
  it('flags A for an abnormal coded choice, a titre at its limit and an isolated organism', () => {
    const coded = { type: 'coded' as const, choices: [{ code: 'negative', label: 'Negative', abnormal: false }, { code: 'positive', label: 'Positive', abnormal: true }] };
    expect(resultFlag(coded, { type: 'coded', value: 'positive' })).toBe('A');
    expect(resultFlag(coded, { type: 'coded', value: 'negative' })).toBeNull();
    expect(() => resultFlag(coded, { type: 'coded', value: 'maybe' })).toThrow(RangeError);
    expect(resultFlag({ type: 'titre', abnormalFrom: 8, source: src }, { type: 'titre', value: 8 })).toBe('A');
    expect(resultFlag({ type: 'titre', abnormalFrom: 8, source: src }, { type: 'titre', value: 4 })).toBeNull();
    expect(resultFlag({ type: 'organism' }, { type: 'organism', organisms: ['Escherichia coli'] })).toBe('A');
  });
  it('uses the same flag codes and containers as the workflow', () => {
    expect([...LAB_FLAGS]).toEqual([...RESULT_FLAG_CODES]);
    expect([...LAB_CONTAINERS]).toEqual([...SPECIMEN_CONTAINERS]);
  });
});

describe('delta check', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
  it('compares with the previous result within the window only', () => {
    const rule = { kind: 'absolute' as const, threshold: 1, windowHours: 48 };
    expect(deltaCheck(rule, { value: 5.5, at: at(10) }, { value: 4.0, at: at(0) })?.exceeded).toBe(true);
    expect(deltaCheck(rule, { value: 4.9, at: at(10) }, { value: 4.0, at: at(0) })?.exceeded).toBe(false);
    expect(deltaCheck({ ...rule, windowHours: 5 }, { value: 9, at: at(10) }, { value: 4.0, at: at(0) })).toBeUndefined();
    expect(deltaCheck({ kind: 'percent', threshold: 50, windowHours: 48 }, { value: 160, at: at(5) }, { value: 100, at: at(0) })).toEqual({ exceeded: true, change: 60, percentChange: 60 });
  });
});

describe('calculated tests (worked by hand from each published equation)', () => {
  it('eGFR CKD-EPI 2021: woman 50 y, creatinine 88.42 µmol/L (1.0 mg/dL) -> 69; man 60 y, 1.0 mg/dL -> 86', () => {
    // 142 x (1.0/0.7)^-1.200 x 0.9938^50 x 1.012 = 68.6; 142 x (1.0/0.9)^-1.200 x 0.9938^60 = 142 x 0.8812 x 0.6885 = 86.2 (Inker 2021 equation)
    const f = egfrCkdEpi2021({ creatinineUmolL: 88.42, ageYears: 50, sex: 'F' });
    const m = egfrCkdEpi2021({ creatinineUmolL: 88.42, ageYears: 60, sex: 'M' });
    expect(f.ok && Math.round(f.value)).toBe(69);
    expect(m.ok && Math.round(m.value)).toBe(86);
    expect(egfrCkdEpi2021({ creatinineUmolL: 50, ageYears: 12, sex: 'F' })).toMatchObject({ ok: false, reason: 'under_18' });
  });
  it('LDL by Friedewald: 5.0 - 1.2 - 1.5/2.2 = 3.1 mmol/L; refused above TG 4.5', () => {
    const ldl = ldlFriedewald({ totalCholesterol: 5.0, hdl: 1.2, triglycerides: 1.5 });
    expect(ldl.ok && ldl.value).toBeCloseTo(3.118, 3);
    expect(ldlFriedewald({ totalCholesterol: 5.0, hdl: 1.2, triglycerides: 4.6 })).toMatchObject({ ok: false, reason: 'triglycerides_above_4_5' });
  });
  it('anion gap 140 - (104 + 24) = 12; Payne corrected calcium 2.10 with albumin 30 g/L = 2.30', () => {
    expect(anionGap({ sodium: 140, chloride: 104, bicarbonate: 24 }).value).toBe(12);
    expect(correctedCalciumPayne({ calciumMmolL: 2.1, albuminGL: 30 }).value).toBeCloseTo(2.3, 10);
  });
});
