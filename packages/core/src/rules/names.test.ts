import { describe, expect, it } from 'vitest';
import { foldName, nameIndexKeys, namePairKey, nameSearchText, nameSortKey, nameTokens, normalizeName, personDisplayName } from './names.js';

describe('names', () => {
  it('normalizes what the desk typed', () => {
    expect(normalizeName('  Mary   Wanjiku ')).toBe('Mary Wanjiku');
  });

  it('folds accents, apostrophes and hyphens for search', () => {
    expect(foldName("N'Dúngu-Wa")).toBe('ndungu wa');
    expect(foldName('Zoë')).toBe('zoe');
  });

  it('builds the search text, sort key and tokens', () => {
    const name = { givenName: 'Mary', middleName: 'Wanjiku', familyName: 'Kamau' };
    expect(nameSearchText(name)).toBe('mary wanjiku kamau');
    expect(nameSortKey(name)).toBe('kamau mary wanjiku');
    expect(nameTokens({ givenName: 'Ann', middleName: 'Ann', familyName: 'Njeri-Ann' })).toEqual(['ann', 'njeri']);
    expect(personDisplayName({ givenName: 'John', middleName: null, familyName: 'Otieno' })).toBe('John Otieno');
  });

  it('indexes each word and each pair of words', () => {
    expect(namePairKey('mary', 'kamau')).toBe('kamau mary');
    expect(nameIndexKeys({ givenName: 'Mary', middleName: 'Wanjiku', familyName: 'Kamau' })).toEqual([
      'mary', 'wanjiku', 'kamau', 'mary wanjiku', 'kamau mary', 'kamau wanjiku',
    ]);
  });
});
