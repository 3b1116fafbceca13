import type { BloodGroup, ParamsIn, Patient, PatientDemographicsInput, Sex } from '@hms/core';

/**
 * The patient form as typed: every box a string. `toDemographics` turns it into what the
 * server takes (empty boxes left out), `toUpdate` into a correction of only what changed.
 */
export interface PatientDraft {
  givenName: string;
  middleName: string;
  familyName: string;
  sex: Sex | '';
  /** Only the age is known: `ageYears` instead of `birthDate`. */
  ageOnly: boolean;
  birthDate: string;
  ageYears: string;
  phone: string;
  alternatePhone: string;
  nationalId: string;
  address: { line1: string; village: string; city: string; region: string; postalCode: string; country: string };
  emergencyContact: { name: string; relationship: string; phone: string };
  insurance: { payer: string; memberNumber: string; validFrom: string; validTo: string };
  bloodGroup: BloodGroup | '';
  preferredLanguage: string;
}

export function emptyDraft(): PatientDraft {
  return {
    givenName: '', middleName: '', familyName: '', sex: '', ageOnly: false, birthDate: '', ageYears: '', phone: '', alternatePhone: '', nationalId: '',
    address: { line1: '', village: '', city: '', region: '', postalCode: '', country: '' },
    emergencyContact: { name: '', relationship: '', phone: '' },
    insurance: { payer: '', memberNumber: '', validFrom: '', validTo: '' },
    bloodGroup: '',
    preferredLanguage: '',
  };
}

export function draftFromPatient(patient: Patient): PatientDraft {
  return {
    givenName: patient.givenName,
    middleName: patient.middleName ?? '',
    familyName: patient.familyName,
    sex: patient.sex,
    ageOnly: false,
    birthDate: patient.birthDate ?? '',
    ageYears: '',
    phone: patient.phone ?? '',
    alternatePhone: patient.alternatePhone ?? '',
    nationalId: patient.nationalId ?? '',
    address: {
      line1: patient.address?.line1 ?? '', village: patient.address?.village ?? '', city: patient.address?.city ?? '',
      region: patient.address?.region ?? '', postalCode: patient.address?.postalCode ?? '', country: patient.address?.country ?? '',
    },
    emergencyContact: {
      name: patient.emergencyContact?.name ?? '', relationship: patient.emergencyContact?.relationship ?? '', phone: patient.emergencyContact?.phone ?? '',
    },
    insurance: {
      payer: patient.insurance?.payer ?? '', memberNumber: patient.insurance?.memberNumber ?? '',
      validFrom: patient.insurance?.validFrom ?? '', validTo: patient.insurance?.validTo ?? '',
    },
    bloodGroup: patient.bloodGroup ?? '',
    preferredLanguage: patient.preferredLanguage ?? '',
  };
}

/** A draft from parameters a desk sent earlier (a registration the server refused), for correcting. */
export function draftFromParams(params: Partial<PatientDemographicsInput>): PatientDraft {
  const empty = emptyDraft();
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    ...empty,
    givenName: text(params.givenName),
    middleName: text(params.middleName),
    familyName: text(params.familyName),
    sex: params.sex ?? '',
    ageOnly: params.estimatedAgeYears !== undefined && params.birthDate === undefined,
    birthDate: text(params.birthDate),
    ageYears: params.estimatedAgeYears === undefined ? '' : String(params.estimatedAgeYears),
    phone: text(params.phone),
    alternatePhone: text(params.alternatePhone),
    nationalId: text(params.nationalId),
    address: { ...empty.address, ...Object.fromEntries(Object.entries(params.address ?? {}).map(([key, value]) => [key, text(value)])) },
    emergencyContact: {
      name: text(params.emergencyContact?.name), relationship: text(params.emergencyContact?.relationship), phone: text(params.emergencyContact?.phone),
    },
    insurance: {
      payer: text(params.insurance?.payer), memberNumber: text(params.insurance?.memberNumber),
      validFrom: text(params.insurance?.validFrom), validTo: text(params.insurance?.validTo),
    },
    bloodGroup: params.bloodGroup ?? '',
    preferredLanguage: text(params.preferredLanguage),
  };
}

const filled = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

function compact<T extends Record<string, string>>(group: T): Partial<T> | undefined {
  const kept = Object.fromEntries(Object.entries(group).filter(([, value]) => value.trim() !== '').map(([key, value]) => [key, value.trim()]));
  return Object.keys(kept).length === 0 ? undefined : (kept as Partial<T>);
}

/** Whole years typed in the age box, or NaN (the rules then say what is wrong). */
function years(value: string): number {
  return /^\s*\d{1,3}\s*$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * The demographics to send, with `sex` left out while not chosen (the rules say it is needed).
 * A group (address, emergency contact, insurance) is sent only when one of its boxes is filled.
 */
export function toDemographics(draft: PatientDraft): Omit<PatientDemographicsInput, 'sex'> & { sex?: Sex } {
  const emergency = compact(draft.emergencyContact);
  const insurance = compact(draft.insurance);
  const result: Omit<PatientDemographicsInput, 'sex'> & { sex?: Sex } = {
    givenName: draft.givenName.trim(),
    familyName: draft.familyName.trim(),
  };
  const set = <K extends keyof typeof result>(key: K, value: (typeof result)[K] | undefined) => {
    if (value !== undefined) result[key] = value;
  };
  set('middleName', filled(draft.middleName));
  if (draft.sex !== '') result.sex = draft.sex;
  if (draft.ageOnly) {
    if (draft.ageYears.trim() !== '') result.estimatedAgeYears = years(draft.ageYears);
  } else {
    set('birthDate', filled(draft.birthDate));
  }
  set('phone', filled(draft.phone));
  set('alternatePhone', filled(draft.alternatePhone));
  set('nationalId', filled(draft.nationalId));
  set('address', compact(draft.address));
  if (emergency !== undefined) result.emergencyContact = { name: emergency.name ?? '', phone: emergency.phone ?? '', ...(emergency.relationship === undefined ? {} : { relationship: emergency.relationship }) };
  if (insurance !== undefined) {
    result.insurance = {
      payer: insurance.payer ?? '',
      memberNumber: insurance.memberNumber ?? '',
      ...(insurance.validFrom === undefined ? {} : { validFrom: insurance.validFrom }),
      ...(insurance.validTo === undefined ? {} : { validTo: insurance.validTo }),
    };
  }
  if (draft.bloodGroup !== '') result.bloodGroup = draft.bloodGroup;
  set('preferredLanguage', filled(draft.preferredLanguage));
  return result;
}

type UpdateParams = ParamsIn<'patients.update'>;

/**
 * A correction of `patient`: only the fields whose value changed, null for a field emptied,
 * and the version it was read at, so that a change made meanwhile at another desk is not
 * silently overwritten (the server answers CONFLICT).
 */
export function toUpdate(patient: Patient, draft: PatientDraft): UpdateParams {
  const next = toDemographics(draft);
  const before = toDemographics(draftFromPatient(patient));
  const update: UpdateParams = { id: patient.id, ...(patient.version > 0 ? { expectedVersion: patient.version } : {}) };
  const keys = [
    'givenName', 'middleName', 'familyName', 'sex', 'phone', 'alternatePhone', 'nationalId', 'address', 'emergencyContact', 'insurance', 'bloodGroup', 'preferredLanguage',
  ] as const;
  const record = update as Record<string, unknown>;
  for (const key of keys) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) record[key] = next[key] ?? null;
  }
  if (draft.ageOnly && next.estimatedAgeYears !== undefined) update.estimatedAgeYears = next.estimatedAgeYears;
  else if (!draft.ageOnly && (next.birthDate ?? null) !== (patient.birthDate ?? null)) update.birthDate = next.birthDate ?? null;
  return update;
}

/** Whether a correction changes anything (it always carries the id and version). */
export function changesSomething(update: UpdateParams): boolean {
  return Object.keys(update).some((key) => key !== 'id' && key !== 'expectedVersion');
}

/** The error paths a box of the draft answers for, where its name differs (the age box is sent as `estimatedAgeYears`). */
const ERROR_PATHS: Partial<Record<keyof PatientDraft, readonly string[]>> = {
  ageYears: ['estimatedAgeYears'],
  // Switching between date of birth and age replaces the one with the other.
  ageOnly: ['birthDate', 'estimatedAgeYears'],
};

/** The field paths (as the server names them in `details.fields`) whose boxes differ between two drafts. */
export function editedFields(before: PatientDraft, after: PatientDraft): string[] {
  const paths: string[] = [];
  for (const key of Object.keys(after) as (keyof PatientDraft)[]) {
    const was = before[key];
    const now = after[key];
    if (typeof now === 'object' && typeof was === 'object') {
      for (const [part, value] of Object.entries(now)) if (value !== (was as Record<string, string>)[part]) paths.push(`${key}.${part}`);
    } else if (now !== was) {
      paths.push(...(ERROR_PATHS[key] ?? [key]));
    }
  }
  return [...new Set(paths)];
}

/**
 * The messages of the last submit minus those of boxes edited since: a message about a group
 * (`emergencyContact`) goes when any of its boxes changes, one about a box when that box does.
 */
export function withoutEdited(errors: Readonly<Record<string, string>>, edited: readonly string[]): Record<string, string> {
  const touches = (field: string) => edited.some((path) => path === field || path.startsWith(`${field}.`) || field.startsWith(`${path}.`));
  return Object.fromEntries(Object.entries(errors).filter(([field]) => !touches(field)));
}
