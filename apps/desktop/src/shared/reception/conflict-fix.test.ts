import { describe, expect, it } from 'vitest';
import { changesMrn, correctedParams } from './conflict-fix.js';

const registration = {
  id: '6f1c1c3e-9c4e-4a53-8b0e-0a4d1f6b2c11', mrn: 'PAT-2026-000100-3', registeredOffline: true, registeredAt: '2026-03-02T09:00:00.000Z',
  givenName: 'Bakari', familyName: 'Mwinyi', sex: 'M', phone: '0733',
};

describe('correctedParams', () => {
  it('lays the corrections over the original and keeps what the desk chose when nobody objected to it', () => {
    const resent = correctedParams(registration, { givenName: 'Bakari', familyName: 'Mwinyi', sex: 'M', phone: '0733 000 222' }, { phone: 'is not a phone number' });
    expect(resent).toEqual({ ...registration, phone: '0733 000 222' });
    expect(changesMrn(registration, resent)).toBe(false);
  });

  it('drops the block MRN or the desk clock when the server refused them, and fields the correction emptied', () => {
    const resent = correctedParams(registration, { phone: undefined }, { mrn: 'not reserved to this workstation', registeredAt: 'is more than 90 days ago' });
    expect(resent).not.toHaveProperty('mrn');
    expect(resent).not.toHaveProperty('registeredAt');
    expect(resent).not.toHaveProperty('phone');
    expect(resent).toMatchObject({ id: registration.id, registeredOffline: true });
    expect(changesMrn(registration, resent)).toBe(true);
    expect(correctedParams({ patientId: 'p', arrivedAt: '2026-03-01T08:00:00Z' }, { department: 'DENT' }, { arrivedAt: 'is more than 24 hours ago' })).toEqual({ patientId: 'p', department: 'DENT' });
  });
});
