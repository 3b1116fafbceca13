import { HmsError, LAB_CATALOGUE_REVISION, LAB_TESTS, STARTER_LAB_CATALOGUE, limitsProblems } from '@hms/core';
import type { LabTestLimits, ReferenceRange, TestLimits } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';

type Db = Knex | Knex.Transaction;

/** The starter catalogue's ranges and limits as version 1 of each numeric test (a test the lab already holds is left as it is). */
export async function loadShippedLabLimits(db: Db, revision: number, now: Date): Promise<number> {
  if (revision !== LAB_CATALOGUE_REVISION) throw new Error(`This migration loads lab catalogue revision ${revision}, the release ships ${LAB_CATALOGUE_REVISION}: add a migration.`);
  const rows = LAB_TESTS.filter((test) => test.ranges.length > 0 || test.critical.length > 0).map((test) => ({
    test_code: test.code, version: 1, ranges: JSON.stringify(test.ranges), critical: JSON.stringify(test.critical),
    reason: `Starter catalogue, revision ${revision}`, shipped_revision: revision, changed_by: null, valid_from: now,
  }));
  const inserted = await db('lab_test_limits').insert(rows).onConflict(db.raw('(test_code) where superseded_at is null')).ignore().returning('id');
  return inserted.length;
}

/** The limits in force for these tests (all tests when omitted), by code. */
export async function limitsInForce(db: Db, testCodes?: readonly string[]): Promise<Map<string, TestLimits>> {
  const query = db('lab_test_limits').whereNull('superseded_at').select('test_code', 'ranges', 'critical');
  if (testCodes !== undefined) query.whereIn('test_code', [...testCodes]);
  const rows = (await query) as Array<{ test_code: string; ranges: ReferenceRange[]; critical: ReferenceRange[] }>;
  return new Map(rows.map((row) => [row.test_code, { ranges: row.ranges, critical: row.critical }]));
}

interface LimitsRow {
  test_code: string;
  version: number;
  ranges: ReferenceRange[];
  critical: ReferenceRange[];
  reason: string;
  changed_by_name: string | null;
  valid_from: Date;
  superseded_at: Date | null;
}

function toLimits(row: LimitsRow): LabTestLimits {
  return {
    testCode: row.test_code, version: row.version, ranges: row.ranges, critical: row.critical, reason: row.reason, changedByName: row.changed_by_name,
    validFrom: row.valid_from.toISOString(), supersededAt: row.superseded_at?.toISOString() ?? null,
  };
}

/** Every version of a test's limits, newest first. */
export async function limitsHistory(db: Db, testCode: string): Promise<LabTestLimits[]> {
  const rows = (await db('lab_test_limits as l').leftJoin('users as u', 'u.id', 'l.changed_by').where('l.test_code', testCode).orderBy('l.version', 'desc')
    .select('l.*', 'u.display_name as changed_by_name')) as LimitsRow[];
  return rows.map(toLimits);
}

export interface ChangeLimitsInput {
  testCode: string;
  expectedVersion: number;
  ranges: ReferenceRange[];
  critical: ReferenceRange[];
  reason: string;
}

/** A supervisor's change: checked in core, written as a new version; the old one is kept, marked superseded. */
export async function changeLimits(scope: WriteScope, actor: Actor, input: ChangeLimitsInput, now: Date): Promise<LabTestLimits> {
  const { trx } = scope;
  const test = STARTER_LAB_CATALOGUE.tests.get(input.testCode);
  if (test === undefined) throw HmsError.notFound(`The test ${input.testCode}`);
  const problems = limitsProblems(test, { ranges: input.ranges, critical: input.critical });
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const current = (await trx('lab_test_limits').where({ test_code: input.testCode }).whereNull('superseded_at').forUpdate().first('id', 'version', 'ranges', 'critical')) as
    { id: string; version: number; ranges: ReferenceRange[]; critical: ReferenceRange[] } | undefined;
  const inForce = current?.version ?? 0;
  if (inForce !== input.expectedVersion) throw HmsError.conflict(`Version ${inForce} of ${input.testCode}'s ranges is in force, not ${input.expectedVersion}: read them again.`, { reason: 'stale_version', version: inForce });
  if (current !== undefined) await trx('lab_test_limits').where({ id: current.id }).update({ superseded_at: now });
  const [row] = await trx('lab_test_limits').insert({
    test_code: input.testCode, version: inForce + 1, ranges: JSON.stringify(input.ranges), critical: JSON.stringify(input.critical),
    reason: input.reason, changed_by: actor.userId, valid_from: now,
  }).returning('id');
  const id = (row as { id: string }).id;
  scope.audit({
    action: 'lab.changeLimits', entityType: 'lab_test_limits', entityId: id,
    before: current === undefined ? null : { testCode: input.testCode, version: current.version, ranges: current.ranges, critical: current.critical },
    after: { testCode: input.testCode, version: inForce + 1, ranges: input.ranges, critical: input.critical, reason: input.reason },
  });
  return (await limitsHistory(trx, input.testCode))[0]!;
}
