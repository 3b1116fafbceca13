import { VITAL_MEASUREMENTS, bodyMassIndex } from '@hms/core';
import type { LatestVitals, VitalMeasurement, Vitals } from '@hms/core';
import type { Knex } from 'knex';
import { readPart } from '../db/rows-part.js';
import type { RowsPart } from '../db/rows-part.js';

/** Each measurement's column in vitals. */
export const VITAL_COLUMNS: Readonly<Record<VitalMeasurement, string>> = {
  temperatureC: 'temperature_c',
  pulseBpm: 'pulse_bpm',
  respiratoryRate: 'respiratory_rate',
  systolicMmHg: 'systolic_mmhg',
  diastolicMmHg: 'diastolic_mmhg',
  spo2Percent: 'spo2_percent',
  weightKg: 'weight_kg',
  heightCm: 'height_cm',
  painScore: 'pain_score',
  muacCm: 'muac_cm',
  headCircumferenceCm: 'head_circumference_cm',
};

export interface VitalsRow {
  id: string;
  patient_id: string;
  encounter_id: string | null;
  visit_id: string | null;
  taken_at: Date;
  recorded_at: Date;
  recorded_by: string;
  bmi: string | null;
  supersedes: string | null;
  correction_reason: string | null;
  [column: string]: unknown;
}

export interface VitalsView extends VitalsRow {
  recorded_by_name: string;
  superseded_by: string | null;
}

/** numeric columns come back as text. */
const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export function toVitals(view: VitalsView): Vitals {
  const measurements = Object.fromEntries(VITAL_MEASUREMENTS.map((name) => [name, number(view[VITAL_COLUMNS[name]])])) as Record<VitalMeasurement, number | null>;
  return {
    id: view.id,
    patientId: view.patient_id,
    encounterId: view.encounter_id,
    visitId: view.visit_id,
    takenAt: view.taken_at.toISOString(),
    recordedAt: view.recorded_at.toISOString(),
    recordedBy: view.recorded_by,
    recordedByName: view.recorded_by_name,
    ...measurements,
    bmi: number(view.bmi),
    supersedes: view.supersedes,
    correctionReason: view.correction_reason,
    supersededBy: view.superseded_by,
  };
}

/** Vitals with the recorder's name and the record that corrected each (if any). */
export function vitalsViews(db: Knex): Knex.QueryBuilder {
  return db('vitals as v')
    .join('users as u', 'u.id', 'v.recorded_by')
    .leftJoin('vitals as c', 'c.supersedes', 'v.id')
    .select('v.*', 'u.display_name as recorded_by_name', 'c.id as superseded_by');
}

/** The patient and the records merged into it: vitals_latest keeps a merged record's rows under its own id (migration 0032). */
function ownIds(db: Knex, patientId: string): Knex.QueryBuilder {
  return db('patients').select('id').where({ id: patientId }).orWhere({ merged_into: patientId });
}

interface LatestRow {
  measurement: VitalMeasurement;
  value: string;
  taken_at: Date;
  vitals_id: string;
}

function latestRowsQuery(db: Knex, patientId: string): Knex.QueryBuilder {
  return db('vitals_latest').whereIn('patient_id', ownIds(db, patientId)).select('measurement', 'value', 'taken_at', 'vitals_id');
}

/** Each measurement's newest row (a merged record's rows stand beside the survivor's). */
function newestOf(rows: readonly LatestRow[]): Map<VitalMeasurement, LatestRow> {
  const newest = new Map<VitalMeasurement, LatestRow>();
  for (const row of rows) {
    const held = newest.get(row.measurement);
    if (held === undefined || held.taken_at < row.taken_at) newest.set(row.measurement, row);
  }
  return newest;
}

async function latestRows(db: Knex, patientId: string, measurement?: VitalMeasurement): Promise<Map<VitalMeasurement, LatestRow>> {
  const query = latestRowsQuery(db, patientId);
  if (measurement !== undefined) query.where({ measurement });
  return newestOf((await query) as LatestRow[]);
}

function toLatestVitals(rows: readonly LatestRow[]): LatestVitals {
  const newest = newestOf(rows);
  const latest = Object.fromEntries(VITAL_MEASUREMENTS.map((name) => {
    const row = newest.get(name);
    return [name, row === undefined ? null : { value: Number(row.value), takenAt: row.taken_at.toISOString(), vitalsId: row.vitals_id }];
  })) as Record<VitalMeasurement, LatestVitals[VitalMeasurement]>;
  const { weightKg, heightCm } = latest;
  return { ...latest, bmi: weightKg === null || heightCm === null ? null : bodyMassIndex(weightKg.value, heightCm.value) };
}

/** Each measurement's newest value of the records that count: a dozen rows of vitals_latest. */
export function latestVitalsPart(db: Knex, patientId: string): RowsPart<LatestVitals> {
  return { query: latestRowsQuery(db, patientId), toResult: toLatestVitals };
}

export async function latestVitals(db: Knex, patientId: string): Promise<LatestVitals> {
  return readPart(latestVitalsPart(db, patientId));
}

/** The patient's latest weight (for mg/kg doses), if one was ever recorded. */
export async function latestWeight(db: Knex, patientId: string): Promise<{ weightKg: number; takenAt: Date } | undefined> {
  const row = (await latestRows(db, patientId, 'weightKg')).get('weightKg');
  return row === undefined ? undefined : { weightKg: Number(row.value), takenAt: row.taken_at };
}

/** A new record's measurements become the latest where they are newer than what is there. */
export async function advanceLatest(trx: Knex.Transaction, row: VitalsRow): Promise<void> {
  const present = VITAL_MEASUREMENTS.filter((name) => row[VITAL_COLUMNS[name]] !== null);
  await trx.raw(
    `insert into vitals_latest (patient_id, measurement, value, taken_at, vitals_id)
     select ?, m.name, m.value, ?, ? from unnest(?::text[], ?::numeric[]) as m(name, value)
     on conflict (patient_id, measurement) do update set value = excluded.value, taken_at = excluded.taken_at, vitals_id = excluded.vitals_id
     where vitals_latest.taken_at <= excluded.taken_at`,
    [row.patient_id, row.taken_at, row.id, present, present.map((name) => String(row[VITAL_COLUMNS[name]]))],
  );
}

/** After a correction, the latest values are derived again from every record that still counts. */
export async function rederiveLatest(trx: Knex.Transaction, patientId: string): Promise<void> {
  await trx('vitals_latest').whereIn('patient_id', ownIds(trx, patientId)).delete();
  const values = VITAL_MEASUREMENTS.map((name) => `('${name}', v.${VITAL_COLUMNS[name]}::numeric)`).join(', ');
  await trx.raw(
    `insert into vitals_latest (patient_id, measurement, value, taken_at, vitals_id)
     select distinct on (m.name) v.patient_id, m.name, m.value, v.taken_at, v.id
       from vitals v cross join lateral (values ${values}) as m(name, value)
      where v.patient_id = ? and m.value is not null and not exists (select from vitals c where c.supersedes = v.id)
      order by m.name, v.taken_at desc, v.recorded_at desc, v.id desc`,
    [patientId],
  );
}
