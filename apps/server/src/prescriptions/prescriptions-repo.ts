import type { CurrentMedication, Prescription } from '@hms/core';
import type { Knex } from 'knex';
import { readPart } from '../db/rows-part.js';
import type { RowsPart } from '../db/rows-part.js';

interface PrescriptionView {
  id: string;
  number: string;
  patient_id: string;
  encounter_id: string;
  prescriber_id: string;
  prescriber_name: string;
  prescriber_registration: string | null;
  status: Prescription['status'];
  rule_set_version: number;
  created_at: Date;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  after_sign_reason: string | null;
}

interface ItemRow {
  id: string;
  prescription_id: string;
  drug_id: string;
  drug_version: number;
  generic: string;
  name: string;
  dose: string;
  dose_unit: Prescription['items'][number]['doseUnit'];
  route: Prescription['items'][number]['route'];
  frequency: Prescription['items'][number]['frequency'];
  duration_days: number;
  quantity: string;
  instructions: string | null;
  starts_at: Date;
  ends_at: Date;
}

interface OverrideRow {
  prescription_id: string;
  alert_key: string;
  rule_code: string;
  rule_version: number;
  severity: Prescription['overrides'][number]['severity'];
  message: string;
  reason: string;
}

function toItem(row: ItemRow): Prescription['items'][number] {
  return {
    id: row.id, drugId: row.drug_id, drugVersion: row.drug_version, generic: row.generic, name: row.name, dose: Number(row.dose), doseUnit: row.dose_unit,
    route: row.route, frequency: row.frequency, durationDays: row.duration_days, quantity: Number(row.quantity), instructions: row.instructions,
    startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(),
  };
}

function prescriptionViews(db: Knex) {
  return db('prescriptions as p').join('users as u', 'u.id', 'p.prescriber_id').select('p.*', 'u.display_name as prescriber_name');
}

/** Prescriptions with their items and overrides, in the order given. */
async function assemble(db: Knex, views: PrescriptionView[]): Promise<Prescription[]> {
  if (views.length === 0) return [];
  const ids = views.map((view) => view.id);
  const [items, overrides] = await Promise.all([
    db<ItemRow>('prescription_items').whereIn('prescription_id', ids).orderBy([{ column: 'prescription_id' }, { column: 'position' }]),
    db<OverrideRow>('prescription_overrides').whereIn('prescription_id', ids).orderBy([{ column: 'prescription_id' }, { column: 'alert_key' }]),
  ]);
  return views.map((view) => ({
    id: view.id, number: view.number, patientId: view.patient_id, encounterId: view.encounter_id, prescriberId: view.prescriber_id, prescriberName: view.prescriber_name, prescriberRegistration: view.prescriber_registration,
    status: view.status, ruleSetVersion: view.rule_set_version, createdAt: view.created_at.toISOString(), cancelledAt: view.cancelled_at?.toISOString() ?? null,
    cancelReason: view.cancel_reason, afterSignReason: view.after_sign_reason,
    items: items.filter((item) => item.prescription_id === view.id).map(toItem),
    overrides: overrides.filter((row) => row.prescription_id === view.id).map((row) => ({
      alertKey: row.alert_key, ruleCode: row.rule_code, ruleVersion: row.rule_version, severity: row.severity, message: row.message, reason: row.reason,
    })),
  }));
}

export async function loadPrescription(db: Knex, id: string): Promise<Prescription | undefined> {
  const view = (await prescriptionViews(db).where('p.id', id).first()) as PrescriptionView | undefined;
  return view === undefined ? undefined : (await assemble(db, [view]))[0];
}

export async function prescriptionsOfPatient(db: Knex, input: { patientId: string; status?: Prescription['status'] | undefined; limit: number }): Promise<Prescription[]> {
  const query = prescriptionViews(db).where('p.patient_id', input.patientId).orderBy([{ column: 'p.created_at', order: 'desc' }, { column: 'p.number', order: 'desc' }]).limit(input.limit);
  if (input.status !== undefined) query.where('p.status', input.status);
  return assemble(db, (await query) as PrescriptionView[]);
}

function currentItems(db: Knex, patientId: string, now: Date) {
  return db('prescription_items as i').join('prescriptions as p', 'p.id', 'i.prescription_id').where('i.patient_id', patientId).where('p.status', 'active').where('i.ends_at', '>', now);
}

/** The drugs of the patient's active prescriptions that have not ended: what new items are checked against. */
export async function currentMedicationDrugIds(db: Knex, patientId: string, now: Date): Promise<string[]> {
  const rows: Array<{ drug_id: string }> = await currentItems(db, patientId, now).distinct('i.drug_id');
  return rows.map((row) => row.drug_id);
}

/** The chart's current medication list, newest first. */
export function currentMedicationsPart(db: Knex, patientId: string, now: Date): RowsPart<CurrentMedication[]> {
  return {
    query: currentItems(db, patientId, now)
      .join('users as u', 'u.id', 'p.prescriber_id')
      .select('i.*', 'p.number', 'u.display_name as prescriber_name')
      .orderBy([{ column: 'i.starts_at', order: 'desc' }, { column: 'i.position' }]),
    toResult: (rows: Array<ItemRow & { number: string; prescriber_name: string }>) =>
      rows.map((row) => ({ ...toItem(row), prescriptionId: row.prescription_id, prescriptionNumber: row.number, prescriberName: row.prescriber_name })),
  };
}

export async function currentMedications(db: Knex, patientId: string, now: Date): Promise<CurrentMedication[]> {
  return readPart(currentMedicationsPart(db, patientId, now));
}
