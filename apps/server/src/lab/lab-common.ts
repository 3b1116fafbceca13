import { HmsError, LAB_TOPIC, testStatus } from '@hms/core';
import type { ResultStatus, SpecimenStatus, TestStatus } from '@hms/core';
import type { Knex } from 'knex';
import type { WriteScope } from '../gateway/write-scope.js';

/** A desk's clock may run a little ahead of the server's; beyond this its time is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The time a desk says something happened (offline replay), or now; never in the future. */
export function deskTime(value: string | undefined, now: Date, field: string): Date {
  if (value === undefined) return now;
  const at = new Date(value);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw HmsError.validation({ [field]: 'is in the future' });
  return at;
}

/**
 * Brings the stored status of tests up to date with their specimens and current results (the
 * worklist reads the column, so it must never lag the rows it is derived from).
 */
export async function refreshTestStatuses(trx: Knex.Transaction, testIds: readonly string[], now: Date): Promise<void> {
  if (testIds.length === 0) return;
  const rows = (await trx.raw(
    `select t.id, t.request_id, t.status,
            array(select s.status from lab_specimen_tests st join lab_specimens s on s.id = st.specimen_id where st.request_test_id = t.id) as specimens,
            array(select x.status from lab_results x where x.request_test_id = t.id and x.superseded_at is null) as results
       from lab_request_tests t where t.id = any(?::uuid[]) for update of t`,
    [[...testIds]],
  )).rows as Array<{ id: string; request_id: string; status: TestStatus; specimens: SpecimenStatus[]; results: ResultStatus[] }>;
  const changed = new Set<string>();
  for (const row of rows) {
    const status = testStatus({ cancelled: row.status === 'cancelled', specimens: row.specimens, results: row.results });
    if (status === row.status) continue;
    await trx('lab_request_tests').where({ id: row.id }).update({ status, status_at: now });
    changed.add(row.request_id);
  }
  if (changed.size === 0) return;
  // The request closes with its last open test (and reopens if one opens again): the worklist walks the open ones (migration 0057).
  // A test whose ordered item the doctor cancelled is not open (lab_request_is_open, migration 0073, the orders-side trigger's rule too).
  await trx.raw(
    `update lab_requests r set closed_at = case when lab_request_is_open(r.id) then null else ?::timestamptz end
      where r.id = any(?::uuid[]) and (r.closed_at is null) <> lab_request_is_open(r.id)`,
    [now, [...changed]],
  );
}

export function announceLabChange(scope: WriteScope, patientId: string, requestIds: readonly string[], change: 'registered' | 'collected' | 'received' | 'rejected' | 'resulted' | 'validated' | 'released' | 'amended', now: Date): void {
  scope.emit('lab.changed', LAB_TOPIC, { requestIds: [...new Set(requestIds)], patientId, change, at: now.toISOString() });
}
