import { HmsError, PAEDIATRIC_AGE_BELOW_YEARS, REFERENCE_TOPIC, SafetyRuleSchema } from '@hms/core';
import type { SafetyRule, SafetyRuleData, SafetyRuleSet, StoredRule } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { bumpRevision, currentRevisions } from './revisions.js';

export interface RuleRow {
  id: string;
  code: string;
  kind: SafetyRuleData['kind'];
  version: number;
  data: SafetyRuleData;
  active: boolean;
  source: 'shipped' | 'local';
  shipped_revision: number | null;
  updated_at: Date;
  updated_by: string | null;
}

export function toStoredRule(row: RuleRow): StoredRule {
  return { id: row.id, version: row.version, source: row.source, updatedAt: row.updated_at.toISOString(), rule: SafetyRuleSchema.parse(row.data) };
}

export function toEngineRule(row: RuleRow): SafetyRule {
  return { ...SafetyRuleSchema.parse(row.data), version: row.version };
}

export async function listRules(db: Knex, kind?: SafetyRuleData['kind']) {
  const query = db<RuleRow>('drug_safety_rules').select('*').orderBy('code');
  if (kind !== undefined) query.where({ kind });
  const [rows, revisions] = await Promise.all([query, currentRevisions(db)]);
  return { version: revisions.rules, paediatricAgeBelowYears: PAEDIATRIC_AGE_BELOW_YEARS, rules: rows.map(toStoredRule) };
}

/** The rule set as the engine takes it. */
export async function loadRuleSet(db: Knex): Promise<SafetyRuleSet> {
  const [rows, revisions] = await Promise.all([db<RuleRow>('drug_safety_rules').select('*').orderBy('code'), currentRevisions(db)]);
  return { version: revisions.rules, paediatricAgeBelowYears: PAEDIATRIC_AGE_BELOW_YEARS, rules: rows.map(toEngineRule) };
}

export async function ruleHistory(db: Knex, code: string) {
  const rule = await db<RuleRow>('drug_safety_rules').where({ code }).first();
  if (rule === undefined) throw HmsError.notFound('The rule');
  const rows: Array<{ version: number; data: SafetyRuleData; rule_set_version: number; source: 'shipped' | 'local'; created_at: Date; created_by: string | null }> = await db('drug_safety_rule_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .where({ 'v.rule_id': rule.id })
    .select('v.version', 'v.data', 'v.rule_set_version', 'v.source', 'v.created_at', 'u.username as created_by')
    .orderBy('v.version', 'desc');
  return rows.map((row) => ({
    version: row.version, ruleSetVersion: row.rule_set_version, source: row.source, createdAt: row.created_at.toISOString(), createdBy: row.created_by, rule: SafetyRuleSchema.parse(row.data),
  }));
}

/** A new rule, or a new version of one: the kind and code stay, the rule set's version rises. */
export async function saveRule(scope: WriteScope, userId: string, input: { rule: SafetyRuleData; expectedVersion?: number | undefined }, now: Date): Promise<{ rule: StoredRule; ruleSetVersion: number }> {
  const { rule } = input;
  const before = await scope.trx<RuleRow>('drug_safety_rules').where({ code: rule.code }).forUpdate().first();
  let after: RuleRow;
  if (input.expectedVersion === undefined) {
    if (before !== undefined) throw new HmsError('CONFLICT', `There is already a rule ${rule.code}: edit it with its version.`, { fields: { 'rule.code': 'is taken' }, currentVersion: before.version });
    try {
      [after] = await scope.trx<RuleRow>('drug_safety_rules')
        .insert({ code: rule.code, kind: rule.kind, version: 1, data: rule, active: rule.active, source: 'local', shipped_revision: null, updated_at: now, updated_by: userId })
        .returning('*') as [RuleRow];
    } catch (error) {
      if (isPgCode(error, PG.uniqueViolation, 'drug_safety_rules_code_key')) throw new HmsError('CONFLICT', `There is already a rule ${rule.code}.`, { fields: { 'rule.code': 'is taken' } });
      throw error;
    }
  } else {
    if (before === undefined) throw HmsError.notFound('The rule');
    if (before.kind !== rule.kind) throw HmsError.validation({ 'rule.kind': `stays ${before.kind}: retire this rule and add another for a different kind` });
    if (before.version !== input.expectedVersion) {
      throw HmsError.conflict(`The rule was changed meanwhile (now version ${before.version}).`, { reason: 'stale_version', currentVersion: before.version });
    }
    [after] = await scope.trx<RuleRow>('drug_safety_rules')
      .where({ id: before.id })
      .update({ version: before.version + 1, data: rule, active: rule.active, source: 'local', shipped_revision: null, updated_at: now, updated_by: userId })
      .returning('*') as [RuleRow];
  }
  const ruleSetVersion = await bumpRevision(scope.trx, 'rules', now);
  await scope.trx('drug_safety_rule_versions').insert({ rule_id: after.id, version: after.version, data: rule, rule_set_version: ruleSetVersion, source: 'local', created_at: now, created_by: userId });
  const stored = toStoredRule(after);
  scope.audit({ action: 'drugRules.save', entityType: 'drug_safety_rule', entityId: after.id, before: before === undefined ? undefined : toStoredRule(before), after: stored, details: { ruleSetVersion } });
  scope.emit('reference.changed', REFERENCE_TOPIC, { kind: 'drug_rules', id: after.id, at: now.toISOString() });
  return { rule: stored, ruleSetVersion };
}
