import type { AllergySummary } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { allergiesOnDesk, allergyRefusal, sameSubstance } from './allergy-rules.js';
import type { PendingWrite } from './triage.js';

const summary = (status: 'active' | 'refuted'): AllergySummary => ({
  status: status === 'active' ? 'allergies' : 'not_recorded',
  noneKnown: null,
  items: [{
    id: 'a1', revision: 1, patientId: 'p', substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: null, severity: 'moderate', status,
    note: null, recordedAt: '2026-12-01T10:00:00.000Z', recordedByName: 'Nina',
  }],
});
const queuedAllergy: PendingWrite = {
  key: 'k', patientId: 'p', visitId: null, label: 'Allergy', queuedAt: '2026-12-02T09:00:00.000Z', state: 'queued',
  change: { kind: 'allergy', allergyId: null, substance: { kind: 'food', code: null, text: 'Peanuts' }, reaction: null, severity: 'severe', status: 'active' },
};
const record = (substance: { kind: 'drug' | 'drugClass' | 'food' | 'other'; code?: string; text: string }) => ({
  method: 'allergies.record' as const, params: { patientId: 'p', substance, severity: 'mild' as const, status: 'active' as const },
});

describe('allergy rules at the desk (the server\'s, seen from what the desk holds)', () => {
  it('the same substance: same kind and code, else the same text whatever its case', () => {
    expect(sameSubstance({ kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, { kind: 'drugClass', code: 'penicillins', text: 'PCN' })).toBe(true);
    expect(sameSubstance({ kind: 'drug', code: 'amoxicillin', text: 'x' }, { kind: 'drug', code: 'ampicillin', text: 'x' })).toBe(false);
    expect(sameSubstance({ kind: 'food', code: null, text: 'Peanuts' }, { kind: 'food', text: 'peanuts' })).toBe(true);
    expect(sameSubstance({ kind: 'food', code: null, text: 'Peanuts' }, { kind: 'other', text: 'Peanuts' })).toBe(false);
  });

  it('refuses a second allergy to a substance recorded (in any state) or queued here; a revision is not a second one', () => {
    expect(allergyRefusal(summary('refuted'), [], record({ kind: 'drugClass', code: 'penicillins', text: 'penicillin' }))).toMatchObject({ reason: 'already_recorded', allergyId: 'a1' });
    expect(allergyRefusal(null, [queuedAllergy], record({ kind: 'food', text: 'PEANUTS' }))).toMatchObject({ reason: 'already_recorded' });
    expect(allergyRefusal(summary('active'), [queuedAllergy], record({ kind: 'food', text: 'Eggs' }))).toBeUndefined();
    expect(allergyRefusal(summary('active'), [], { method: 'allergies.record', params: { ...record({ kind: 'drugClass', code: 'penicillins', text: 'P' }).params, allergyId: 'a1' } })).toBeUndefined();
  });

  it('refuses "no known allergies" beside an active allergy, recorded or queued; a refuted one or a refused write does not stand in the way', () => {
    expect(allergyRefusal(summary('active'), [], { method: 'allergies.noneKnown' })).toMatchObject({ reason: 'active_allergies' });
    expect(allergyRefusal(summary('refuted'), [queuedAllergy], { method: 'allergies.noneKnown' })).toMatchObject({ reason: 'active_allergies' });
    expect(allergyRefusal(summary('refuted'), [{ ...queuedAllergy, state: 'refused' }], { method: 'allergies.noneKnown' })).toBeUndefined();
    expect(allergyRefusal(null, [], { method: 'allergies.noneKnown' })).toBeUndefined();
  });

  it('counts this desk\'s queued revisions: an allergy refuted here no longer stands in the way of "no known allergies"', () => {
    const refuting: PendingWrite = {
      ...queuedAllergy, key: 'r', change: { kind: 'allergy', allergyId: 'a1', substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: null, severity: 'moderate', status: 'refuted' },
    };
    expect(allergiesOnDesk(summary('active'), [refuting, queuedAllergy]).map((allergy) => [allergy.id, allergy.text, allergy.status, allergy.pendingKey])).toEqual([
      ['a1', 'Penicillins', 'refuted', 'r'], [null, 'Peanuts', 'active', 'k'],
    ]);
    expect(allergyRefusal(summary('active'), [refuting], { method: 'allergies.noneKnown' })).toBeUndefined();
    // A second allergy to the substance is still one: the refuted one is revised, not recorded again.
    expect(allergyRefusal(summary('active'), [refuting], record({ kind: 'drugClass', code: 'penicillins', text: 'P' }))).toMatchObject({ reason: 'already_recorded' });
  });
});
