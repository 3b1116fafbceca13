import { FORMULARY_SEED, FORMULARY_SEED_REVISION, FormularyDrugSchema, SAFETY_RULES_SEED, SAFETY_RULES_SEED_REVISION, SafetyRuleSchema } from '@hms/core';
import type { Knex } from 'knex';
import { canonicalJson } from '../shared/canonical-json.js';
import { searchTextOf } from './drugs-repo.js';

export interface ShippedRevisions {
  formulary: number;
  rules: number;
}

/**
 * Loads the formulary and rules shipped with this release into a hospital's tables. It only
 * adds: a drug or rule the hospital lacks gets version 1; one still as shipped by an older
 * revision gets a new version; one a pharmacist has edited is left as they made it. Each
 * shipped revision is loaded by its own migration, which names the revision it expects, so a
 * release whose data moved without a new migration fails loudly instead of loading half of it.
 */
export async function loadShippedPharmacology(db: Knex, expected: ShippedRevisions, now: Date): Promise<{ drugs: number; rules: number }> {
  if (expected.formulary !== FORMULARY_SEED_REVISION || expected.rules !== SAFETY_RULES_SEED_REVISION) {
    throw new Error(`This migration loads formulary ${expected.formulary} and rules ${expected.rules}, but the release ships ${FORMULARY_SEED_REVISION} and ${SAFETY_RULES_SEED_REVISION}: add a migration for the new revision.`);
  }
  const drugs = await loadDrugs(db, now);
  const rules = await loadRules(db, now);
  return { drugs, rules };
}

function canonicalDataEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

async function loadDrugs(db: Knex, now: Date): Promise<number> {
  const existing = new Map((await db('drugs').select('id', 'code', 'version', 'data', 'source', 'shipped_revision')).map((row: { code: string }) => [row.code, row]));
  const changed = [];
  for (const input of FORMULARY_SEED) {
    const data = FormularyDrugSchema.parse(input);
    const row = existing.get(data.code) as { id: string; version: number; data: unknown; source: string; shipped_revision: number | null } | undefined;
    if (row === undefined) {
      const [inserted] = await db('drugs')
        .insert({ code: data.code, generic: data.generic, version: 1, data, search_text: searchTextOf(data), active: data.active, source: 'shipped', shipped_revision: FORMULARY_SEED_REVISION, updated_at: now })
        .returning('id');
      await db('drug_versions').insert({ drug_id: (inserted as { id: string }).id, version: 1, data, source: 'shipped', created_at: now });
      changed.push(data.code);
    } else if (row.source === 'shipped' && (row.shipped_revision ?? 0) < FORMULARY_SEED_REVISION && !canonicalDataEqual(row.data, data)) {
      const version = row.version + 1;
      await db('drugs').where({ id: row.id }).update({ generic: data.generic, version, data, search_text: searchTextOf(data), active: data.active, shipped_revision: FORMULARY_SEED_REVISION, updated_at: now });
      await db('drug_versions').insert({ drug_id: row.id, version, data, source: 'shipped', created_at: now });
      changed.push(data.code);
    }
  }
  if (changed.length > 0) await db('pharmacology_revisions').where({ kind: 'formulary' }).increment('version', 1).update({ updated_at: now });
  return changed.length;
}

async function loadRules(db: Knex, now: Date): Promise<number> {
  const existing = new Map((await db('drug_safety_rules').select('id', 'code', 'version', 'data', 'source', 'shipped_revision')).map((row: { code: string }) => [row.code, row]));
  const [{ version: current }] = (await db('pharmacology_revisions').where({ kind: 'rules' }).select('version')) as [{ version: number }];
  const ruleSetVersion = current + 1;
  let changed = 0;
  for (const input of SAFETY_RULES_SEED) {
    const rule = SafetyRuleSchema.parse(input);
    const row = existing.get(rule.code) as { id: string; version: number; data: unknown; source: string; shipped_revision: number | null } | undefined;
    if (row === undefined) {
      const [inserted] = await db('drug_safety_rules')
        .insert({ code: rule.code, kind: rule.kind, version: 1, data: rule, active: rule.active, source: 'shipped', shipped_revision: SAFETY_RULES_SEED_REVISION, updated_at: now })
        .returning('id');
      await db('drug_safety_rule_versions').insert({ rule_id: (inserted as { id: string }).id, version: 1, data: rule, rule_set_version: ruleSetVersion, source: 'shipped', created_at: now });
      changed += 1;
    } else if (row.source === 'shipped' && (row.shipped_revision ?? 0) < SAFETY_RULES_SEED_REVISION && !canonicalDataEqual(row.data, rule)) {
      const version = row.version + 1;
      await db('drug_safety_rules').where({ id: row.id }).update({ version, data: rule, active: rule.active, shipped_revision: SAFETY_RULES_SEED_REVISION, updated_at: now });
      await db('drug_safety_rule_versions').insert({ rule_id: row.id, version, data: rule, rule_set_version: ruleSetVersion, source: 'shipped', created_at: now });
      changed += 1;
    }
  }
  if (changed > 0) await db('pharmacology_revisions').where({ kind: 'rules' }).update({ version: ruleSetVersion, updated_at: now });
  return changed;
}
