import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../lab-workflow/index.js';
import { ORDER_CATALOGUE_SEED } from '../orders/data/order-catalogue-seed.js';
import { rangeInForce, reportedTests, labAnalyte } from './analytes.js';
import { LabPanelSchema, LabTestDefinitionSchema } from './catalogue.js';
import type { LabTestDefinition } from './catalogue.js';
import { CALCULATION_INPUTS, deriveCalculated } from './derive.js';
import { limitsProblems } from './limits.js';
import { HAEMATOLOGY_TESTS } from './data/haematology.js';
import { CHEMISTRY_TESTS } from './data/chemistry.js';
import { MICROBIOLOGY_TESTS } from './data/microbiology.js';
import { LAB_PANELS, LAB_TESTS, STARTER_LAB_CATALOGUE } from './data/index.js';
import { LAB_PANELS_DATA } from './data/panels.js';
import { dateReaching, type ReferenceRange, selectRange } from './ranges.js';

const test = (code: string): LabTestDefinition => {
  const found = STARTER_LAB_CATALOGUE.tests.get(code);
  if (found === undefined) throw new Error(`no test ${code}`);
  return found;
};

/** Day numbers of a band for a person born on 2000-01-01 (the band's edges in days from birth). */
const BIRTH = '2000-01-01';
const from = (band: ReferenceRange) => (band.ageFrom === undefined ? 0 : dateReaching(BIRTH, band.ageFrom) - dateReaching(BIRTH, { value: 0, unit: 'd' }));
const to = (band: ReferenceRange) => (band.ageTo === undefined ? Infinity : dateReaching(BIRTH, band.ageTo) - dateReaching(BIRTH, { value: 0, unit: 'd' }));

describe('the starter lab catalogue', () => {
  it('holds about 80 tests, every one passing its schema, with unique codes and a source on every band', () => {
    const raw = [...HAEMATOLOGY_TESTS, ...CHEMISTRY_TESTS, ...MICROBIOLOGY_TESTS];
    for (const entry of raw) expect(LabTestDefinitionSchema.safeParse(entry).success, entry.code).toBe(true);
    for (const entry of LAB_PANELS_DATA) expect(LabPanelSchema.safeParse(entry).success, entry.code).toBe(true);
    expect(LAB_TESTS.length).toBeGreaterThanOrEqual(80);
    const codes = [...LAB_TESTS.map((t) => t.code), ...LAB_PANELS.map((p) => p.code)];
    expect(new Set(codes).size).toBe(codes.length);
    for (const t of LAB_TESTS) for (const band of [...t.ranges, ...t.critical]) expect(band.source.length, t.code).toBeGreaterThan(20);
  });

  it('covers every orderable lab code of the order catalogue, as a test or a panel', () => {
    const orderable = ORDER_CATALOGUE_SEED.filter((entry) => entry.kind === 'lab').map((entry) => entry.code);
    expect(orderable.length).toBeGreaterThan(40);
    expect(orderable.filter((code) => reportedTests(STARTER_LAB_CATALOGUE, code) === undefined)).toEqual([]);
    // The section a doctor's order lands in is the section its tests are worked in.
    for (const entry of ORDER_CATALOGUE_SEED) {
      if (entry.kind !== 'lab') continue;
      const own = STARTER_LAB_CATALOGUE.panels.get(entry.code) ?? STARTER_LAB_CATALOGUE.tests.get(entry.code);
      expect(own?.section, entry.code).toBe(entry.section);
    }
  });

  it('panels name existing tests, never other panels, and each is reported once', () => {
    for (const panel of LAB_PANELS) {
      for (const code of panel.tests) {
        expect(STARTER_LAB_CATALOGUE.tests.has(code), `${panel.code} -> ${code}`).toBe(true);
        expect(STARTER_LAB_CATALOGUE.panels.has(code)).toBe(false);
      }
      expect(new Set(panel.tests).size).toBe(panel.tests.length);
      expect(reportedTests(STARTER_LAB_CATALOGUE, panel.code)).toHaveLength(panel.tests.length);
    }
    expect(reportedTests(STARTER_LAB_CATALOGUE, 'FBC')!.map((t) => t.code).slice(0, 3)).toEqual(['HGB', 'WBC', 'RBC']);
    expect(reportedTests(STARTER_LAB_CATALOGUE, 'CREAT')!.map((t) => t.code)).toEqual(['CREAT']);
    expect(reportedTests(STARTER_LAB_CATALOGUE, 'XR_CHEST')).toBeUndefined();
  });

  it('every LOINC code carries its valid mod-10 check digit', () => {
    const loincs = [...LAB_TESTS, ...LAB_PANELS].flatMap((t) => (t.loinc === undefined ? [] : [[t.code, t.loinc] as const]));
    expect(loincs.length).toBeGreaterThan(60);
    for (const [code, loinc] of loincs) {
      const [number, check] = loinc.split('-');
      expect(luhnCheckDigit(number!), `${code} ${loinc}`).toBe(Number(check));
    }
  });

  it('calculated tests name their calculation, and their inputs are in the same panels', () => {
    const calculated = LAB_TESTS.filter((t) => t.calculation !== undefined).map((t) => [t.code, t.calculation]);
    expect(calculated).toEqual([['EGFR', 'egfr_ckd_epi_2021'], ['AGAP', 'anion_gap'], ['LDL', 'ldl_friedewald'], ['CA_CORR', 'corrected_calcium_payne']]);
    for (const panel of LAB_PANELS) {
      for (const code of panel.tests) {
        const calculation = test(code).calculation;
        if (calculation !== undefined) for (const input of CALCULATION_INPUTS[calculation]) expect(panel.tests, `${panel.code}: ${code} needs ${input}`).toContain(input);
      }
    }
  });
});

describe('its ranges and critical limits', () => {
  const numeric = LAB_TESTS.filter((t) => t.result.type === 'numeric');

  it('bands of one sex never overlap, and a test banded by age leaves no gap from birth to old age', () => {
    for (const t of numeric) {
      for (const bands of [t.ranges, t.critical]) {
        if (bands.length === 0) continue;
        // Each sex sees its own bands plus the `any` ones.
        for (const sex of ['F', 'M'] as const) {
          const mine = bands.filter((b) => b.sex === sex || b.sex === 'any').sort((a, b) => from(a) - from(b));
          if (mine.length === 0) continue;
          for (let i = 1; i < mine.length; i += 1) {
            const [a, b] = [mine[i - 1]!, mine[i]!];
            if (a.sex !== b.sex && a.sex !== 'any' && b.sex !== 'any') continue;
            // An `any` band beside a sex band of the same ages is overridden, not overlapped; different ages must not overlap.
            if (a.sex !== b.sex && from(a) === from(b) && to(a) === to(b)) continue;
            expect(to(a) <= from(b), `${t.code} ${sex}: bands overlap at day ${from(b)}`).toBe(true);
          }
          const starts = mine.map(from);
          // A test with children's bands covers every age it starts at without a gap up to the last band.
          const first = Math.min(...starts);
          const covered = mine.reduce((end, b) => (from(b) <= end ? Math.max(end, to(b)) : end), first);
          expect(covered, `${t.code} ${sex}: a gap after day ${covered}`).toBe(Math.max(...mine.map(to)));
        }
      }
    }
  });

  it('critical limits lie outside the reference range wherever both apply', () => {
    const days = [0, 1, 3, 10, 20, 45, 100, 200, 400, 900, 2000, 4000, 4800, 5600, 6300, 6600, 10000, 30000];
    for (const t of numeric) {
      for (const sex of ['F', 'M'] as const) {
        for (const day of days) {
          const onDate = new Date(Date.UTC(2000, 0, 1 + day)).toISOString().slice(0, 10);
          const range = selectRange(t.ranges, { birthDate: BIRTH, sex }, onDate);
          const critical = selectRange(t.critical, { birthDate: BIRTH, sex }, onDate);
          if (range === undefined || critical === undefined) continue;
          if (critical.low !== undefined && range.low !== undefined) expect(critical.low, `${t.code} ${sex} day ${day}`).toBeLessThan(range.low);
          if (critical.high !== undefined && range.high !== undefined) expect(critical.high, `${t.code} ${sex} day ${day}`).toBeGreaterThan(range.high);
        }
      }
    }
  });

  it('every shipped test passes the checks a supervisor\'s change must pass; those checks catch overlaps and a critical limit inside the range', () => {
    for (const t of LAB_TESTS) if (t.result.type === 'numeric') expect(limitsProblems(t, t), t.code).toEqual({});
    const k = test('K');
    const src = 'a local verification study';
    expect(limitsProblems(k, { ranges: [{ sex: 'F', low: 3.5, high: 5, source: src }, { sex: 'F', ageFrom: { value: 1, unit: 'a' }, low: 3.6, high: 5, source: src }], critical: [] }))
      .toEqual({ 'ranges.1': 'overlaps the ages of band 1 (F)' });
    expect(limitsProblems(k, { ranges: [{ sex: 'any', low: 3.5, high: 5.2, source: src }], critical: [{ sex: 'any', low: 2.5, high: 5.0, source: src }] }))
      .toEqual({ critical: 'the critical high 5 is not above the range\'s high 5.2 (F, day 0)' });
    expect(limitsProblems(test('MAL_RDT'), { ranges: [], critical: [] })).toEqual({ testCode: 'MAL_RDT is a coded test: it has no numeric ranges' });
  });

  it('selects by exact birthday and by days for neonates on the real data', () => {
    const hb = test('HGB');
    const girl = { birthDate: '2026-01-01', sex: 'F' as const };
    // Day 13 is still neonatal, day 14 starts the next band (ages are whole days from birth).
    expect(rangeInForce(hb, girl, '2026-01-14')).toMatchObject({ low: 145, high: 225, criticalLow: 95, criticalHigh: 240 });
    expect(rangeInForce(hb, girl, '2026-01-15')).toMatchObject({ low: 95, high: 180, criticalLow: 70, criticalHigh: 200 });
    // The 18th birthday moves a creatinine from the CALIPER band to the adult one.
    const man = { birthDate: '2008-03-10', sex: 'M' as const };
    expect(rangeInForce(test('CREAT'), man, '2026-03-09')).toMatchObject({ low: 57, high: 92 });
    expect(rangeInForce(test('CREAT'), man, '2026-03-10')).toMatchObject({ low: 60, high: 110 });
    // Glucose: the neonatal hypoglycaemia threshold until day 28.
    expect(rangeInForce(test('GLU'), girl, '2026-01-28')).toMatchObject({ low: 2.6, high: 7.8, criticalLow: 2.5, criticalHigh: 25 });
    expect(rangeInForce(test('GLU'), girl, '2026-01-29')).toMatchObject({ low: 3.9, high: 7.8 });
    // ALP by sex in adolescence.
    expect(rangeInForce(test('ALP'), { birthDate: '2012-06-01', sex: 'F' }, '2026-06-01')).toMatchObject({ low: 62, high: 280 });
    expect(rangeInForce(test('ALP'), { birthDate: '2012-06-01', sex: 'M' }, '2026-06-01')).toMatchObject({ low: 127, high: 517 });
  });

  it('an unknown birth date uses the adult bands, and unknown sex the widest, both marked', () => {
    expect(rangeInForce(test('NA'), { birthDate: null, sex: 'F' }, '2026-01-01')).toMatchObject({ low: 135, high: 145, criticalLow: 120, criticalHigh: 160 });
    expect(rangeInForce(test('HGB'), { birthDate: null, sex: 'F' }, '2026-01-01')).toMatchObject({ low: 115, high: 165, criticalLow: 70, criticalHigh: 200, text: '115–165 (adult, age not recorded)' });
    expect(rangeInForce(test('HGB'), { birthDate: '1980-01-01', sex: 'U' }, '2026-01-01')).toMatchObject({ low: 115, high: 180, text: '115–180 (either sex)' });
  });

  it('describes analytes for the result grid: unit, decimals, choices, range text', () => {
    const adult = { birthDate: '1980-05-05', sex: 'M' as const };
    expect(labAnalyte(test('K'), adult, '2026-01-01')).toEqual({
      code: 'K', name: 'Potassium', type: 'numeric', unit: 'mmol/L', decimals: 1, calculated: false,
      range: { low: 3.5, high: 5.2, criticalLow: 2.5, criticalHigh: 6.5, text: '3.5–5.2', source: expect.stringContaining('AACB') as string },
    });
    expect(labAnalyte(test('MAL_RDT'), adult, '2026-01-01')).toMatchObject({ type: 'coded', unit: null, choices: expect.arrayContaining([{ code: 'negative', label: 'Negative', abnormal: false }]) as unknown, range: { text: 'Negative' } });
    expect(labAnalyte(test('WIDAL_O'), adult, '2026-01-01')).toMatchObject({ type: 'titre', range: { text: '< 1:160' } });
    expect(labAnalyte(test('EGFR'), adult, '2026-01-01')).toMatchObject({ calculated: true, unit: 'mL/min/{1.73_m2}', range: { text: '≥ 60' } });
  });
});

describe('calculated tests from their inputs', () => {
  it('computes from the catalogue codes, and says why when a formula does not apply', () => {
    const inputs = new Map([['CREAT', 80], ['CHOL', 5.2], ['HDL', 1.3], ['TRIG', 1.5], ['NA', 140], ['CL', 104], ['HCO3', 24], ['CA', 2.1], ['ALB', 30]]);
    const adult = { sex: 'F', ageYears: 50 };
    expect(deriveCalculated('anion_gap', inputs, adult)).toMatchObject({ ok: true, value: 12 });
    expect((deriveCalculated('corrected_calcium_payne', inputs, adult) as { value: number }).value).toBeCloseTo(2.3, 10);
    expect((deriveCalculated('ldl_friedewald', inputs, adult) as { value: number }).value).toBeCloseTo(5.2 - 1.3 - 1.5 / 2.2, 10);
    expect(deriveCalculated('ldl_friedewald', new Map([...inputs, ['TRIG', 4.6]]), adult)).toMatchObject({ ok: false, reason: 'triglycerides above 4.5 mmol/L' });
    expect(deriveCalculated('egfr_ckd_epi_2021', inputs, { sex: 'F', ageYears: 12 })).toMatchObject({ ok: false, reason: 'patient under 18 years' });
    expect(deriveCalculated('egfr_ckd_epi_2021', inputs, { sex: 'U', ageYears: 40 })).toMatchObject({ ok: false });
    expect(deriveCalculated('anion_gap', new Map([['NA', 140]]), adult)).toBeUndefined();
  });
});
