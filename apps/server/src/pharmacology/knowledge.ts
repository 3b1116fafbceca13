import { compileSafetyKnowledge } from '@hms/core';
import type { SafetyKnowledge } from '@hms/core';
import type { Knex } from 'knex';
import type { DrugRow } from './drugs-repo.js';
import { toFormularyDrug } from './drugs-repo.js';
import { currentRevisions } from './revisions.js';
import { loadRuleSet } from './rules-repo.js';

/**
 * The compiled formulary and rule set, rebuilt only when either revision moves (every edit
 * raises one in its transaction), so a check reads two integers instead of the whole dataset.
 * One per server, made by the composition root.
 */
export class SafetyKnowledgeCache {
  private cached: { formulary: number; rules: number; knowledge: SafetyKnowledge } | undefined;
  private loading: Promise<SafetyKnowledge> | undefined;

  async get(db: Knex): Promise<SafetyKnowledge> {
    return (await this.current(db)).knowledge;
  }

  /** The knowledge with the formulary's revision it was built from. */
  async current(db: Knex): Promise<{ knowledge: SafetyKnowledge; formularyRevision: number }> {
    const revisions = await currentRevisions(db);
    const cached = this.cached;
    if (cached !== undefined && cached.formulary === revisions.formulary && cached.rules === revisions.rules) return { knowledge: cached.knowledge, formularyRevision: cached.formulary };
    // Concurrent checks after an edit share one reload.
    this.loading ??= this.load(db, revisions).finally(() => {
      this.loading = undefined;
    });
    return { knowledge: await this.loading, formularyRevision: revisions.formulary };
  }

  private async load(db: Knex, revisions: { formulary: number; rules: number }): Promise<SafetyKnowledge> {
    const [rows, ruleSet] = await Promise.all([db<DrugRow>('drugs').select('*'), loadRuleSet(db)]);
    const knowledge = compileSafetyKnowledge(rows.map(toFormularyDrug), { ...ruleSet, version: revisions.rules });
    this.cached = { ...revisions, knowledge };
    return knowledge;
  }
}
