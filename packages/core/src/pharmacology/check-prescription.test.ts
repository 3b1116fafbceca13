import { describe, expect, it } from 'vitest';
import { isHmsError } from '../errors.js';
import { checkPrescription, compileSafetyKnowledge, unresolvedBlockingAlerts } from './check-prescription.js';
import type { PatientAllergyFact, PatientFacts, ProposedItem } from './check-prescription.js';
import { seedFormulary, seedRuleSet } from './seed-knowledge.js';

const formulary = seedFormulary();
const ruleSet = seedRuleSet();
const knowledge = compileSafetyKnowledge(formulary, ruleSet);
const drug = (code: string) => {
  const found = formulary.find((candidate) => candidate.code === code);
  if (found === undefined) throw new Error(`no ${code} in the seed`);
  return found;
};
const item = (code: string, dose: number, doseUnit: ProposedItem['doseUnit'] = 'mg', frequency: ProposedItem['frequency'] = 'tds'): ProposedItem => ({
  drugId: drug(code).id, dose, doseUnit, route: drug(code).routes[0]!, frequency,
});
const adult: PatientFacts = { ageYears: 34, weightKg: 62, allergies: [], currentMedications: [] };
const allergy = (text: string, fields: Partial<PatientAllergyFact['substance']> = {}, severity: PatientAllergyFact['severity'] = 'moderate'): PatientAllergyFact => ({
  id: `allergy-${text}`, substance: { kind: 'drug', text, ...fields }, severity,
});

describe('checkPrescription: what the doctor sees', () => {
  it('blocks amoxicillin for a patient allergic to penicillin, and lets azithromycin through', () => {
    const patient = { ...adult, allergies: [allergy('Penicillin', { kind: 'drugClass', code: 'penicillins' })] };
    const amoxicillin = checkPrescription(knowledge, patient, [item('amoxicillin-500mg-capsule', 500)]);
    expect(amoxicillin.map((alert) => [alert.ruleCode, alert.severity, alert.blocking])).toEqual([['allergy.penicillins', 'contraindicated', true]]);
    expect(amoxicillin[0]!.ruleVersion).toBe(1);
    expect(amoxicillin[0]!.ruleSetVersion).toBe(ruleSet.version);
    expect(amoxicillin[0]!.citation).toContain('Drug allergy');
    expect(checkPrescription(knowledge, patient, [item('azithromycin-500mg-tablet', 500, 'mg', 'od')])).toEqual([]);
  });

  it('finds a free-text allergy by generic or class name ("sulfa", "amoxicillin rash")', () => {
    const sulfa = checkPrescription(knowledge, { ...adult, allergies: [allergy('allergic to sulfa drugs')] }, [item('sulfamethoxazole-trimethoprim-800mg160mg-tablet', 1, 'tablet', 'bd')]);
    expect(sulfa.map((alert) => alert.ruleCode)).toEqual(['allergy.sulfonamide-antibacterials']);
    const rash = checkPrescription(knowledge, { ...adult, allergies: [allergy('Amoxicillin - rash')] }, [item('ampicillin-1g-powder-for-injection', 1, 'g', 'q6h')]);
    expect(rash.map((alert) => alert.ruleCode)).toEqual(['allergy.penicillins']);
    // Food and other substances never match a drug, even by name.
    expect(checkPrescription(knowledge, { ...adult, allergies: [allergy('penicillin mould in cheese', { kind: 'food' })] }, [item('amoxicillin-500mg-capsule', 500)])).toEqual([]);
  });

  it('names the very medicine when the allergy is to it, instead of its class', () => {
    const alerts = checkPrescription(knowledge, { ...adult, allergies: [allergy('amoxicillin', { code: 'amoxicillin' })] }, [item('amoxicillin-clavulanic-acid-500mg125mg-tablet', 1, 'tablet')]);
    expect(alerts.map((alert) => alert.ruleCode)).toEqual(['allergy.same-medicine']);
  });

  it('warns of cephalosporin cross-reactivity, more strongly after a severe penicillin reaction', () => {
    const mild = checkPrescription(knowledge, { ...adult, allergies: [allergy('penicillin', {}, 'mild')] }, [item('ceftriaxone-1g-powder-for-injection', 1, 'g', 'od')]);
    expect(mild.map((alert) => [alert.ruleCode, alert.severity, alert.blocking])).toEqual([['allergy.penicillin-cephalosporin', 'moderate', false]]);
    expect(mild[0]!.management).toContain('side chain');
    const severe = checkPrescription(knowledge, { ...adult, allergies: [allergy('penicillin', {}, 'life-threatening')] }, [item('ceftriaxone-1g-powder-for-injection', 1, 'g', 'od')]);
    expect(severe.map((alert) => [alert.severity, alert.blocking])).toEqual([['major', true]]);
  });

  it('shows the warfarin interaction when ibuprofen is prescribed to a patient already on warfarin', () => {
    const patient = { ...adult, currentMedications: [{ drugId: drug('warfarin-5mg-tablet').id }] };
    const alerts = checkPrescription(knowledge, patient, [item('ibuprofen-400mg-tablet', 400)]);
    expect(alerts.map((alert) => [alert.ruleCode, alert.blocking, alert.currentDrugId, alert.itemIndexes])).toEqual([
      ['ddi.warfarin-nsaids', true, drug('warfarin-5mg-tablet').id, [0]],
    ]);
    expect(alerts[0]!.message).toContain('already taking');
  });

  it('keeps one alert per risk, with the more specific rule in place of the general one', () => {
    const alerts = checkPrescription(knowledge, adult, [item('clarithromycin-500mg-tablet', 500, 'mg', 'bd'), item('simvastatin-40mg-tablet', 40, 'mg', 'nocte')]);
    expect(alerts.map((alert) => alert.ruleCode)).toContain('onc.statins-cyp3a4-inhibitors');
    expect(alerts.map((alert) => alert.ruleCode)).not.toContain('fda.cyp3a4-strong-inhibitor-sensitive-substrate');
  });

  it('gives the same keys whatever the order of the items, and new keys when what was checked changes', () => {
    const a = item('warfarin-5mg-tablet', 5, 'mg', 'od');
    const b = item('fluconazole-150mg-capsule', 150, 'mg', 'once');
    const keys = (items: ProposedItem[]) => checkPrescription(knowledge, adult, items).map((alert) => alert.alertKey).sort();
    expect(keys([a, b])).toEqual(keys([b, a]));
    expect(keys([a, b])).toEqual(['interaction:ddi.warfarin-azoles:fluconazole+warfarin']);
    const overdose = (dose: number) => checkPrescription(knowledge, adult, [item('paracetamol-500mg-tablet', dose, 'mg', 'qds')]).map((alert) => alert.alertKey);
    expect(overdose(2000)).toHaveLength(1);
    expect(overdose(2000)).not.toEqual(overdose(3000));
  });

  it('leaves blocking alerts unresolved until each has an override with a reason', () => {
    const patient = { ...adult, allergies: [allergy('penicillin')], currentMedications: [{ drugId: drug('warfarin-5mg-tablet').id }] };
    const alerts = checkPrescription(knowledge, patient, [item('amoxicillin-500mg-capsule', 500), item('ibuprofen-400mg-tablet', 400)]);
    expect(alerts.filter((alert) => alert.blocking)).toHaveLength(2);
    const [first, second] = alerts.filter((alert) => alert.blocking);
    expect(unresolvedBlockingAlerts(alerts, [{ alertKey: first!.alertKey, reason: 'Tolerated amoxicillin in 2024, allergy label doubtful' }])).toEqual([second]);
    expect(unresolvedBlockingAlerts(alerts, [{ alertKey: first!.alertKey, reason: '   ' }, { alertKey: second!.alertKey, reason: 'INR monitored weekly' }])).toEqual([first]);
  });

  it('checks a child\'s dose per kg of the latest weight, and asks for a weight when there is none', () => {
    const syrup = (ml: number) => [item('paracetamol-120mg5ml-syrup', ml, 'mL', 'qds')];
    // 15 mg/kg for 12 kg is 180 mg: 7.5 mL of 120 mg/5 mL. 10 mL (240 mg) is too much.
    const child = (weightKg: number | null) => ({ ageYears: 3, weightKg, allergies: [], currentMedications: [] });
    expect(checkPrescription(knowledge, child(12), syrup(7.5))).toEqual([]);
    const over = checkPrescription(knowledge, child(12), syrup(10));
    expect(over.map((alert) => alert.ruleCode)).toEqual(['dose.paracetamol']);
    expect(over[0]!.message).toContain('180 mg (15 mg/kg for 12 kg)');
    const noWeight = checkPrescription(knowledge, child(null), syrup(7.5));
    expect(noWeight.map((alert) => [alert.ruleCode, alert.kind, alert.blocking])).toEqual([['dose.weight-required', 'weight', true]]);
    // An adult's dose is not per kg: no weight needed.
    expect(checkPrescription(knowledge, { ...adult, weightKg: null }, [item('paracetamol-500mg-tablet', 1000, 'mg', 'qds')])).toEqual([]);
  });

  it('says when a dose cannot be checked rather than passing it silently', () => {
    const alerts = checkPrescription(knowledge, adult, [item('paracetamol-500mg-tablet', 10, 'mL', 'qds')]);
    expect(alerts.map((alert) => [alert.ruleCode, alert.severity])).toEqual([['dose.paracetamol', 'moderate']]);
    expect(alerts[0]!.message).toContain('could not be checked');
  });

  it('is VALIDATION on an item whose drug is not in the formulary', () => {
    let error: unknown;
    try {
      checkPrescription(knowledge, adult, [item('paracetamol-500mg-tablet', 500), { ...item('paracetamol-500mg-tablet', 500), drugId: 'gone' }]);
    } catch (caught) {
      error = caught;
    }
    expect(isHmsError(error) && error.code === 'VALIDATION' && error.details).toEqual({ fields: { 'items.1.drugId': 'is not in the formulary' } });
  });

  it('ignores a rule a pharmacist switched off', () => {
    const off = compileSafetyKnowledge(formulary, { ...ruleSet, version: 2, rules: ruleSet.rules.map((rule) => (rule.code === 'ddi.warfarin-nsaids' ? { ...rule, active: false, version: 2 } : rule)) });
    const patient = { ...adult, currentMedications: [{ drugId: drug('warfarin-5mg-tablet').id }] };
    expect(checkPrescription(off, patient, [item('ibuprofen-400mg-tablet', 400)])).toEqual([]);
  });

  it('runs on data that survives JSON (what a desk caches)', () => {
    const cached = compileSafetyKnowledge(JSON.parse(JSON.stringify(formulary)), JSON.parse(JSON.stringify(ruleSet)));
    const patient = { ...adult, allergies: [allergy('penicillin')] };
    expect(checkPrescription(cached, patient, [item('amoxicillin-500mg-capsule', 500)])).toEqual(checkPrescription(knowledge, patient, [item('amoxicillin-500mg-capsule', 500)]));
  });
});
