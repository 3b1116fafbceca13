import { describe, expect, it } from 'vitest';
import { compileSafetyKnowledge } from './check-prescription.js';
import { prescribableProblems } from './prescribable.js';
import { seedFormulary, seedRuleSet } from './seed-knowledge.js';

const formulary = seedFormulary();
const drug = (code: string) => formulary.find((candidate) => candidate.code === code)!;

describe('prescribableProblems: what the server refuses before any alert', () => {
  it('names an unknown drug, a withdrawn one and a route the product lacks, each on its own item; nothing for good items', () => {
    const withdrawn = { ...drug('ibuprofen-400mg-tablet'), active: false };
    const knowledge = compileSafetyKnowledge([...formulary.filter((one) => one.id !== withdrawn.id), withdrawn], seedRuleSet());
    const paracetamol = drug('paracetamol-500mg-tablet');
    expect(prescribableProblems(knowledge, [
      { drugId: paracetamol.id, route: 'oral' },
      { drugId: 'not-a-drug', route: 'oral' },
      { drugId: withdrawn.id, route: 'oral' },
      { drugId: paracetamol.id, route: 'iv' },
    ])).toEqual({
      'items.1.drugId': 'is not in the formulary',
      'items.2.drugId': 'Ibuprofen 400 mg tablet is withdrawn from the formulary',
      'items.3.route': 'Paracetamol 500 mg tablet is given oral',
    });
    expect(prescribableProblems(knowledge, [{ drugId: paracetamol.id, route: 'oral' }])).toEqual({});
  });
});
