import type { LabCriticalAlert, LabResult, LabSpecimen, LabTest, LabWorklistEntry, OrderPriority, TestStatus } from '@hms/core';
import type { Knex } from 'knex';
import type { AnalytePatient } from './analyte-rules.js';

type Db = Knex | Knex.Transaction;

interface RequestRow {
  id: string;
  accession: string;
  order_id: string | null;
  patient_id: string;
  mrn: string;
  patient_name: string;
  priority: OrderPriority;
  /** ISO 8601 text, as the wire sends it (see `iso`). */
  ordered_at: string;
  requested_by: string;
  sex: AnalytePatient['sex'];
  birth_date: string | null;
}

/** The entries' patients' sex and birth date (their analytes' ranges), filled by the reads that join the patients anyway. */
export type EntryPatients = Map<string, AnalytePatient>;

/** The patient columns `EntryPatients` needs, from patients `p`. */
const PATIENT_BANDS = `p.sex, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date`;

interface TestRow {
  id: string;
  request_id: string;
  order_item_id: string | null;
  code: string;
  name: string;
  section: LabTest['section'];
  status: TestStatus;
}

interface SpecimenRow {
  id: string;
  request_id: string;
  barcode: string;
  container: LabSpecimen['container'];
  status: LabSpecimen['status'];
  tests: string[];
  collected_at: Date;
  collected_by_name: string;
  received_at: Date | null;
  rejected_at: Date | null;
  rejection_reason: LabSpecimen['rejectionReason'];
  rejection_note: string | null;
  recollection_of: string | null;
}

export function toSpecimen(row: SpecimenRow): LabSpecimen {
  return {
    id: row.id, requestId: row.request_id, barcode: row.barcode, container: row.container, status: row.status, tests: [...row.tests].sort(),
    collectedAt: row.collected_at.toISOString(), collectedByName: row.collected_by_name, receivedAt: row.received_at?.toISOString() ?? null,
    rejectedAt: row.rejected_at?.toISOString() ?? null, rejectionReason: row.rejection_reason, rejectionNote: row.rejection_note, recollectionOf: row.recollection_of,
  };
}

export async function specimensOf(db: Db, where: { requestIds?: readonly string[]; specimenIds?: readonly string[] }): Promise<LabSpecimen[]> {
  const query = db('lab_specimens as s')
    .join('users as u', 'u.id', 's.collected_by')
    .select('s.*', 'u.display_name as collected_by_name', db.raw(`array(select t.code from lab_specimen_tests st join lab_request_tests t on t.id = st.request_test_id where st.specimen_id = s.id) as tests`))
    .orderBy('s.barcode');
  if (where.requestIds !== undefined) query.whereIn('s.request_id', where.requestIds);
  if (where.specimenIds !== undefined) query.whereIn('s.id', where.specimenIds);
  return ((await query) as SpecimenRow[]).map(toSpecimen);
}

/** A test's effective status: a doctor's cancellation of the ordered item wins over the lab's own progress. */
const TEST_COLUMNS = `t.id, t.request_id, t.order_item_id, t.code, t.name, t.section,
  case when oi.status = 'cancelled' then 'cancelled' else t.status end as status`;

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group === undefined) groups.set(key(row), [row]);
    else group.push(row);
  }
  return groups;
}

/**
 * Rows of `table` whose `column` is one of `ids`, each id probed through its index. For a few
 * hundred ids on tables of tens of thousands of rows the planner prefers one hash join over a
 * whole table (10-19 ms each on the worklist bench, against 2-4 ms probed); `offset 0` keeps the
 * lateral subquery from being flattened into that join.
 */
function probed(table: string, alias: string, column: string, columns = '*'): string {
  return `unnest(?::uuid[]) as ids(id) cross join lateral (select ${columns} from ${table} ${alias} where ${alias}.${column} = ids.id offset 0) ${alias}`;
}

/** One row by key, probed for each row before it (see `probed`). */
function lookup(table: string, alias: string, on: string, columns = '*'): string {
  return `lateral (select ${columns} from ${table} ${alias} where ${on} offset 0) ${alias}`;
}

/**
 * A timestamp as the wire's ISO 8601 text (UTC, milliseconds), made by PostgreSQL: the worklist's
 * thousands of timestamps then skip the driver's date parsing and toISOString in JavaScript.
 */
function iso(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A specimen row as the worklist reads it: its timestamps already ISO text (`iso`), its tests' codes read apart. */
type WorklistSpecimenRow = Omit<SpecimenRow, 'tests' | 'collected_at' | 'received_at' | 'rejected_at'> & { collected_at: string; received_at: string | null; rejected_at: string | null };

/** Worklist entries of lab requests, in the order of `requestIds` (their patients' bands into `patients` when given). */
export async function requestEntries(db: Db, requestIds: readonly string[], patients?: EntryPatients): Promise<LabWorklistEntry[]> {
  if (requestIds.length === 0) return [];
  const ids = [[...requestIds]];
  const [requests, tests, specimenRows] = await Promise.all([
    db.raw(
      `select r.id, r.accession, r.order_id, r.patient_id, p.mrn, concat_ws(' ', p.given_name, nullif(p.middle_name, ''), p.family_name) as patient_name,
              r.priority, ${iso('coalesce(o.ordered_at, r.created_at)')} as ordered_at, coalesce(u.display_name, r.referring_clinician) as requested_by, ${PATIENT_BANDS}
         from ${probed('lab_requests', 'r', 'id')}
         join ${lookup('patients', 'p', 'p.id = r.patient_id', 'p.mrn, p.given_name, p.middle_name, p.family_name, p.sex, p.birth_date')} on true
         left join ${lookup('orders', 'o', 'o.id = r.order_id', 'o.ordered_at')} on true
         left join users u on u.id = r.ordering_user_id`,
      ids,
    ).then((result: { rows: RequestRow[] }) => result.rows),
    // With each test, the specimens holding it: the specimens' test codes are grouped from these here, not read per specimen.
    db.raw(
      `select ${TEST_COLUMNS}, st.specimen_ids from ${probed('lab_request_tests', 't', 'request_id')}
         left join ${lookup('order_items', 'oi', 'oi.id = t.order_item_id', 'oi.status')} on true
         left join ${lookup('lab_specimen_tests', 'st', 'st.request_test_id = t.id', 'array_agg(st.specimen_id) as specimen_ids')} on true
        order by t.code`,
      ids,
    ).then((result: { rows: Array<TestRow & { specimen_ids: string[] | null }> }) => result.rows),
    db.raw(
      `select s.id, s.request_id, s.barcode, s.container, s.status, ${iso('s.collected_at')} as collected_at, u.display_name as collected_by_name,
              ${iso('s.received_at')} as received_at, ${iso('s.rejected_at')} as rejected_at, s.rejection_reason, s.rejection_note, s.recollection_of
         from ${probed('lab_specimens', 's', 'request_id')} join users u on u.id = s.collected_by order by s.barcode`,
      ids,
    ).then((result: { rows: WorklistSpecimenRow[] }) => result.rows),
  ]);
  for (const row of requests) patients?.set(row.patient_id, { sex: row.sex, birthDate: row.birth_date });
  const byId = new Map(requests.map((row) => [row.id, row]));
  // Grouped once: filtering every row per request is quadratic in the worklist's 300 entries.
  const testsByRequest = groupBy(tests, (test) => test.request_id);
  const codesBySpecimen = new Map<string, string[]>();
  for (const test of tests) {
    for (const specimenId of test.specimen_ids ?? []) {
      const codes = codesBySpecimen.get(specimenId);
      if (codes === undefined) codesBySpecimen.set(specimenId, [test.code]);
      else codes.push(test.code);
    }
  }
  const specimensByRequest = groupBy(specimenRows.map((row): LabSpecimen => ({
    id: row.id, requestId: row.request_id, barcode: row.barcode, container: row.container, status: row.status, tests: [...(codesBySpecimen.get(row.id) ?? [])].sort(),
    collectedAt: row.collected_at, collectedByName: row.collected_by_name, receivedAt: row.received_at, rejectedAt: row.rejected_at,
    rejectionReason: row.rejection_reason, rejectionNote: row.rejection_note, recollectionOf: row.recollection_of,
  })), (specimen) => specimen.requestId);
  return requestIds.flatMap((id) => {
    const row = byId.get(id);
    if (row === undefined) return [];
    return [{
      requestId: row.id, accession: row.accession, orderId: row.order_id, patientId: row.patient_id, mrn: row.mrn, patientName: row.patient_name,
      priority: row.priority, orderedAt: row.ordered_at, requestedBy: row.requested_by,
      tests: (testsByRequest.get(id) ?? []).map((test) => ({ id: test.id, orderItemId: test.order_item_id, code: test.code, name: test.name, section: test.section, status: test.status })),
      specimens: specimensByRequest.get(id) ?? [],
    }];
  });
}

interface PendingItemRow {
  item_id: string;
  order_id: string;
  patient_id: string;
  mrn: string;
  patient_name: string;
  code: string;
  name: string;
  section: LabTest['section'];
  priority: OrderPriority;
  ordered_at: Date;
  requested_by: string;
  sex: AnalytePatient['sex'];
  birth_date: string | null;
}

const PRIORITY_RANK: Readonly<Record<OrderPriority, number>> = { stat: 0, urgent: 1, routine: 2 };

/** Doctors' lab orders with items not yet taken into a lab request (lab_taken_at null, partial index order_items_lab_waiting): waiting for collection. */
/** Only tests past their turnaround target at `now` (codes and minutes: the catalogue's targets). */
export interface OverdueFilter {
  codes: readonly string[];
  priorities: readonly OrderPriority[];
  minutes: readonly number[];
  now: Date;
}

export async function uncollectedOrderEntries(db: Db, input: { section?: LabTest['section'] | undefined; orderIds?: readonly string[]; since: Date; limit: number; overdue?: OverdueFilter | undefined; patients?: EntryPatients }): Promise<LabWorklistEntry[]> {
  const overdue = input.overdue;
  const rows = (await db.raw(
    `select i.id as item_id, i.order_id, i.patient_id, p.mrn, concat_ws(' ', p.given_name, nullif(p.middle_name, ''), p.family_name) as patient_name,
            i.code, i.name, c.data ->> 'section' as section, i.priority, i.ordered_at, u.display_name as requested_by, ${PATIENT_BANDS}
       from order_items i
       join order_catalogue c on c.code = i.code
       join patients p on p.id = i.patient_id
       join users u on u.id = i.ordered_by
      where i.kind = 'lab' and i.status = 'ordered' and i.lab_taken_at is null and i.ordered_at >= ?
        and (?::text is null or c.data ->> 'section' = ?::text)
        and (?::uuid[] is null or i.order_id = any(?::uuid[]))
        and (?::text[] is null or exists (select 1 from unnest(?::text[], ?::text[], ?::int[]) tat(code, priority, minutes) where tat.code = i.code and tat.priority = i.priority and i.ordered_at + tat.minutes * interval '1 minute' < ?::timestamptz))
      order by i.ordered_at, i.order_id, i.code
      limit ?`,
    [input.since, input.section ?? null, input.section ?? null, input.orderIds === undefined ? null : [...input.orderIds], input.orderIds === undefined ? null : [...input.orderIds],
      overdue === undefined ? null : [...overdue.codes], overdue === undefined ? null : [...overdue.codes], overdue === undefined ? null : [...overdue.priorities], overdue === undefined ? null : [...overdue.minutes], overdue?.now ?? null, input.limit],
  )).rows as PendingItemRow[];
  const entries = new Map<string, LabWorklistEntry>();
  for (const row of rows) {
    input.patients?.set(row.patient_id, { sex: row.sex, birthDate: row.birth_date });
    let entry = entries.get(row.order_id);
    if (entry === undefined) {
      entry = {
        requestId: null, accession: null, orderId: row.order_id, patientId: row.patient_id, mrn: row.mrn, patientName: row.patient_name,
        priority: row.priority, orderedAt: row.ordered_at.toISOString(), requestedBy: row.requested_by, tests: [], specimens: [],
      };
      entries.set(row.order_id, entry);
    }
    if (PRIORITY_RANK[row.priority] < PRIORITY_RANK[entry.priority]) entry.priority = row.priority;
    entry.tests.push({ id: null, orderItemId: row.item_id, code: row.code, name: row.name, section: row.section, status: 'awaiting_collection' });
  }
  return [...entries.values()];
}

const OPEN_STATUSES: readonly TestStatus[] = ['awaiting_collection', 'collected', 'received', 'resulted', 'validated'];

/** Requests with a test in `statuses` (open ones by default), oldest first. */
export async function openRequestIds(db: Db, input: { section?: LabTest['section'] | undefined; statuses?: readonly TestStatus[] | undefined; limit: number; overdue?: OverdueFilter | undefined }): Promise<string[]> {
  const overdue = input.overdue;
  // Released and cancelled tests are never overdue: an overdue-only read asks for the open statuses named.
  const statuses = overdue === undefined ? input.statuses ?? OPEN_STATUSES : (input.statuses ?? OPEN_STATUSES).filter((status) => OPEN_STATUSES.includes(status));
  if (statuses.length === 0) return [];
  // Only open statuses asked for (the desk's usual read): the open requests are walked in order
  // (lab_requests_open, migration 0057) and the walk stops at the limit, released history unread.
  // The check is a scalar subquery, not EXISTS: the planner would turn EXISTS into a semi-join that
  // reads every open test first, where probing each request's tests stops after `limit` requests.
  const openOnly = statuses.every((status) => OPEN_STATUSES.includes(status));
  const rows = (await db.raw(
    openOnly
      ? `select r.id from lab_requests r
          where r.closed_at is null
            and (select true from lab_request_tests t
                  where t.request_id = r.id and t.status not in ('released', 'cancelled') and t.status = any(?::text[])
                    and not exists (select 1 from order_items oi where oi.id = t.order_item_id and oi.status = 'cancelled')
                    and (?::text is null or t.section = ?::text)
                    and (?::text[] is null or exists (
                          select 1 from unnest(?::text[], ?::text[], ?::int[]) tat(code, priority, minutes)
                           where tat.code = t.code and tat.priority = r.priority
                             and coalesce((select min(s.received_at) from lab_specimen_tests st join lab_specimens s on s.id = st.specimen_id where st.request_test_id = t.id and s.status = 'received'),
                                          (select o.ordered_at from orders o where o.id = r.order_id), r.created_at) + tat.minutes * interval '1 minute' < ?::timestamptz))
                  limit 1)
          order by r.created_at, r.id
          limit ?`
      : `select r.id from lab_requests r
          where exists (select 1 from lab_request_tests t left join order_items oi on oi.id = t.order_item_id
                         where t.request_id = r.id
                           and (case when oi.status = 'cancelled' then 'cancelled' else t.status end) = any(?::text[])
                           and (?::text is null or t.section = ?::text))
          order by r.created_at, r.id
          limit ?`,
    openOnly
      ? [[...statuses], input.section ?? null, input.section ?? null,
          overdue === undefined ? null : [...overdue.codes], overdue === undefined ? null : [...overdue.codes], overdue === undefined ? null : [...overdue.priorities], overdue === undefined ? null : [...overdue.minutes], overdue?.now ?? null, input.limit]
      : [[...statuses], input.section ?? null, input.section ?? null, input.limit],
  )).rows as Array<{ id: string }>;
  return rows.map((row) => row.id);
}

interface ResultRow {
  id: string;
  request_test_id: string;
  specimen_id: string;
  patient_id: string;
  analyte: string;
  version: number;
  value_text: string;
  unit: string | null;
  flag: LabResult['flag'];
  reference_range: LabResult['range'];
  status: LabResult['status'];
  comment: string | null;
  entered_at: Date;
  entered_by_name: string;
  entered_at_desk: Date | null;
  validated_at: Date | null;
  validated_by_name: string | null;
  released_at: Date | null;
  released_by_name: string | null;
  amendment_reason: string | null;
  supersedes: string | null;
}

export function resultViews(db: Db) {
  return db('lab_results as x')
    .join('users as e', 'e.id', 'x.entered_by')
    .leftJoin('users as v', 'v.id', 'x.validated_by')
    .leftJoin('users as rl', 'rl.id', 'x.released_by')
    .select('x.*', 'e.display_name as entered_by_name', 'v.display_name as validated_by_name', 'rl.display_name as released_by_name');
}

export function toResult(row: ResultRow): LabResult {
  return {
    id: row.id, testId: row.request_test_id, specimenId: row.specimen_id, patientId: row.patient_id, analyte: row.analyte, version: row.version,
    value: row.value_text, unit: row.unit, flag: row.flag, range: row.reference_range, status: row.status, comment: row.comment,
    enteredAt: row.entered_at.toISOString(), enteredByName: row.entered_by_name, enteredAtDesk: row.entered_at_desk?.toISOString() ?? null,
    validatedAt: row.validated_at?.toISOString() ?? null, validatedByName: row.validated_by_name, releasedAt: row.released_at?.toISOString() ?? null,
    releasedByName: row.released_by_name, amendmentReason: row.amendment_reason, supersedes: row.supersedes,
  };
}

export async function resultsByIds(db: Db, ids: readonly string[]): Promise<LabResult[]> {
  const rows = (await resultViews(db).whereIn('x.id', ids)) as ResultRow[];
  const byId = new Map(rows.map((row) => [row.id, toResult(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function resultsOfRequest(db: Db, requestId: string): Promise<LabResult[]> {
  const rows = (await resultViews(db)
    .join('lab_request_tests as t', 't.id', 'x.request_test_id')
    .where('t.request_id', requestId)
    .orderBy([{ column: 't.code' }, { column: 'x.analyte' }, { column: 'x.version' }])) as ResultRow[];
  return rows.map(toResult);
}

interface AlertRow {
  id: string;
  result_id: string;
  request_id: string;
  patient_id: string;
  patient_name: string;
  mrn: string;
  analyte: string;
  value_text: string;
  unit: string | null;
  flag: LabCriticalAlert['flag'];
  notify_user_id: string | null;
  raised_at: Date;
  escalated_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  told_name: string | null;
  told_at: Date | null;
  read_back: boolean | null;
}

export function alertViews(db: Db) {
  return db('lab_critical_alerts as a')
    .join('lab_results as x', 'x.id', 'a.result_id')
    .join('patients as p', 'p.id', 'a.patient_id')
    .leftJoin('users as k', 'k.id', 'a.acknowledged_by')
    .select('a.*', 'p.mrn', db.raw("concat_ws(' ', p.given_name, nullif(p.middle_name, ''), p.family_name) as patient_name"), 'x.analyte', 'x.value_text', 'x.unit', 'x.flag', 'k.display_name as acknowledged_by_name');
}

export function toAlert(row: AlertRow): LabCriticalAlert {
  return {
    id: row.id, resultId: row.result_id, requestId: row.request_id, patientId: row.patient_id, patientName: row.patient_name, mrn: row.mrn,
    analyte: row.analyte, value: row.value_text, unit: row.unit,
    flag: row.flag, notifyUserId: row.notify_user_id, raisedAt: row.raised_at.toISOString(), escalatedAt: row.escalated_at?.toISOString() ?? null,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null, acknowledgedByName: row.acknowledged_by_name, toldName: row.told_name,
    toldAt: row.told_at?.toISOString() ?? null, readBack: row.read_back,
  };
}
