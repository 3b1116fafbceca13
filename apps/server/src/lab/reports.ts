import { HmsError, ageLabel, localDateOf } from '@hms/core';
import type { LabCumulativeSeries, LabReport, LabReportPatient, LabReportResult, LabReportTest, OrderPriority, ResultFlagCode, Sex } from '@hms/core';
import type { Knex } from 'knex';
import type { LabRangeInForce, LabTest } from '@hms/core';

/**
 * The lab's reports: the patient report of one request and the cumulative results of a
 * patient. Both read released current versions only (`status = 'released' and superseded_at is
 * null`), so an entered or validated value can never be printed.
 */

interface PatientRow {
  id: string;
  mrn: string;
  name: string;
  sex: Sex;
  birth_date: string | null;
  birth_date_estimated: boolean;
}

const PATIENT_COLUMNS = `p.id, p.mrn, concat_ws(' ', p.given_name, nullif(p.middle_name, ''), p.family_name) as name, p.sex,
  to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.birth_date_estimated`;

function toPatient(row: PatientRow, onDate: string): LabReportPatient {
  return {
    id: row.id, name: row.name, mrn: row.mrn, sex: row.sex, birthDate: row.birth_date, birthDateEstimated: row.birth_date_estimated,
    age: ageLabel(row.birth_date, onDate),
  };
}

interface HospitalRow {
  name: string;
  address: string | null;
  time_zone: string;
}

async function hospital(db: Knex): Promise<HospitalRow> {
  const row: HospitalRow | undefined = await db('hospital_settings').where({ id: 1 }).first('name', 'address', 'time_zone');
  if (row === undefined) throw new Error('hospital_settings has no row: the migrations did not run');
  return row;
}

interface RequestRow extends PatientRow {
  request_id: string;
  accession: string;
  order_id: string | null;
  priority: OrderPriority;
  ordered_at: Date;
  requested_by: string;
}

interface ReportResultRow {
  id: string;
  test_id: string;
  code: string;
  test_name: string;
  section: LabTest['section'];
  analyte: string;
  value_text: string;
  unit: string | null;
  flag: ResultFlagCode | null;
  reference_range: LabRangeInForce | null;
  comment: string | null;
  barcode: string;
  version: number;
  validated_by_name: string | null;
  validated_at: Date | null;
  released_by_name: string;
  released_at: Date;
  amendment_reason: string | null;
  previous_value: string | null;
  previous_unit: string | null;
  first_released_at: Date | null;
}

/** The report of one request; CONFLICT not_released while none of its results is released. */
export async function requestReport(db: Knex, requestId: string, now: Date): Promise<LabReport> {
  const request = (await db.raw(
    `select r.id as request_id, r.accession, r.order_id, r.priority, coalesce(o.ordered_at, r.created_at) as ordered_at,
            coalesce(u.display_name, r.referring_clinician) as requested_by, ${PATIENT_COLUMNS}
       from lab_requests r
       join patients p on p.id = r.patient_id
       left join orders o on o.id = r.order_id
       left join users u on u.id = r.ordering_user_id
      where r.id = ?`,
    [requestId],
  )).rows[0] as RequestRow | undefined;
  if (request === undefined) throw HmsError.notFound('The lab request');
  const [settings, results, specimens, pending] = await Promise.all([
    hospital(db),
    db.raw(
      // The previous version and the first release are read along an amendment's chain: an
      // amended value is reported with what it replaced and when the test was first released.
      `select x.id, t.id as test_id, t.code, t.name as test_name, t.section, x.analyte, x.value_text, x.unit, x.flag, x.reference_range, x.comment,
              s.barcode, x.version, v.display_name as validated_by_name, x.validated_at, rl.display_name as released_by_name, x.released_at,
              x.amendment_reason, prev.value_text as previous_value, prev.unit as previous_unit,
              (select min(h.released_at) from lab_results h where h.request_test_id = x.request_test_id and h.analyte = x.analyte and h.status = 'released') as first_released_at
         from lab_results x
         join lab_request_tests t on t.id = x.request_test_id
         join lab_specimens s on s.id = x.specimen_id
         join users rl on rl.id = x.released_by
         left join users v on v.id = x.validated_by
         left join lab_results prev on prev.id = x.supersedes and x.amendment_reason is not null
         left join order_items oi on oi.id = t.order_item_id
        where t.request_id = ? and x.status = 'released' and x.superseded_at is null and coalesce(oi.status, '') <> 'cancelled'
        order by t.code, x.analyte`,
      [requestId],
    ).then((result: { rows: ReportResultRow[] }) => result.rows),
    db.raw(
      `select s.barcode, s.container, s.collected_at, u.display_name as collected_by_name, s.received_at,
              array(select t.code from lab_specimen_tests st join lab_request_tests t on t.id = st.request_test_id where st.specimen_id = s.id order by t.code) as tests
         from lab_specimens s join users u on u.id = s.collected_by
        where s.request_id = ? and s.status <> 'rejected'
        order by s.barcode`,
      [requestId],
    ).then((result: { rows: Array<{ barcode: string; container: LabReport['specimens'][number]['container']; collected_at: Date; collected_by_name: string; received_at: Date | null; tests: string[] }> }) => result.rows),
    db.raw(
      `select t.code, t.name from lab_request_tests t left join order_items oi on oi.id = t.order_item_id
        where t.request_id = ? and t.status not in ('released', 'cancelled') and coalesce(oi.status, '') <> 'cancelled'
        order by t.code`,
      [requestId],
    ).then((result: { rows: Array<{ code: string; name: string }> }) => result.rows),
  ]);
  if (results.length === 0) throw HmsError.conflict('No result of this request is released yet.', { reason: 'not_released', requestId });

  const tests = new Map<string, LabReportTest>();
  for (const row of results) {
    let test = tests.get(row.test_id);
    if (test === undefined) {
      test = { testId: row.test_id, code: row.code, name: row.test_name, section: row.section, results: [] };
      tests.set(row.test_id, test);
    }
    test.results.push(toReportResult(row));
  }
  const firstCollected = specimens.reduce<Date | null>((first, s) => (first === null || s.collected_at < first ? s.collected_at : first), null);
  const released = results.reduce((latest, row) => (row.released_at > latest ? row.released_at : latest), results[0]!.released_at);
  return {
    hospital: { name: settings.name, address: settings.address },
    requestId: request.request_id, accession: request.accession, orderId: request.order_id, priority: request.priority,
    patient: toPatient(request, localDateOf(firstCollected ?? now, settings.time_zone)),
    requestedBy: request.requested_by, orderedAt: request.ordered_at.toISOString(),
    specimens: specimens.map((s) => ({
      barcode: s.barcode, container: s.container, tests: s.tests, collectedAt: s.collected_at.toISOString(), collectedByName: s.collected_by_name,
      receivedAt: s.received_at?.toISOString() ?? null,
    })),
    tests: [...tests.values()],
    pendingTests: pending,
    releasedAt: released.toISOString(),
    amended: results.some((row) => row.amendment_reason !== null),
    generatedAt: now.toISOString(),
  };
}

function toReportResult(row: ReportResultRow): LabReportResult {
  return {
    resultId: row.id, analyte: row.analyte, value: row.value_text, unit: row.unit, flag: row.flag, range: row.reference_range, comment: row.comment,
    specimenBarcode: row.barcode, version: row.version, validatedByName: row.validated_by_name, validatedAt: row.validated_at?.toISOString() ?? null,
    releasedByName: row.released_by_name, releasedAt: row.released_at.toISOString(),
    amendment: row.amendment_reason === null ? null : {
      reason: row.amendment_reason, amendedByName: row.released_by_name, amendedAt: row.released_at.toISOString(),
      previousValue: row.previous_value ?? '', previousUnit: row.previous_unit, firstReleasedAt: (row.first_released_at ?? row.released_at).toISOString(),
    },
  };
}

interface PointRow {
  id: string;
  code: string;
  test_name: string;
  analyte: string;
  request_id: string;
  accession: string;
  collected_at: Date;
  released_at: Date;
  value_text: string;
  value_numeric: string | null;
  unit: string | null;
  flag: ResultFlagCode | null;
  reference_range: LabRangeInForce | null;
  amended: boolean;
}

/** A patient's released results per test and analyte, oldest first, the latest `limit` of each. */
/** The patient as a report prints them, with their age today (lab.request's preliminary copy, lab.cumulative). */
export async function reportPatient(db: Knex, patientId: string, now: Date): Promise<LabReportPatient> {
  const [patient, settings] = await Promise.all([
    db.raw(`select ${PATIENT_COLUMNS} from patients p where p.id = ?`, [patientId]).then((result: { rows: PatientRow[] }) => result.rows[0]),
    hospital(db),
  ]);
  if (patient === undefined) throw HmsError.notFound('The patient');
  return toPatient(patient, localDateOf(now, settings.time_zone));
}

export async function cumulativeResults(db: Knex, input: { patientId: string; codes?: readonly string[] | undefined; limit: number }, now: Date): Promise<{ patient: LabReportPatient; series: LabCumulativeSeries[] }> {
  const patient = (await db.raw(`select ${PATIENT_COLUMNS} from patients p where p.id = ?`, [input.patientId])).rows[0] as PatientRow | undefined;
  if (patient === undefined) throw HmsError.notFound('The patient');
  const [settings, rows] = await Promise.all([
    hospital(db),
    db.raw(
      // lab_results_patient (patient, released_at) where current and released: the patient's history without other patients' rows.
      `select * from (
         select x.id, t.code, t.name as test_name, x.analyte, r.id as request_id, r.accession, s.collected_at, x.released_at,
                x.value_text, x.value_numeric, x.unit, x.flag, x.reference_range, x.amendment_reason is not null as amended,
                row_number() over (partition by t.code, x.analyte order by s.collected_at desc, x.released_at desc) as recent
           from lab_results x
           join lab_request_tests t on t.id = x.request_test_id
           join lab_requests r on r.id = t.request_id
           join lab_specimens s on s.id = x.specimen_id
           left join order_items oi on oi.id = t.order_item_id
          where x.patient_id = ? and x.status = 'released' and x.superseded_at is null and coalesce(oi.status, '') <> 'cancelled'
            and (?::text[] is null or t.code = any(?::text[]))
       ) ranked
       where recent <= ?
       order by code, analyte, collected_at, released_at`,
      [input.patientId, input.codes === undefined ? null : [...input.codes], input.codes === undefined ? null : [...input.codes], input.limit],
    ).then((result: { rows: PointRow[] }) => result.rows),
  ]);
  const series = new Map<string, LabCumulativeSeries>();
  for (const row of rows) {
    const key = `${row.code}\u0000${row.analyte}`;
    let one = series.get(key);
    if (one === undefined) {
      one = { code: row.code, name: row.test_name, analyte: row.analyte, points: [] };
      series.set(key, one);
    }
    one.points.push({
      resultId: row.id, requestId: row.request_id, accession: row.accession, collectedAt: row.collected_at.toISOString(), releasedAt: row.released_at.toISOString(),
      value: row.value_text, valueNumeric: row.value_numeric === null ? null : Number(row.value_numeric), unit: row.unit, flag: row.flag, range: row.reference_range,
      amended: row.amended,
    });
  }
  return { patient: toPatient(patient, localDateOf(now, settings.time_zone)), series: [...series.values()] };
}
