import { CHART_RECENT_ENCOUNTERS, HmsError, formatIcd10Code } from '@hms/core';
import type { Chart, EncounterSummary, Sex } from '@hms/core';
import type { Knex } from 'knex';
import { allergySummary } from '../allergies/index.js';
import { listProblems } from '../diagnoses/index.js';
import { latestVitals } from '../vitals/index.js';
import { medicationsSlot, resultsSlot } from './chart-slots.js';

interface BannerRow {
  id: string;
  mrn: string;
  name: string;
  sex: Sex;
  birth_date: string | null;
  birth_date_estimated: boolean;
}

interface EncounterSummaryRow {
  id: string;
  visit_id: string;
  status: EncounterSummary['status'];
  started_at: Date;
  signed_at: Date | null;
  doctor_name: string;
  department: string;
  diagnosis: { code: string; description: string } | null;
  complaint: string | null;
}

async function recentEncounters(db: Knex, patientId: string): Promise<EncounterSummary[]> {
  const rows = (await db.raw(
    `select e.id, e.visit_id, e.status, e.started_at, e.signed_at, u.display_name as doctor_name, d.code as department,
            coalesce(nullif(n.sections ->> 'complaint', ''), v.complaint) as complaint,
            (select json_build_object('code', x.code, 'description', x.description) from encounter_diagnoses x
              where x.encounter_id = e.id order by x.rank = 'primary' desc, x.added_at limit 1) as diagnosis
       from encounters e
       join visits v on v.id = e.visit_id
       join departments d on d.id = v.department_id
       join users u on u.id = e.doctor_id
       left join encounter_notes n on n.encounter_id = e.id
      where e.patient_id = ?
      order by e.started_at desc, e.id desc
      limit ?`,
    [patientId, CHART_RECENT_ENCOUNTERS],
  )).rows as EncounterSummaryRow[];
  return rows.map((row) => ({
    id: row.id,
    visitId: row.visit_id,
    doctorName: row.doctor_name,
    department: row.department,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    signedAt: row.signed_at?.toISOString() ?? null,
    diagnosis: row.diagnosis === null ? null : { code: formatIcd10Code(row.diagnosis.code), description: row.diagnosis.description },
    complaint: row.complaint,
  }));
}

/**
 * The chart summary of a patient (already resolved to the survivor). Its parts are independent
 * reads, run side by side on the pool: each is an index range of one patient, so a chart costs
 * about the same with 5 encounters or 500, 20 vitals or 2,000.
 */
export async function loadChart(db: Knex, patientId: string, now: Date): Promise<Chart> {
  const bannerQuery = db('patients')
    .where({ id: patientId })
    .first('id', 'mrn', db.raw(`concat_ws(' ', given_name, nullif(middle_name, ''), family_name) as name`), 'sex', 'birth_date', 'birth_date_estimated') as Promise<BannerRow | undefined>;
  const [banner, allergies, problems, vitals, encounters, count, medications, results] = await Promise.all([
    bannerQuery,
    allergySummary(db, patientId),
    listProblems(db, patientId, 'active'),
    latestVitals(db, patientId),
    recentEncounters(db, patientId),
    db('encounters').where({ patient_id: patientId }).count({ n: '*' }).first() as Promise<{ n: string | number } | undefined>,
    medicationsSlot(db, patientId, now),
    resultsSlot(db, patientId),
  ]);
  if (banner === undefined) throw HmsError.notFound('The patient');
  return {
    patient: { id: banner.id, mrn: banner.mrn, name: banner.name, sex: banner.sex, birthDate: banner.birth_date, birthDateEstimated: banner.birth_date_estimated },
    allergies,
    problems,
    latestVitals: vitals,
    recentEncounters: encounters,
    encounterCount: Number(count?.n ?? 0),
    medications,
    results,
  };
}
