import { egfrCkdEpi2021 } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { ManualClock, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
let tech: TestClient;
let supervisor: TestClient;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    tech = await s.signedIn(['lab_technician'], 'LAB-DESK-2');
    supervisor = await s.signedIn(['lab_supervisor']);
  },
});

type Container = 'edta' | 'serum' | 'urine' | 'blood_culture' | 'fluoride';

/** A walk-in for a patient of this sex and birth date, collected in one container per group and received. */
async function received(patient: { sex: 'F' | 'M'; birthDate: string | null }, groups: Array<[Container, string[]]>) {
  const { id: patientId } = await insertTestPatient(stack.db, patient);
  const { entry } = await tech.call('lab.registerWalkIn', { patientId, referringClinician: 'Dr B. Wanjiru, Hill Clinic', tests: groups.flatMap(([, tests]) => tests) });
  const collected = await tech.call('lab.collect', { requestId: entry.requestId!, containers: groups.map(([container, tests]) => ({ container, tests })) });
  await tech.call('lab.receive', { barcodes: collected.specimens.map((s) => s.barcode) });
  const barcode = (code: string) => collected.specimens.find((s) => s.tests.includes(code))!.barcode;
  const testId = (code: string) => collected.entry.tests.find((t) => t.code === code)!.id!;
  const enter = (code: string, results: Array<{ analyte: string; value: string }>) => tech.call('lab.enterResults', { testId: testId(code), specimenBarcode: barcode(code), results });
  return { patientId, entry: collected.entry, registered: entry, barcode, testId, enter };
}

describe('result entry from the lab catalogue', () => {
  it('the worklist, lab.request and collection carry each test\'s analytes with the patient\'s range in force', async () => {
    const man = await received({ sex: 'M', birthDate: '1970-05-01' }, [['edta', ['FBC', 'MAL_RDT']], ['serum', ['UE']]]);
    const infant = await received({ sex: 'F', birthDate: '2025-12-20' }, [['edta', ['FBC']]]);
    const otherMan = await received({ sex: 'M', birthDate: '1985-02-02' }, [['edta', ['FBC']]]);
    expect(man.registered.tests.find((t) => t.code === 'FBC')!.analytes!).toHaveLength(14);

    // The worklist sends each set of analytes once, named by the tests' analytesKey.
    const { entries, analytes } = await tech.call('lab.worklist', {});
    const mine = entries.find((e) => e.requestId === man.entry.requestId)!;
    const analytesOf = (code: string) => {
      const test = mine.tests.find((t) => t.code === code)!;
      expect(test.analytes).toBeUndefined();
      return analytes[test.analytesKey!]!;
    };
    expect(analytesOf('FBC').map((a) => a.code)).toEqual(['HGB', 'WBC', 'RBC', 'HCT', 'MCV', 'MCH', 'MCHC', 'RDW', 'PLT', 'NEUT', 'LYMPH', 'MONO', 'EOS', 'BASO']);
    expect(analytesOf('FBC')[0]).toEqual({
      code: 'HGB', name: 'Haemoglobin', type: 'numeric', unit: 'g/L', decimals: 0, calculated: false,
      range: { low: 130, high: 180, criticalLow: 70, criticalHigh: 200, text: '130–180', source: expect.stringContaining('Dacie') as string },
    });
    expect(analytesOf('MAL_RDT')[0]).toMatchObject({ type: 'coded', unit: null, choices: expect.arrayContaining([{ code: 'negative', label: 'Negative', abnormal: false }]) as unknown });
    expect(analytesOf('UE').filter((a) => a.calculated).map((a) => a.code)).toEqual(['EGFR', 'AGAP']);
    // A 72-day-old girl: the Harriet Lane infant band, not the adult one, under a key of its own in the same answer.
    const baby = (await tech.call('lab.request', { requestId: infant.entry.requestId! })).entry.tests[0]!.analytes![0]!;
    expect(baby.range).toMatchObject({ low: 95, high: 180, source: expect.stringContaining('Harriet Lane') as string });
    const babyKey = entries.find((e) => e.requestId === infant.entry.requestId)!.tests[0]!.analytesKey!;
    expect(babyKey).not.toBe(mine.tests.find((t) => t.code === 'FBC')!.analytesKey);
    expect(analytes[babyKey]![0]!.range).toEqual(baby.range);
    // Another adult man's FBC is the same set: named by the same key, not sent again.
    expect(entries.find((e) => e.requestId === otherMan.entry.requestId)!.tests[0]!.analytesKey).toBe(mine.tests.find((t) => t.code === 'FBC')!.analytesKey);
  });

  it('flags against the age and sex band on the result\'s date, and keeps that range with the result', async () => {
    const infant = await received({ sex: 'F', birthDate: '2025-12-20' }, [['edta', ['FBC']]]);
    const { results } = await infant.enter('FBC', [{ analyte: 'HGB', value: '100' }, { analyte: 'WBC', value: '7.25' }]);
    // 100 g/L is normal for an infant (an adult woman's 115 would flag it L); WBC rounded to its 1 decimal.
    expect(results.map((r) => [r.analyte, r.value, r.flag])).toEqual([['HGB', '100', null], ['WBC', '7.3', null]]);
    expect(results[0]!.range).toMatchObject({ low: 95, high: 180, criticalLow: 70 });
    const stored = await stack.db('lab_results').where({ id: results[0]!.id }).first('reference_range');
    expect((stored as { reference_range: { source: string } }).reference_range.source).toContain('Harriet Lane');
  });

  it('computes eGFR and anion gap from a U&E entered together, stored with the formula, and again when an input is corrected', async () => {
    const woman = await received({ sex: 'F', birthDate: '1976-01-15' }, [['serum', ['UE']]]);
    const { results } = await woman.enter('UE', [
      { analyte: 'NA', value: '140' }, { analyte: 'K', value: '4.0' }, { analyte: 'CL', value: '104' }, { analyte: 'HCO3', value: '24' },
      { analyte: 'UREA', value: '5.0' }, { analyte: 'CREAT', value: '80' },
    ]);
    const egfr = results.find((r) => r.analyte === 'EGFR')!;
    const expected = egfrCkdEpi2021({ creatinineUmolL: 80, ageYears: 50, sex: 'F' });
    expect(egfr).toMatchObject({ value: String(Math.round(expected.ok ? expected.value : 0)), unit: 'mL/min/{1.73_m2}', flag: null, comment: expect.stringContaining('CKD-EPI 2021') as string });
    expect(results.find((r) => r.analyte === 'AGAP')).toMatchObject({ value: '12', flag: null, comment: expect.stringContaining('Na - (Cl + HCO3)') as string });
    // A calculated value is never typed in.
    const refused = await tech.callError('lab.enterResults', { testId: woman.testId('UE'), specimenBarcode: woman.barcode('UE'), results: [{ analyte: 'EGFR', value: '90' }] });
    expect(refused.details).toEqual({ fields: { 'results.0.analyte': 'EGFR is calculated from its inputs, not entered' } });
    // Creatinine corrected alone: eGFR follows it (a new version), from the stored age and sex.
    const corrected = await woman.enter('UE', [{ analyte: 'CREAT', value: '160' }]);
    const again = egfrCkdEpi2021({ creatinineUmolL: 160, ageYears: 50, sex: 'F' });
    expect(corrected.results.map((r) => [r.analyte, r.version])).toEqual([['CREAT', 2], ['EGFR', 2]]);
    expect(corrected.results[1]).toMatchObject({ value: String(Math.round(again.ok ? again.value : 0)), flag: 'L' });
  });

  it('an amended creatinine after release amends the released eGFR with it, and the doctor is told of both', async () => {
    const man = await received({ sex: 'M', birthDate: '1956-03-02' }, [['serum', ['UE']]]);
    const { results } = await man.enter('UE', [{ analyte: 'CREAT', value: '90' }]);
    const ids = results.map((r) => r.id);
    await tech.call('lab.validate', { resultIds: ids });
    await supervisor.call('lab.release', { resultIds: ids });
    const { result } = await supervisor.call('lab.amend', { resultId: results[0]!.id, value: '180', reason: 'Sample from the wrong patient read' });
    expect(result).toMatchObject({ analyte: 'CREAT', value: '180', flag: 'H', version: 2 });
    const current = (await tech.call('lab.request', { requestId: man.entry.requestId! })).results.filter((r) => r.analyte === 'EGFR');
    const expected = egfrCkdEpi2021({ creatinineUmolL: 180, ageYears: 70, sex: 'M' });
    expect(current.map((r) => [r.version, r.status, r.value, r.amendmentReason])).toEqual([
      [1, 'released', results[1]!.value, null],
      [2, 'released', String(Math.round(expected.ok ? expected.value : 0)), 'Sample from the wrong patient read (recalculated from the amended CREAT)'],
    ]);
    const audit = await stack.db('audit_log').where({ action: 'lab.amend', entity_id: man.patientId }).first('after');
    expect((audit as { after: { recalculated: unknown[] } }).after.recalculated).toEqual([{ id: current[1]!.id, analyte: 'EGFR', value: current[1]!.value, released: true }]);
  });

  it('LDL by Friedewald only below its triglyceride limit; corrected calcium by Payne; no eGFR for a child', async () => {
    const man = await received({ sex: 'M', birthDate: '1960-07-01' }, [['serum', ['LIPIDS', 'CA_MG_PO4']]]);
    const lipids = await man.enter('LIPIDS', [{ analyte: 'CHOL', value: '5.2' }, { analyte: 'HDL', value: '1.3' }, { analyte: 'TRIG', value: '1.5' }]);
    expect(lipids.results.find((r) => r.analyte === 'LDL')).toMatchObject({ value: '3.2', flag: 'H', comment: expect.stringContaining('Friedewald 1972') as string });
    const high = await man.enter('LIPIDS', [{ analyte: 'TRIG', value: '5.0' }]);
    expect(high.results.find((r) => r.analyte === 'LDL')).toMatchObject({ value: 'Not calculated: triglycerides above 4.5 mmol/L', flag: null, version: 2 });
    const calcium = await man.enter('CA_MG_PO4', [{ analyte: 'CA', value: '2.05' }, { analyte: 'ALB', value: '30' }]);
    expect(calcium.results.map((r) => [r.analyte, r.value, r.flag])).toEqual([['CA', '2.05', 'L'], ['ALB', '30', 'L'], ['CA_CORR', '2.25', null]]);

    const child = await received({ sex: 'F', birthDate: '2016-04-01' }, [['serum', ['UE']]]);
    const ue = await child.enter('UE', [{ analyte: 'CREAT', value: '45' }]);
    expect(ue.results.map((r) => [r.analyte, r.value, r.flag])).toEqual([['CREAT', '45', null], ['EGFR', 'Not calculated: patient under 18 years', null]]);
  });

  it('reads titres, organisms and coded answers, flagging the abnormal ones', async () => {
    const patient = await received({ sex: 'F', birthDate: '1990-02-02' }, [['serum', ['BRUCELLA', 'SYPHILIS']], ['blood_culture', ['BLOOD_CULTURE']], ['urine', ['URINALYSIS']]]);
    expect((await patient.enter('BRUCELLA', [{ analyte: 'BRUCELLA', value: '1:320' }])).results[0]).toMatchObject({ value: '1:320', flag: 'A' });
    expect((await patient.enter('BRUCELLA', [{ analyte: 'BRUCELLA', value: '80' }])).results[0]).toMatchObject({ value: '1:80', flag: null, version: 2 });
    expect((await patient.enter('SYPHILIS', [{ analyte: 'SYPHILIS', value: 'non-reactive' }])).results[0]).toMatchObject({ value: 'Non-reactive', flag: null });
    expect((await patient.enter('BLOOD_CULTURE', [{ analyte: 'BLOOD_CULTURE', value: 'No growth after 5 days' }])).results[0]!.flag).toBeNull();
    expect((await patient.enter('BLOOD_CULTURE', [{ analyte: 'BLOOD_CULTURE', value: 'Staphylococcus aureus' }])).results[0]).toMatchObject({ flag: 'A', version: 2 });
    const urine = await patient.enter('URINALYSIS', [{ analyte: 'U_PROT', value: '2+' }, { analyte: 'U_NIT', value: 'negative' }, { analyte: 'U_SG', value: '1.02' }]);
    expect(urine.results.map((r) => [r.analyte, r.value, r.flag])).toEqual([['U_PROT', '2+', 'A'], ['U_NIT', 'Negative', null], ['U_SG', '1.020', null]]);
    const bad = await tech.callError('lab.enterResults', { testId: patient.testId('SYPHILIS'), specimenBarcode: patient.barcode('SYPHILIS'), results: [{ analyte: 'SYPHILIS', value: 'high' }] });
    expect(bad.details).toEqual({ fields: { 'results.0.value': 'is not a titre (1:64, 64 or negative)' } });
  });
});
