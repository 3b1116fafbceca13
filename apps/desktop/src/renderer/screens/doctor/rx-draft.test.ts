import { FORMULARY_SEED, drugDisplayName } from '@hms/core';
import type { Drug } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { checkItemOf, draftItemFor, prescriptionItemOf } from './rx-draft.js';

function drug(generic: string, strengthText: string, form: string): Drug {
  const data = FORMULARY_SEED.find((item) => item.generic === generic && item.strengthText === strengthText && item.form === form);
  if (data === undefined) throw new Error(`no ${generic} ${strengthText} ${form} in the seed`);
  return { ...data, id: '00000000-0000-4000-8000-0000000000aa', version: 1, name: drugDisplayName(data), source: 'shipped', updatedAt: '2026-12-02T08:00:00.000Z' };
}

describe('a prescription line as typed', () => {
  it('starts a capsule at one unit of its strength, by its first route, with no frequency chosen for the doctor', () => {
    const line = draftItemFor(drug('amoxicillin', '500 mg', 'capsule'), 'l1');
    expect(line).toMatchObject({ dose: '500', doseUnit: 'mg', route: 'oral', frequency: '', durationDays: '', quantity: '' });
  });

  it('leaves a liquid\'s dose to the doctor (a strength per mL is not one dose)', () => {
    const line = draftItemFor(drug('amoxicillin', '125 mg/5 mL', 'oral suspension'), 'l1');
    expect(line.dose).toBe('');
    expect(line.doseUnit).toBe('mg');
  });

  it('is checked once it has a dose and a frequency, not before', () => {
    const line = draftItemFor(drug('amoxicillin', '500 mg', 'capsule'), 'l1');
    expect(checkItemOf(line)).toBeUndefined();
    expect(checkItemOf({ ...line, frequency: 'tds' })).toEqual({ drugId: line.drug.id, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'tds' });
    expect(checkItemOf({ ...line, frequency: 'tds', dose: '0' })).toBeUndefined();
    expect(checkItemOf({ ...line, frequency: 'tds', dose: '2,5' })?.dose).toBe(2.5);
  });

  it('is prescribed with whole days and a quantity, else says which field is wrong', () => {
    const line = { ...draftItemFor(drug('azithromycin', '500 mg', 'tablet'), 'l1'), frequency: 'od' as const };
    const missing = prescriptionItemOf(line);
    expect(missing.ok).toBe(false);
    expect(missing.ok ? {} : missing.errors).toEqual({ durationDays: 'required', quantity: 'required' });
    const wrongDays = prescriptionItemOf({ ...line, durationDays: '2.5', quantity: '3' });
    expect(wrongDays.ok ? undefined : Object.keys(wrongDays.errors)).toEqual(['durationDays']);
    expect(prescriptionItemOf({ ...line, durationDays: '3', quantity: '3', instructions: '  after food ' })).toEqual({
      ok: true,
      item: { drugId: line.drug.id, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'od', durationDays: 3, quantity: 3, instructions: 'after food' },
    });
  });
});
