import type { Address, BloodGroup, EmergencyContact, Insurance, PatientDemographicsInput, Sex } from '../contract/patients.js';
import { HmsError } from '../errors.js';
import type { FieldErrors } from '../errors.js';
import { birthDateProblem, estimatedBirthDate, isValidCalendarDate } from './birth-date.js';
import { NAME_MAX_LENGTH, foldName, normalizeName } from './names.js';
import { DEFAULT_PHONE_PLAN, normalizePhone } from './phone.js';
import type { PhonePlan } from './phone.js';

/** Demographics after the rules: trimmed, normalized, with the date of birth settled. */
export interface ValidDemographics {
  givenName: string;
  middleName: string | null;
  familyName: string;
  sex: Sex;
  birthDate: string | null;
  birthDateEstimated: boolean;
  phone: string | null;
  alternatePhone: string | null;
  nationalId: string | null;
  address: Address | null;
  emergencyContact: EmergencyContact | null;
  insurance: Insurance | null;
  bloodGroup: BloodGroup | null;
  preferredLanguage: string | null;
}

export interface ValidationContext {
  /** The hospital's local date, 'YYYY-MM-DD'. */
  today: string;
  phonePlan?: PhonePlan;
}

/** What `validatePatientInput` accepts: the wire input, with nulls allowed (an update clearing a field). */
export type DemographicsDraft = { [K in keyof PatientDemographicsInput]?: PatientDemographicsInput[K] | null } & {
  /** Keeps an already estimated date of birth estimated when it is carried over unchanged. */
  birthDateEstimated?: boolean;
};

const NATIONAL_ID = /^[A-Z0-9]{4,20}$/;

function optionalText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const normalized = normalizeName(value);
  return normalized === '' ? null : normalized;
}

/** National IDs compare without spaces, dashes or dots, in upper case. */
export function normalizeNationalId(raw: string): string {
  return raw.replace(/[\s\-./]/g, '').toUpperCase();
}

/**
 * Checks demographics and returns them normalized, or throws VALIDATION with one message per
 * field (dotted paths: `emergencyContact.phone`). Pure: `today` comes from the caller.
 */
export function validatePatientInput(input: DemographicsDraft, context: ValidationContext): ValidDemographics {
  const fields: FieldErrors = {};
  const plan = context.phonePlan ?? DEFAULT_PHONE_PLAN;

  const name = (field: 'givenName' | 'familyName', value: string | null | undefined): string => {
    const normalized = normalizeName(value ?? '');
    if (normalized === '') fields[field] = 'must not be empty';
    else if (normalized.length > NAME_MAX_LENGTH) fields[field] = `at most ${NAME_MAX_LENGTH} characters`;
    else if (foldName(normalized) === '') fields[field] = 'must contain letters';
    return normalized;
  };
  const givenName = name('givenName', input.givenName);
  const familyName = name('familyName', input.familyName);
  const middleName = optionalText(input.middleName);
  if (middleName !== null && middleName.length > NAME_MAX_LENGTH) fields.middleName = `at most ${NAME_MAX_LENGTH} characters`;

  const sex = input.sex ?? undefined;
  if (sex === undefined) fields.sex = 'is required (F, M, O or U)';

  let birthDate: string | null = null;
  let birthDateEstimated = false;
  const hasDate = input.birthDate !== undefined && input.birthDate !== null && input.birthDate !== '';
  const hasAge = input.estimatedAgeYears !== undefined && input.estimatedAgeYears !== null;
  if (hasDate && hasAge) {
    fields.estimatedAgeYears = 'give either a date of birth or an estimated age, not both';
  } else if (hasDate) {
    const problem = birthDateProblem(input.birthDate!, context.today);
    if (problem === undefined) {
      birthDate = input.birthDate!;
      birthDateEstimated = input.birthDateEstimated === true;
    } else {
      fields.birthDate = problem;
    }
  } else if (hasAge) {
    const age = input.estimatedAgeYears!;
    if (!Number.isInteger(age) || age < 0 || age > 130) fields.estimatedAgeYears = 'must be a whole number of years from 0 to 130';
    else {
      birthDate = estimatedBirthDate(age, context.today);
      birthDateEstimated = true;
    }
  }

  const phone = (field: string, value: string | null | undefined): string | null => {
    if (value === undefined || value === null || value.trim() === '') return null;
    const normalized = normalizePhone(value, plan);
    if (normalized === undefined) fields[field] = `is not a phone number (e.g. 0722 123 456 or +${plan.callingCode} 722 123 456)`;
    return normalized ?? null;
  };
  const phoneValue = phone('phone', input.phone);
  const alternatePhone = phone('alternatePhone', input.alternatePhone);

  let nationalId: string | null = null;
  if (input.nationalId !== undefined && input.nationalId !== null && input.nationalId.trim() !== '') {
    nationalId = normalizeNationalId(input.nationalId);
    if (!NATIONAL_ID.test(nationalId)) fields.nationalId = '4 to 20 letters or digits';
  }

  let address: Address | null = null;
  if (input.address !== undefined && input.address !== null) {
    const cleaned: Address = {};
    for (const [key, value] of Object.entries(input.address) as Array<[keyof Address, string | undefined]>) {
      const text = optionalText(value);
      if (text !== null) cleaned[key] = text;
    }
    address = Object.keys(cleaned).length === 0 ? null : cleaned;
  }

  let emergencyContact: EmergencyContact | null = null;
  if (input.emergencyContact !== undefined && input.emergencyContact !== null) {
    const contactName = normalizeName(input.emergencyContact.name);
    if (contactName === '') fields['emergencyContact.name'] = 'must not be empty';
    const contactPhone = phone('emergencyContact.phone', input.emergencyContact.phone);
    if (contactPhone === null && fields['emergencyContact.phone'] === undefined) fields['emergencyContact.phone'] = 'must not be empty';
    const relationship = optionalText(input.emergencyContact.relationship);
    emergencyContact = { name: contactName, phone: contactPhone ?? '', ...(relationship === null ? {} : { relationship }) };
  }

  let insurance: Insurance | null = null;
  if (input.insurance !== undefined && input.insurance !== null) {
    const payer = normalizeName(input.insurance.payer);
    const memberNumber = input.insurance.memberNumber.trim();
    if (payer === '') fields['insurance.payer'] = 'must not be empty';
    if (memberNumber === '') fields['insurance.memberNumber'] = 'must not be empty';
    const { validFrom, validTo } = input.insurance;
    if (validFrom !== undefined && !isValidCalendarDate(validFrom)) fields['insurance.validFrom'] = 'must be a date YYYY-MM-DD';
    if (validTo !== undefined && !isValidCalendarDate(validTo)) fields['insurance.validTo'] = 'must be a date YYYY-MM-DD';
    if (validFrom !== undefined && validTo !== undefined && validFrom > validTo) fields['insurance.validTo'] = 'must not be before validFrom';
    insurance = { payer, memberNumber, ...(validFrom === undefined ? {} : { validFrom }), ...(validTo === undefined ? {} : { validTo }) };
  }

  const preferredLanguage = optionalText(input.preferredLanguage);

  if (Object.keys(fields).length > 0) throw HmsError.validation(fields);
  return {
    givenName,
    middleName,
    familyName,
    sex: sex!,
    birthDate,
    birthDateEstimated,
    phone: phoneValue,
    alternatePhone,
    nationalId,
    address,
    emergencyContact,
    insurance,
    bloodGroup: input.bloodGroup ?? null,
    preferredLanguage,
  };
}
