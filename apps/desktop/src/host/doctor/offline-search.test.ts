import { drugDisplayName, seedFormulary } from '@hms/core';
import type { Drug } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { memoryKeyValues } from '../cache/local-cache.js';
import { CodeMemory } from './code-memory.js';
import { searchDrugs } from './drug-search.js';

const formulary: Drug[] = seedFormulary().map((drug) => ({ ...drug, id: drug.code, name: drugDisplayName(drug), source: 'shipped', updatedAt: '2026-12-01T00:00:00.000Z' }));

describe('offline drug search over the kept formulary', () => {
  it('finds by generic name, strength and form, also partly typed or misspelt, and never a withdrawn product', () => {
    expect(searchDrugs(formulary, 'amox 500', 5).map((drug) => drug.code)).toContain('amoxicillin-500mg-capsule');
    expect(searchDrugs(formulary, 'amoxcilin', 3)[0]?.generic).toMatch(/^amoxicillin/);
    expect(searchDrugs(formulary, 'paracetamol syrup', 5).every((drug) => drug.generic === 'paracetamol' && drug.form.includes('syrup'))).toBe(true);
    const withdrawn = formulary.map((drug) => (drug.code === 'amoxicillin-500mg-capsule' ? { ...drug, active: false } : drug));
    expect(searchDrugs(withdrawn, 'amoxicillin 500 capsule', 5).map((drug) => drug.code)).not.toContain('amoxicillin-500mg-capsule');
    expect(searchDrugs(formulary, 'zzzz', 5)).toEqual([]);
  });
});

describe('offline diagnosis search over the codes this desk has seen', () => {
  it('finds a remembered code by code (with or without the dot) and by words, and only codes of the server it was seen on', () => {
    let server = 'http://lan-a';
    const memory = new CodeMemory(memoryKeyValues(), () => server, () => new Date('2026-12-02T08:00:00.000Z'));
    memory.remember([
      { code: 'J18.9', billable: true, description: 'Pneumonia, unspecified organism' },
      { code: 'I10', billable: true, description: 'Essential (primary) hypertension' },
    ]);
    expect(memory.search('j189', 5).map((code) => code.code)).toEqual(['J18.9']);
    expect(memory.search('J18', 5).map((code) => code.code)).toEqual(['J18.9']);
    expect(memory.search('pnuemonia', 5).map((code) => code.code)).toEqual(['J18.9']);
    expect(memory.search('hypertens', 5).map((code) => code.code)).toEqual(['I10']);
    expect(memory.search('malaria', 5)).toEqual([]);
    server = 'http://lan-b';
    expect(memory.search('pneumonia', 5)).toEqual([]);
  });
});
