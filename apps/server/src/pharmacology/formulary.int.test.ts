import { FORMULARY_SEED, SAFETY_RULES_SEED } from '@hms/core';
import type { SafetyRuleInput } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { loadShippedPharmacology } from './shipped-data.js';

let pharmacist: TestClient;
let doctor: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    pharmacist = await s.signedIn(['pharmacist']);
    doctor = await s.signedIn(['doctor']);
  },
});

const names = (items: Array<{ name: string }>) => items.map((item) => item.name);

describe('the shipped formulary and rules', () => {
  it('are loaded by migration as version 1 of every drug and rule, and loading again adds nothing', async () => {
    expect(Number((await stack.db('drugs').count('* as n'))[0]!.n)).toBe(FORMULARY_SEED.length);
    expect(Number((await stack.db('drug_versions').count('* as n'))[0]!.n)).toBe(FORMULARY_SEED.length);
    expect(Number((await stack.db('drug_safety_rules').count('* as n'))[0]!.n)).toBe(SAFETY_RULES_SEED.length);
    const rules = await doctor.call('drugRules.list', {});
    expect(rules.version).toBe(1);
    expect(rules.rules.every((stored) => stored.version === 1 && stored.source === 'shipped')).toBe(true);
    expect(await loadShippedPharmacology(stack.db, { formulary: 1, rules: 1 }, new Date())).toEqual({ drugs: 0, rules: 0 });
    await expect(loadShippedPharmacology(stack.db, { formulary: 2, rules: 1 }, new Date())).rejects.toThrow(/add a migration/);
  });
});

describe('drugs.search', () => {
  it('finds products by generic name, misspelt, partly typed, with strength and form words', async () => {
    expect(names((await doctor.call('drugs.search', { query: 'amoxicillin' })).items).slice(0, 4)).toEqual([
      'Amoxicillin 125 mg/5 mL oral suspension', 'Amoxicillin 250 mg capsule', 'Amoxicillin 250 mg/5 mL oral suspension', 'Amoxicillin 500 mg capsule',
    ]);
    expect(names((await doctor.call('drugs.search', { query: 'amoxcilin' })).items)).toContain('Amoxicillin 500 mg capsule');
    expect(names((await doctor.call('drugs.search', { query: 'amox 500' })).items)[0]).toBe('Amoxicillin 500 mg capsule');
    expect(names((await doctor.call('drugs.search', { query: 'paracetamol syrup' })).items)).toEqual(['Paracetamol 120 mg/5 mL syrup']);
    expect(names((await doctor.call('drugs.search', { query: 'aspirin' })).items)[0]).toMatch(/^Acetylsalicylic acid \(aspirin\)/);
    expect((await doctor.call('drugs.search', { query: 'zzqx' })).items).toEqual([]);
  });
});

describe('formulary edits', () => {
  const drug = {
    code: 'artesunate-200mg-suppository', generic: 'artesunate', genericName: 'artesunate', strengthText: '200 mg', strength: { amount: 200, unit: 'mg' as const },
    form: 'suppository' as const, routes: ['rectal' as const], classes: ['antimalarials' as const],
  };

  it('adds a product as version 1 and tells the desks; a taken code is CONFLICT', async () => {
    const watcher = await stack.signedIn(['nurse']);
    const changed = watcher.waitForEvent((event) => event.event === 'reference.changed' && event.data.kind === 'formulary');
    const { drug: created } = await pharmacist.call('drugs.create', { drug });
    expect(created).toMatchObject({ code: drug.code, version: 1, source: 'local', name: 'Artesunate 200 mg suppository', active: true });
    expect((await changed).data).toMatchObject({ kind: 'formulary', id: created.id });
    const audit = await stack.db('audit_log').where({ action: 'drugs.create', entity_id: created.id }).first();
    expect(audit.after).toMatchObject({ code: drug.code });
    expect((await pharmacist.callError('drugs.create', { drug })).code).toBe('CONFLICT');
  });

  it('edits as a new version, keeping every earlier one; a stale version is CONFLICT and a new code VALIDATION', async () => {
    const { drug: created } = await pharmacist.call('drugs.create', { drug: { ...drug, code: 'artesunate-50mg-suppository', strengthText: '50 mg', strength: { amount: 50, unit: 'mg' } } });
    const { drug: edited } = await pharmacist.call('drugs.update', { id: created.id, expectedVersion: 1, drug: { ...drug, code: created.code, strengthText: '50 mg', strength: { amount: 50, unit: 'mg' }, active: false } });
    expect(edited).toMatchObject({ version: 2, active: false });
    const { versions } = await doctor.call('drugs.get', { id: created.id });
    expect(versions.map((version) => [version.version, version.data.active])).toEqual([[2, false], [1, true]]);
    expect((await pharmacist.callError('drugs.update', { id: created.id, expectedVersion: 1, drug: { ...drug, code: created.code } })).details).toMatchObject({ reason: 'stale_version', currentVersion: 2 });
    const renamed = await pharmacist.callError('drugs.update', { id: created.id, expectedVersion: 2, drug: { ...drug, code: 'artesunate-renamed' } });
    expect(renamed.details).toEqual({ fields: { 'drug.code': expect.stringContaining('never changes') } });
    // Withdrawn: no longer offered, still found when asked for.
    expect(names((await doctor.call('drugs.search', { query: 'artesunate 50 suppository' })).items)).toEqual([]);
    expect(names((await doctor.call('drugs.search', { query: 'artesunate 50 suppository', includeInactive: true })).items)).toEqual(['Artesunate 50 mg suppository']);
  });

  it('pages through the whole formulary by code with its revision (what a desk caches)', async () => {
    const seen: string[] = [];
    let afterCode: string | undefined;
    let revision: number | undefined;
    do {
      const page = await doctor.call('drugs.list', { limit: 200, ...(afterCode === undefined ? {} : { afterCode }) });
      revision = page.revision;
      seen.push(...page.items.map((item) => item.code));
      afterCode = page.nextAfterCode;
    } while (afterCode !== undefined);
    expect(seen.length).toBe(Number((await stack.db('drugs').count('* as n'))[0]!.n));
    expect([...seen].sort()).toEqual(seen);
    expect(revision).toBe((await stack.db('pharmacology_revisions').where({ kind: 'formulary' }).first()).version);
  });
});

describe('drug-safety rule edits', () => {
  it('a pharmacist edits a rule as a new version of it and of the rule set; history keeps both', async () => {
    const { rules } = await doctor.call('drugRules.list', { kind: 'interaction' });
    const stored = rules.find((candidate) => candidate.rule.code === 'ddi.warfarin-nsaids')!;
    const saved = await pharmacist.call('drugRules.save', { rule: { ...stored.rule, severity: 'contraindicated' } as SafetyRuleInput as never, expectedVersion: 1 });
    expect(saved.rule).toMatchObject({ version: 2, source: 'local', rule: { severity: 'contraindicated' } });
    expect(saved.ruleSetVersion).toBe(2);
    const { versions } = await doctor.call('drugRules.history', { code: 'ddi.warfarin-nsaids' });
    expect(versions.map((version) => [version.version, version.rule.severity, version.ruleSetVersion])).toEqual([[2, 'contraindicated', 2], [1, 'major', 1]]);
    expect((await pharmacist.callError('drugRules.save', { rule: stored.rule as never, expectedVersion: 1 })).details).toMatchObject({ reason: 'stale_version' });
    // A later shipped load keeps the pharmacist's version.
    await loadShippedPharmacology(stack.db, { formulary: 1, rules: 1 }, new Date());
    expect((await stack.db('drug_safety_rules').where({ code: 'ddi.warfarin-nsaids' }).first()).version).toBe(2);
  });

  it('adds a rule; a taken code, a new kind or an unknown class is refused with nothing written', async () => {
    const rule = { kind: 'duplicate' as const, code: 'duplicate.antihistamines', class: 'antihistamines' as const, severity: 'minor' as const, title: 'Two antihistamines', management: 'Keep one.', citation: 'Local formulary committee.' };
    expect((await pharmacist.call('drugRules.save', { rule })).rule).toMatchObject({ version: 1, source: 'local' });
    expect((await pharmacist.callError('drugRules.save', { rule })).code).toBe('CONFLICT');
    const before = await stack.db('drug_safety_rule_versions').count('* as n');
    expect((await pharmacist.callError('drugRules.save', { rule: { ...rule, kind: 'duplicate_same_medicine' } as never, expectedVersion: 1 })).code).toBe('VALIDATION');
    const unknownClass = await pharmacist.callError('drugRules.save', { rule: { ...rule, code: 'duplicate.x', class: 'wonder_drugs' } as never });
    expect(Object.keys(unknownClass.details?.fields as object)).toEqual(['rule.class']);
    expect(await stack.db('drug_safety_rule_versions').count('* as n')).toEqual(before);
  });
});
