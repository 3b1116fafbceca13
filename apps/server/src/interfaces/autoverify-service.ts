import type { AutoVerifyRule, LabResult } from '@hms/core';
import { HmsError } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { stepResults } from '../lab/index.js';
import type { CandidateValue } from './autoverify.js';
import { verdict } from './autoverify.js';
import type { MappedSpecimen } from './process-message.js';

interface RuleRow {
  test_code: string;
  version: number;
  enabled: boolean;
  within_range: boolean;
  no_analyzer_flags: boolean;
  delta_percent: string | null;
  delta_days: number | null;
  release: boolean;
  created_at: Date;
  created_by_name: string;
}

function toRule(row: RuleRow): AutoVerifyRule {
  return {
    testCode: row.test_code, version: row.version, enabled: row.enabled, withinRange: row.within_range, noAnalyzerFlags: row.no_analyzer_flags,
    deltaPercent: row.delta_percent === null ? null : Number(row.delta_percent), deltaDays: row.delta_days, release: row.release,
    createdAt: row.created_at.toISOString(), createdByName: row.created_by_name,
  };
}

/** The current version of each test's rule (or of the given tests'). */
export async function currentRules(db: Knex | Knex.Transaction, testCodes?: readonly string[]): Promise<AutoVerifyRule[]> {
  const query = db('lab_autoverify_rules as r').join('users as u', 'u.id', 'r.created_by')
    .distinctOn('r.test_code').orderBy([{ column: 'r.test_code' }, { column: 'r.version', order: 'desc' }])
    .select('r.*', 'u.display_name as created_by_name');
  if (testCodes !== undefined) void query.whereIn('r.test_code', [...testCodes]);
  return ((await query) as RuleRow[]).map(toRule);
}

export interface RuleInput {
  testCode: string;
  version?: number | undefined;
  enabled: boolean;
  withinRange: boolean;
  noAnalyzerFlags: boolean;
  deltaPercent?: number | null | undefined;
  deltaDays?: number | null | undefined;
  release: boolean;
}

/** A new version of a test's rule; the old ones stay, as the auto-verified results name them. */
export async function setAutoVerifyRule(scope: WriteScope, actor: Actor, input: RuleInput, now: Date): Promise<AutoVerifyRule> {
  const { trx } = scope;
  const test = (await trx('order_catalogue').where({ code: input.testCode, kind: 'lab' }).first('code', 'active')) as { code: string; active: boolean } | undefined;
  if (test === undefined || !test.active) throw HmsError.validation({ testCode: 'is not an active lab test in the catalogue' });
  const deltaPercent = input.deltaPercent ?? null;
  const deltaDays = input.deltaDays ?? null;
  if (deltaPercent !== null && deltaDays === null) throw HmsError.validation({ deltaDays: 'is needed with a delta check (how far back the previous value may be)' });
  if (input.enabled && !input.withinRange && !input.noAnalyzerFlags && deltaPercent === null) throw HmsError.validation({ enabled: 'a rule that checks nothing cannot be enabled' });
  // Serialized per test: two supervisors saving at once cannot both make version n + 1.
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`lab_autoverify_rules:${input.testCode}`]);
  const [before] = await currentRules(trx, [input.testCode]);
  if ((before?.version ?? undefined) !== input.version) {
    throw HmsError.conflict('The rule was changed by someone else; read it again.', { reason: 'stale_version', version: before?.version ?? null });
  }
  await trx('lab_autoverify_rules').insert({
    test_code: input.testCode, version: (before?.version ?? 0) + 1, enabled: input.enabled, within_range: input.withinRange, no_analyzer_flags: input.noAnalyzerFlags,
    delta_percent: deltaPercent, delta_days: deltaDays, release: input.release, created_at: now, created_by: actor.userId,
  });
  const [after] = await currentRules(trx, [input.testCode]);
  scope.audit({ action: 'interfaces.setAutoVerifyRule', entityType: 'lab_autoverify_rule', entityId: input.testCode, before: before ?? null, after: after! });
  return after!;
}

/** The rule's own user: validated_by names it ("Auto-verification rule"), and nobody signs in as it. */
async function ruleActor(trx: Knex.Transaction, now: Date): Promise<Actor> {
  const username = 'lab.autoverification';
  await trx('users')
    .insert({ username, display_name: 'Auto-verification rule', password_hash: '!', roles: ['lab_technician'], disabled_at: now })
    .onConflict('username').ignore();
  const row = (await trx('users').where({ username }).first('id')) as { id: string };
  return { userId: row.id, username, displayName: 'Auto-verification rule', roles: ['lab_technician'], sessionId: '', mustChangePassword: false };
}

/**
 * After an analyzer's results are entered (in the same write): each test with an enabled rule
 * whose values all pass is validated by the rule, and released if the rule says so; each such
 * result is recorded with the rule's version and the checks passed, and the decision audited.
 * A test that fails stays `entered` for a person. Returns a sentence for the message log.
 */
export async function autoVerify(scope: WriteScope, specimens: readonly MappedSpecimen[], results: readonly LabResult[], now: Date): Promise<string | undefined> {
  const { trx } = scope;
  if (results.length === 0) return undefined;
  const tests = (await trx('lab_request_tests').whereIn('id', [...new Set(results.map((result) => result.testId))]).select('id', 'code')) as { id: string; code: string }[];
  const codeOf = new Map(tests.map((test) => [test.id, test.code]));
  const rules = new Map((await currentRules(trx, [...new Set(tests.map((test) => test.code))])).filter((rule) => rule.enabled).map((rule) => [rule.testCode, rule]));
  if (rules.size === 0) return undefined;
  const sent = new Map<string, string | undefined>();
  for (const specimen of specimens) for (const result of specimen.results) sent.set(`${result.testCode}\n${result.analyte}`, result.flags);
  const notes: string[] = [];
  let actor: Actor | undefined;
  for (const [testId, code] of codeOf) {
    const rule = rules.get(code);
    if (rule === undefined) continue;
    const mine = results.filter((result) => result.testId === testId);
    const values: CandidateValue[] = [];
    for (const result of mine) {
      let previous: number | undefined;
      if (rule.deltaPercent !== null) {
        const row = (await trx('lab_results').where({ patient_id: result.patientId, analyte: result.analyte, status: 'released' }).whereNull('superseded_at')
          .whereNot('request_test_id', testId).whereNotNull('value_numeric').where('released_at', '>=', new Date(now.getTime() - (rule.deltaDays ?? 0) * 86_400_000))
          .orderBy('released_at', 'desc').first('value_numeric')) as { value_numeric: string } | undefined;
        previous = row === undefined ? undefined : Number(row.value_numeric);
      }
      values.push({ analyte: result.analyte, value: result.value, flag: result.flag, hasRange: result.range !== null, analyzerFlags: sent.get(`${code}\n${result.analyte}`), previous });
    }
    const decision = verdict(rule, values);
    if (!decision.pass) {
      notes.push(`${code} left for a person (rule v${rule.version}: ${decision.reasons.join('; ')})`);
      continue;
    }
    actor ??= await ruleActor(trx, now);
    const ids = mine.map((result) => result.id);
    await stepResults(scope, actor, 'validate', ids, now);
    if (rule.release) await stepResults(scope, actor, 'release', ids, now);
    await trx('lab_autoverifications').insert(ids.map((id) => ({ result_id: id, test_code: code, rule_version: rule.version, released: rule.release, checks: JSON.stringify(decision.checks), at: now })));
    scope.audit({
      action: 'interfaces.autoVerify', entityType: 'patient', entityId: mine[0]!.patientId,
      after: { testId, testCode: code, ruleVersion: rule.version, resultIds: ids, checks: decision.checks, released: rule.release },
    });
    notes.push(`${code} ${rule.release ? 'validated and released' : 'validated'} by its auto-verification rule v${rule.version}`);
  }
  return notes.length === 0 ? undefined : notes.join('; ');
}
