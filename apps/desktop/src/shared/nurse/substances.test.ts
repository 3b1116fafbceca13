import { describe, expect, it } from 'vitest';
import { suggestSubstances } from './substances.js';

const generics = [{ code: 'amoxicillin', text: 'amoxicillin' }, { code: 'amoxicillin_clavulanic_acid', text: 'amoxicillin + clavulanic acid' }, { code: 'paracetamol', text: 'paracetamol' }];

describe('suggestSubstances', () => {
  it('offers the drug class for what people write ("penicillin", "sulfa"), before the generics, with the codes the prescription checks match', () => {
    expect(suggestSubstances('penicil', generics, 5)[0]).toEqual({ kind: 'drugClass', code: 'penicillins', text: 'Penicillins' });
    expect(suggestSubstances('Sulfa', generics, 5)[0]).toEqual({ kind: 'drugClass', code: 'sulfonamide_antibacterials', text: 'Sulfonamide antibacterials' });
    expect(suggestSubstances('amox', generics, 5)).toEqual([
      { kind: 'drug', code: 'amoxicillin', text: 'amoxicillin' },
      { kind: 'drug', code: 'amoxicillin_clavulanic_acid', text: 'amoxicillin + clavulanic acid' },
    ]);
  });

  it('finds a word inside a name, after the names that start with it; nothing for one letter or an unknown word', () => {
    expect(suggestSubstances('clavul', generics, 5)).toEqual([{ kind: 'drug', code: 'amoxicillin_clavulanic_acid', text: 'amoxicillin + clavulanic acid' }]);
    expect(suggestSubstances('a', generics, 5)).toEqual([]);
    expect(suggestSubstances('zzzz', generics, 5)).toEqual([]);
    expect(suggestSubstances('an', generics, 3)).toHaveLength(3);
  });
});
