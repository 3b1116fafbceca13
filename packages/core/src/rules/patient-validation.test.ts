import { describe, expect, it } from 'vitest';
import { HmsError } from '../errors.js';
import { validatePatientInput } from './patient-validation.js';

const today = '2026-03-02';

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HmsError);
    expect((error as HmsError).code).toBe('VALIDATION');
    return (error as HmsError).details?.fields as Record<string, string>;
  }
  throw new Error('expected a VALIDATION error');
}

describe('validatePatientInput', () => {
  it('normalizes a valid registration', () => {
    const valid = validatePatientInput(
      {
        givenName: '  Mary ', middleName: ' ', familyName: 'Wanjiku  Kamau', sex: 'F', birthDate: '1984-05-01',
        phone: '0722 123 456', nationalId: ' 12-345 678 ', emergencyContact: { name: ' John ', phone: '0733000111' },
        insurance: { payer: 'NHIF', memberNumber: ' 778 ', validFrom: '2026-01-01', validTo: '2026-12-31' },
        address: { city: ' Nairobi ', line1: '' },
      },
      { today },
    );
    expect(valid).toMatchObject({
      givenName: 'Mary', middleName: null, familyName: 'Wanjiku Kamau', birthDate: '1984-05-01', birthDateEstimated: false,
      phone: '+254722123456', nationalId: '12345678', emergencyContact: { name: 'John', phone: '+254733000111' },
      insurance: { memberNumber: '778' }, address: { city: 'Nairobi' },
    });
  });

  it('turns an estimated age into an estimated date of birth', () => {
    const valid = validatePatientInput({ givenName: 'Juma', familyName: 'Ali', sex: 'M', estimatedAgeYears: 45 }, { today });
    expect(valid.birthDate).toBe('1981-03-02');
    expect(valid.birthDateEstimated).toBe(true);
  });

  it('reports every bad field at once', () => {
    const fields = fieldsOf(() =>
      validatePatientInput(
        {
          givenName: '  ', familyName: '--', birthDate: '2027-01-01', phone: '12', nationalId: '1',
          emergencyContact: { name: '', phone: 'x' }, insurance: { payer: 'NHIF', memberNumber: '1', validFrom: '2026-02-01', validTo: '2026-01-01' },
        },
        { today },
      ),
    );
    expect(Object.keys(fields).sort()).toEqual(
      ['birthDate', 'emergencyContact.name', 'emergencyContact.phone', 'familyName', 'givenName', 'insurance.validTo', 'nationalId', 'phone', 'sex'].sort(),
    );
    expect(fields.birthDate).toMatch(/future/);
  });

  it('refuses both a date of birth and an estimated age', () => {
    const fields = fieldsOf(() => validatePatientInput({ givenName: 'A', familyName: 'B', sex: 'U', birthDate: '2000-01-01', estimatedAgeYears: 3 }, { today }));
    expect(fields.estimatedAgeYears).toMatch(/either/);
  });
});
