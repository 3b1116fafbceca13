import { CHART_RECENT_ENCOUNTERS, HmsError, formatIcd10Code } from '@hms/core';
import type { Chart, EncounterSummary, Sex } from '@hms/core';
import type { Knex } from 'knex';
import type { RowsPart } from '../db/rows-part.js';
import { currentAllergiesPart, noneKnownPart, toAllergySummary } from '../allergies/index.js';
import { problemsPart } from '../diagnoses/index.js';
import { latestVitalsPart } from '../vitals/index.js';
import { readInOneStatement } from './chart-statement.js';
import { medicationsSlot, resultParts, resultsSlot } from './chart-slots.js';

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

function bannerPart(db: Knex, patientId: string): RowsPart<BannerRow | undefined> {
  return {
    query: db('patients').where({ id: patientId })
      .select('id', 'mrn', db.raw(`concat_ws(' ', given_name, nullif(middle_name, ''), family_name) as name`), 'sex', 'birth_date', 'birth_date_estimated'),
    toResult: (rows: BannerRow[]) => rows[0],
  };
}

function recentEncountersPart(db: Knex, patientId: string): RowsPart<EncounterSummary[]> {
  return {
    query: db.select('*').from(db.raw(
      `(select e.id, e.visit_id, e.status, e.started_at, e.signed_at, u.display_name as doctor_name, d.code as department,
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
        limit ?) as recent`,
      [patientId, CHART_RECENT_ENCOUNTERS],
    )).orderBy([{ column: 'started_at', order: 'desc' }, { column: 'id', order: 'desc' }]),
    toResult: (rows: EncounterSummaryRow[]) => rows.map((row) => ({
      id: row.id,
      visitId: row.visit_id,
      doctorName: row.doctor_name,
      department: row.department,
      status: row.status,
      startedAt: row.started_at.toISOString(),
      signedAt: row.signed_at?.toISOString() ?? null,
      diagnosis: row.diagnosis === null ? null : { code: formatIcd10Code(row.diagnosis.code), description: row.diagnosis.description },
      complaint: row.complaint,
    })),
  };
}

function encounterCountPart(db: Knex, patientId: string): RowsPart<number> {
  return { query: db('encounters').where({ patient_id: patientId }).count({ n: '*' }), toResult: (rows: Array<{ n: string | number }>) => Number(rows[0]?.n ?? 0) };
}

/**
 * The chart summary of a patient (already resolved to the survivor). Its parts are index ranges
 * of one patient, so a chart costs about the same with 5 encounters or 500, 20 vitals or 2,000;
 * they are read in one statement (chart-statement.ts), each part's SQL and mapping its area's own.
 */
export async function loadChart(db: Knex, patientId: string, now: Date): Promise<Chart> {
  const results = resultParts(db, patientId);
  const parts = await readInOneStatement(db, {
    banner: bannerPart(db, patientId),
    allergies: currentAllergiesPart(db, patientId),
    noneKnown: noneKnownPart(db, patientId),
    problems: problemsPart(db, patientId, 'active'),
    vitals: latestVitalsPart(db, patientId),
    encounters: recentEncountersPart(db, patientId),
    encounterCount: encounterCountPart(db, patientId),
    medications: medicationsSlot(db, patientId, now),
    pending: results.pending,
    released: results.released,
  });
  const { banner } = parts;
  if (banner === undefined) throw HmsError.notFound('The patient');
  return {
    patient: { id: banner.id, mrn: banner.mrn, name: banner.name, sex: banner.sex, birthDate: banner.birth_date, birthDateEstimated: banner.birth_date_estimated },
    allergies: toAllergySummary(parts.allergies, parts.noneKnown),
    problems: parts.problems,
    latestVitals: parts.vitals,
    recentEncounters: parts.encounters,
    encounterCount: parts.encounterCount,
    medications: parts.medications,
    results: resultsSlot(results, parts.pending, parts.released),
  };
}
