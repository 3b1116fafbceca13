import { GROUP_SEPARATOR, gtinCheckDigit } from '@hms/core';
import type { ParamsIn } from '@hms/core';
import type { Desk } from './clinical-seed.js';

/** A GTIN-14 with its check digit, from 13 digits (GS1's 0506 test range: ours to invent). */
export const gtin14 = (payload: string): string => `${payload}${gtinCheckDigit(payload)}`;

const yymmdd = (iso: string) => iso.slice(2).replace(/-/g, '');

/** What a 2D scanner sends for a pack: the ]d2 symbology prefix, GS after the variable-length batch, then the serial. */
export const packScan = (gtin: string, expiry: string, batch: string, serial: string): string =>
  `]d201${gtin}17${yymmdd(expiry)}10${batch}${GROUP_SEPARATOR}21${serial}`;

/** The text printed under a pack's DataMatrix: what a person types when the scanner is not at hand. */
export const packText = (gtin: string, expiry: string, batch: string, serial: string): string =>
  `(01)${gtin}(17)${yymmdd(expiry)}(10)${batch}(21)${serial}`;

/** A calendar date `days` from today (UTC). */
export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The doctor sees the patient (called from the OPD queue, the encounter started) and writes one prescription. */
export async function prescribeAs(
  doctor: Desk,
  visitId: string,
  items: ParamsIn<'prescriptions.create'>['items'],
): Promise<{ id: string; number: string; itemIds: string[] }> {
  await doctor.call('queue.callNext', { department: 'OPD' });
  const { encounter } = await doctor.call('encounters.start', { visitId });
  const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items });
  return { id: prescription.id, number: prescription.number, itemIds: prescription.items.map((item) => item.id) };
}
