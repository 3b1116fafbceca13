import { validatePatientInput } from '@hms/core';
import type { Patient } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { changesSomething, draftFromParams, draftFromPatient, editedFields, emptyDraft, toDemographics, toUpdate, withoutEdited } from './patient-draft.js';
import { ageLabel, formatPhone, listItemOf, patientFromBrief, printPatientOf, provisionalPatient } from './patients.js';

const patient: Patient = {
  id: '6f1c1c3e-9c4e-4a53-8b0e-0a4d1f6b2c11', mrn: 'PAT-2026-000042-7', givenName: 'Amina', middleName: null, familyName: 'Yusuf', sex: 'F',
  birthDate: '1990-04-12', birthDateEstimated: false, phone: '+254722123456', alternatePhone: null, nationalId: '29384756',
  address: { village: 'Kibera', city: 'Nairobi' }, emergencyContact: { name: 'Hassan Yusuf', relationship: 'Brother', phone: '+254733000111' },
  insurance: null, bloodGroup: 'O+', preferredLanguage: 'Swahili', registeredOffline: false, registeredAt: '2026-03-01T08:00:00.000Z',
  mergedInto: null, version: 3, createdAt: '2026-03-01T08:00:00.000Z', updatedAt: '2026-03-02T08:00:00.000Z',
};

describe('patient form drafts', () => {
  it('sends only what was typed, trimmed, groups only when partly filled', () => {
    const draft = { ...emptyDraft(), givenName: ' Amina ', familyName: 'Yusuf', sex: 'F' as const, birthDate: '1990-04-12', phone: '0722 123 456' };
    draft.emergencyContact = { name: 'Hassan', relationship: '', phone: '0733 000 111' };
    expect(toDemographics(draft)).toEqual({
      givenName: 'Amina', familyName: 'Yusuf', sex: 'F', birthDate: '1990-04-12', phone: '0722 123 456',
      emergencyContact: { name: 'Hassan', phone: '0733 000 111' },
    });
    // Only an age: the estimate replaces the date; a wrong age is left to the rules to name.
    expect(toDemographics({ ...draft, ageOnly: true, ageYears: '34' })).toMatchObject({ estimatedAgeYears: 34 });
    expect(toDemographics({ ...draft, ageOnly: true, ageYears: '34' })).not.toHaveProperty('birthDate');
    expect(() => validatePatientInput(toDemographics({ ...draft, ageOnly: true, ageYears: 'x' }), { today: '2026-03-02' })).toThrow();
    // A half-filled insurance is sent, so the rules can point at the missing box.
    const insured = toDemographics({ ...draft, insurance: { payer: 'NHIF', memberNumber: '', validFrom: '', validTo: '' } });
    expect(insured.insurance).toEqual({ payer: 'NHIF', memberNumber: '' });
  });

  it('corrects only changed fields, clears emptied ones, and carries the version read', () => {
    const draft = draftFromPatient(patient);
    expect(changesSomething(toUpdate(patient, draft))).toBe(false);
    const edited = { ...draft, phone: '0711 222 333', preferredLanguage: '', address: { ...draft.address, village: 'Kawangware' } };
    expect(toUpdate(patient, edited)).toEqual({
      id: patient.id, expectedVersion: 3, phone: '0711 222 333', preferredLanguage: null, address: { village: 'Kawangware', city: 'Nairobi' },
    });
    expect(toUpdate(patient, { ...draft, ageOnly: true, ageYears: '40' })).toMatchObject({ estimatedAgeYears: 40 });
    expect(toUpdate(patient, { ...draft, birthDate: '' })).toMatchObject({ birthDate: null });
    // A record registered offline (version 0) has no version the server knows yet.
    expect(toUpdate({ ...patient, version: 0 }, edited)).not.toHaveProperty('expectedVersion');
  });

  it('reads a refused registration back into the form', () => {
    const draft = draftFromParams({ givenName: 'Amina', familyName: 'Yusuf', sex: 'F', estimatedAgeYears: 30, address: { city: 'Nairobi' } });
    expect(draft).toMatchObject({ givenName: 'Amina', ageOnly: true, ageYears: '30', address: { city: 'Nairobi', village: '' } });
  });
  it('drops the message of a box once it is edited, keeping the others until the next submit', () => {
    const before = { ...emptyDraft(), givenName: 'Amina', phone: '12' };
    const errors = {
      familyName: 'must not be empty', sex: 'is required (F, M, O or U)', phone: 'is not a phone number', estimatedAgeYears: 'must be a whole number',
      emergencyContact: 'needs a name and a phone', 'insurance.memberNumber': 'must not be empty',
    };
    const phoneFixed = { ...before, phone: '0722 123 456' };
    expect(editedFields(before, phoneFixed)).toEqual(['phone']);
    expect(withoutEdited(errors, editedFields(before, phoneFixed))).not.toHaveProperty('phone');
    expect(Object.keys(withoutEdited(errors, editedFields(before, phoneFixed)))).toHaveLength(5);
    // The age box answers for estimatedAgeYears; switching to the age replaces the date of birth.
    expect(editedFields(before, { ...before, ageOnly: true, ageYears: '4' })).toEqual(['birthDate', 'estimatedAgeYears']);
    // A box of a group clears the group's message and its own, not its neighbours'.
    const contact = editedFields(before, { ...before, emergencyContact: { ...before.emergencyContact, phone: '0733' } });
    expect(contact).toEqual(['emergencyContact.phone']);
    expect(withoutEdited(errors, contact)).not.toHaveProperty('emergencyContact');
    expect(withoutEdited(errors, contact)).toHaveProperty(['insurance.memberNumber']);
    expect(withoutEdited(errors, editedFields(before, { ...before, insurance: { ...before.insurance, memberNumber: 'NH-1' } }))).not.toHaveProperty(['insurance.memberNumber']);
    expect(withoutEdited(errors, [])).toEqual(errors);
  });
});

describe('patient records', () => {
  it('tells ages in years, months or days, estimates marked', () => {
    expect(ageLabel('1990-04-12', false, '2026-03-02')).toBe('35 y');
    expect(ageLabel('1990-03-02', true, '2026-03-02')).toBe('~36 y');
    expect(ageLabel('2025-01-15', false, '2026-03-02')).toBe('13 mo');
    expect(ageLabel('2026-02-20', false, '2026-03-02')).toBe('10 d');
    expect(ageLabel(null, false, '2026-03-02')).toBe('');
  });

  it('shows stored phone numbers in groups', () => {
    expect(formatPhone('+254722123456')).toBe('+254 722 123 456');
    expect(formatPhone('+2547221234567')).toBe('+254 722 123 4567');
    expect(formatPhone('+441632960961')).toBe('+441632960961');
    expect(formatPhone('0722')).toBe('0722');
    expect(formatPhone(null)).toBe('');
  });

  it('builds the offline record exactly as the server will hold it, at version 0', () => {
    const valid = validatePatientInput({ givenName: ' Amina ', familyName: 'Yusuf', sex: 'F', estimatedAgeYears: 30, phone: '0722 123 456' }, { today: '2026-03-02' });
    const record = provisionalPatient(valid, patient.id, 'PAT-2026-000100-3', '2026-03-02T09:00:00.000Z');
    expect(record).toMatchObject({ givenName: 'Amina', birthDate: '1996-03-02', birthDateEstimated: true, phone: '+254722123456', version: 0, registeredOffline: true });
    expect(printPatientOf(record)).toEqual({ mrn: 'PAT-2026-000100-3', name: 'Amina Yusuf', sex: 'F', birthDate: '1996-03-02', birthDateEstimated: true, phone: '+254722123456' });
    const brief = listItemOf(patient, false);
    expect(patientFromBrief(brief, '2026-03-02T09:00:00.000Z')).toMatchObject({ mrn: patient.mrn, address: null, version: 3 });
  });
});
