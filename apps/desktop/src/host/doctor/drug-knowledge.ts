import { DrugSchema, HmsError, StoredRuleSchema, compileSafetyKnowledge } from '@hms/core';
import type { Drug, MethodName, ParamsIn, Result, SafetyKnowledge, StoredRule } from '@hms/core';
import { z } from 'zod';
import type { DrugKnowledgeStatus } from '../../shared/doctor/views.js';
import type { KeyValueStore } from '../cache/local-cache.js';
import { searchDrugs } from './drug-search.js';

const FormularyCopySchema = z.object({ serverUrl: z.string(), revision: z.number().int(), asOf: z.string(), drugs: z.array(DrugSchema) });
const RulesCopySchema = z.object({
  serverUrl: z.string(), version: z.number().int(), paediatricAgeBelowYears: z.number(), asOf: z.string(), rules: z.array(StoredRuleSchema),
});
type FormularyCopy = z.infer<typeof FormularyCopySchema>;
type RulesCopy = z.infer<typeof RulesCopySchema>;

const FORMULARY_KEY = 'doctor.formulary';
const RULES_KEY = 'doctor.drugRules';
/** drugs.list's largest page. */
const PAGE = 500;

export interface DrugKnowledgeDeps {
  values: KeyValueStore;
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  serverUrl(): string;
  now(): Date;
  changed(): void;
}

/**
 * The formulary and the drug-safety rules, kept here with their versions so that a desk whose
 * LAN is down checks prescriptions with the same pure check the server runs (core
 * checkPrescription) and finds drugs. Read whole when their revision moved (at each reconnect,
 * and when the server announces a change); a copy is replaced only whole, never half-read.
 */
export class DrugKnowledge {
  private readonly deps: DrugKnowledgeDeps;
  private formulary: FormularyCopy | undefined;
  private rules: RulesCopy | undefined;
  private compiled: { formulary: number; rules: number; knowledge: SafetyKnowledge } | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(deps: DrugKnowledgeDeps) {
    this.deps = deps;
    this.formulary = this.kept(FORMULARY_KEY, FormularyCopySchema);
    this.rules = this.kept(RULES_KEY, RulesCopySchema);
  }

  status(): DrugKnowledgeStatus {
    const { formulary, rules } = this.current();
    return {
      formulary: formulary === undefined ? null : { revision: formulary.revision, drugs: formulary.drugs.length, asOf: formulary.asOf },
      rules: rules === undefined ? null : { version: rules.version, rules: rules.rules.length, asOf: rules.asOf },
    };
  }

  /** The compiled knowledge for the local check, or why there is none. */
  knowledge(): { knowledge: SafetyKnowledge; formularyRevision: number; asOf: string } {
    const { formulary, rules } = this.current();
    if (formulary === undefined || rules === undefined) {
      throw new HmsError('UNAVAILABLE', 'The server cannot be reached, and this workstation has not kept the formulary and drug-safety rules yet to check the prescription itself.', { reason: 'no_drug_knowledge' });
    }
    if (this.compiled?.formulary !== formulary.revision || this.compiled.rules !== rules.version) {
      const knowledge = compileSafetyKnowledge(formulary.drugs, {
        version: rules.version,
        paediatricAgeBelowYears: rules.paediatricAgeBelowYears,
        rules: rules.rules.map((stored: StoredRule) => ({ ...stored.rule, version: stored.version })),
      });
      this.compiled = { formulary: formulary.revision, rules: rules.version, knowledge };
    }
    const asOf = formulary.asOf < rules.asOf ? formulary.asOf : rules.asOf;
    return { knowledge: this.compiled.knowledge, formularyRevision: formulary.revision, asOf };
  }

  drug(id: string): Drug | undefined {
    return this.current().formulary?.drugs.find((drug) => drug.id === id);
  }

  /** The kept formulary searched (active products only), best match first. */
  search(query: string, limit: number): { items: Drug[]; revision: number | null; asOf: string | null } {
    const { formulary } = this.current();
    if (formulary === undefined) return { items: [], revision: null, asOf: null };
    return { items: searchDrugs(formulary.drugs, query, limit), revision: formulary.revision, asOf: formulary.asOf };
  }

  /** Reads again what moved on the server (one refresh at a time); `force` reads both whole. */
  refresh(force = false): Promise<void> {
    this.refreshing ??= this.readBoth(force).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async readBoth(force: boolean): Promise<void> {
    const before = this.status();
    await Promise.all([this.readFormulary(force), this.readRules()]);
    if (JSON.stringify(before) !== JSON.stringify(this.status())) this.deps.changed();
  }

  private async readFormulary(force: boolean): Promise<void> {
    const { call } = this.deps;
    const first = await call('drugs.list', { limit: PAGE });
    const kept = this.current().formulary;
    if (!force && kept?.revision === first.revision) {
      // Unchanged: the copy is known current as of now.
      this.formulary = { ...kept, asOf: this.deps.now().toISOString() };
      this.deps.values.setValue(FORMULARY_KEY, this.formulary);
      return;
    }
    // A page read while a pharmacist edits could mix two revisions: read again until one revision holds throughout.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const start = attempt === 0 ? first : await call('drugs.list', { limit: PAGE });
      const drugs = [...start.items];
      let next = start.nextAfterCode;
      let revision = start.revision;
      while (next !== undefined) {
        const page = await call('drugs.list', { afterCode: next, limit: PAGE });
        revision = page.revision;
        if (revision !== start.revision) break;
        drugs.push(...page.items);
        next = page.nextAfterCode;
      }
      if (revision !== start.revision) continue;
      this.formulary = { serverUrl: this.deps.serverUrl(), revision, asOf: this.deps.now().toISOString(), drugs };
      this.deps.values.setValue(FORMULARY_KEY, this.formulary);
      return;
    }
  }

  private async readRules(): Promise<void> {
    // The whole set is one answer, so it is always one version.
    const set = await this.deps.call('drugRules.list', {});
    const asOf = this.deps.now().toISOString();
    this.rules = { serverUrl: this.deps.serverUrl(), version: set.version, paediatricAgeBelowYears: set.paediatricAgeBelowYears, asOf, rules: set.rules };
    this.deps.values.setValue(RULES_KEY, this.rules);
  }

  /** Only copies read from the server this workstation talks to now count. */
  private current(): { formulary: FormularyCopy | undefined; rules: RulesCopy | undefined } {
    const serverUrl = this.deps.serverUrl();
    return {
      formulary: this.formulary?.serverUrl === serverUrl ? this.formulary : undefined,
      rules: this.rules?.serverUrl === serverUrl ? this.rules : undefined,
    };
  }

  private kept<S extends z.ZodType>(key: string, schema: S): z.output<S> | undefined {
    return this.deps.values.getValue(key, schema);
  }
}
