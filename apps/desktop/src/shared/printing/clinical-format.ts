import { integerInWords, writeSig } from '@hms/core';
import type { WrittenItem } from '@hms/core';
import type { PrintAllergies, PrintPrescriptionItem } from './clinical-documents.js';
import type { PrescriptionDocument } from './documents.js';
import { ageOn, localDay, printedBirthDate } from './format.js';

// The words the prescription and the visit summary print, shared by the PDF and the browser's
// print page so both say the same thing.

/** The allergies line; a prescription asks the pharmacist to check when none were recorded. */
export function allergiesLine(allergies: PrintAllergies, forDispensing: boolean): string {
  switch (allergies.status) {
    case 'recorded':
      return `Allergies: ${allergies.items.join('; ')}`;
    case 'noneKnown':
      return 'No known allergies';
    case 'notRecorded':
      return forDispensing ? 'Allergies: not recorded — ask the patient before dispensing' : 'Allergies: not recorded';
  }
}

/** "35 years, F, born 12 Apr 1990, 62.5 kg": whichever are known. */
export function ageSexLine(patient: { sex?: string | undefined; birthDate?: string | undefined; birthDateEstimated?: boolean | undefined; weightKg?: number | undefined }, at: string): string {
  const age = patient.birthDate === undefined ? '' : ageOn(patient.birthDate, localDay(at), patient.birthDateEstimated);
  const born = patient.birthDate === undefined ? '' : `born ${printedBirthDate(patient.birthDate, patient.birthDateEstimated)}`;
  const weight = patient.weightKg === undefined ? '' : `${Number(patient.weightKg.toFixed(1))} kg`;
  return [age, patient.sex ?? '', born, weight].filter((part) => part !== '').join(', ');
}

export function registrationLine(registration: string | null): string {
  return registration === null ? 'Registration number: not on record' : `Registration no. ${registration}`;
}

export function writtenItem(item: PrintPrescriptionItem): WrittenItem {
  return writeSig(item.product, item);
}

/** What the codes carry: the number, or the desk's id while the server has not numbered it. */
export function prescriptionCode(document: Pick<PrescriptionDocument, 'id' | 'number'>): { value: string; provisional: boolean } {
  return document.number === null ? { value: document.id, provisional: true } : { value: document.number, provisional: false };
}

export const PROVISIONAL_NOTE =
  'Provisional: written while the hospital network was down. The prescription number is assigned when the network returns; the pharmacy scans this code to find it.';

/** "2 (two) items": the count a pharmacist checks nothing was added below the last. */
export function itemCountLine(count: number): string {
  return `${count} (${integerInWords(count)}) ${count === 1 ? 'item' : 'items'}`;
}

export function overridesLine(count: number): string | undefined {
  if (count === 0) return undefined;
  return `${count === 1 ? 'One safety alert was' : `${integerInWords(count).replace(/^./, (c) => c.toUpperCase())} safety alerts were`} reviewed and overridden by the prescriber; the reasons are recorded in HMS.`;
}

export const REPRINT_NOTE = 'Reprint: the pharmacy dispenses this prescription once, by its number, whichever copy is shown.';
