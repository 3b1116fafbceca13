import type { Drug, SafetyAlert } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { draftOfItem, refusedAlerts, resentPrescription } from './rx-fix.js';
import type { PrescriptionParams } from './rx-fix.js';

const amoxicillin = { id: '00000000-0000-4000-8000-000000000031', name: 'Amoxicillin 500 mg capsule', routes: ['oral'] } as unknown as Drug;
const azithromycin = { id: '00000000-0000-4000-8000-000000000032', name: 'Azithromycin 500 mg tablet', routes: ['oral'] } as unknown as Drug;
const params: PrescriptionParams = {
  id: '00000000-0000-4000-8000-000000000040',
  encounterId: '00000000-0000-4000-8000-000000000041',
  items: [{ drugId: amoxicillin.id, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'tds', durationDays: 5, quantity: 15 }],
  overrides: [],
};
const allergy = { alertKey: 'allergy:penicillins:0', blocking: true } as SafetyAlert;
const minor = { alertKey: 'dup:x', blocking: false } as SafetyAlert;

describe('fixing a refused prescription', () => {
  it('reads the blocking alerts the refusal named, and nothing from another refusal', () => {
    expect(refusedAlerts({ details: { reason: 'blocking_alerts', alerts: [allergy] } })).toEqual([allergy]);
    expect(refusedAlerts({ details: { fields: { dose: 'too high' } } })).toEqual([]);
  });

  it('sends the same prescription id with the line as corrected: another drug, its own dose', () => {
    const line = { ...draftOfItem(params.items[0]!, azithromycin, 'fix-0'), drug: azithromycin, dose: '500', frequency: 'od' as const, durationDays: '3', quantity: '3' };
    const resent = resentPrescription(params, [line], [], {});
    expect(resent.id).toBe(params.id);
    expect(resent.encounterId).toBe(params.encounterId);
    expect(resent.items).toEqual([{ drugId: azithromycin.id, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'od', durationDays: 3, quantity: 3 }]);
    expect(resent.overrides).toEqual([]);
  });

  it('overrides a blocking alert only with a reason given; a non-blocking one needs none', () => {
    const line = draftOfItem(params.items[0]!, amoxicillin, 'fix-0');
    expect(resentPrescription(params, [line], [allergy, minor], { [allergy.alertKey]: '   ' }).overrides).toEqual([]);
    expect(resentPrescription(params, [line], [allergy, minor], { [allergy.alertKey]: ' Tolerated amoxicillin in 2024 ', [minor.alertKey]: 'x' }).overrides)
      .toEqual([{ alertKey: allergy.alertKey, reason: 'Tolerated amoxicillin in 2024' }]);
  });

  it('sends a line still wrong as typed, so the server names the field, rather than dropping it', () => {
    const line = { ...draftOfItem(params.items[0]!, amoxicillin, 'fix-0'), dose: '' };
    const resent = resentPrescription(params, [line], [], {});
    expect(resent.items).toHaveLength(1);
    expect(resent.items[0]!.dose).toBe(0);
  });

  it('adds the reason to go on the signed consultation when it was signed since, and none while it is open', () => {
    const line = draftOfItem(params.items[0]!, amoxicillin, 'fix-0');
    expect(resentPrescription(params, [line], [], {}, ' LAN was down; the sign got there first ').afterSign).toEqual({ reason: 'LAN was down; the sign got there first' });
    // Empty, it still goes: the server's VALIDATION names afterSign.reason for the form.
    expect(resentPrescription(params, [line], [], {}, '').afterSign).toEqual({ reason: '' });
    expect(resentPrescription({ ...params, afterSign: { reason: 'old' } }, [line], [], {})).not.toHaveProperty('afterSign');
  });
});
