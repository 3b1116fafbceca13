import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeletionIndex, deletions } from './deletion-index.js';
import { maxEditsFor, osaDistance } from './edit-distance.js';

/** The textbook optimal string alignment distance, unbounded: what osaDistance must agree with. */
function reference(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i += 1) {
    for (let j = 1; j <= t.length; j += 1) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[s.length]![t.length]!;
}

/** Short words over a small alphabet, so that close pairs are common. */
const word = fc.string({ unit: fc.constantFrom('a', 'e', 'i', 'k', 'm', 'n', 'w', 'é'), minLength: 0, maxLength: 9 });

describe('osaDistance', () => {
  it('counts the desk typos as one edit each', () => {
    expect(osaDistance('mawngi', 'mwangi', 2)).toBe(1); // swapped neighbours
    expect(osaDistance('wanjku', 'wanjiku', 2)).toBe(1); // dropped letter
    expect(osaDistance('otienno', 'otieno', 2)).toBe(1); // doubled letter
    expect(osaDistance('acheing', 'achieng', 2)).toBe(1);
    expect(osaDistance('akinyii', 'akinyi', 2)).toBe(1);
    expect(osaDistance('chepet', 'chebet', 2)).toBe(1);
    expect(osaDistance('njorogeh', 'njoroge', 2)).toBe(1);
    expect(osaDistance('mthoni', 'muthoni', 2)).toBe(1);
    expect(osaDistance('kamadni', 'kamande', 2)).toBe(2);
    // Optimal string alignment does not edit a transposed pair again: 'ca' -> 'abc' is 3, not 2.
    expect(osaDistance('ca', 'abc', 5)).toBe(3);
  });

  it('agrees with the textbook table, capped at max + 1', () => {
    fc.assert(fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
      expect(osaDistance(a, b, max)).toBe(Math.min(reference(a, b), max + 1));
    }), { numRuns: 2_000 });
  });

  it('gives three letters or fewer no edits, up to six one, beyond two', () => {
    expect(['ali', 'ann', 'jo'].map(maxEditsFor)).toEqual([0, 0, 0]);
    expect(['mary', 'kamau', 'mwangi'].map(maxEditsFor)).toEqual([1, 1, 1]);
    expect(['njoroge', 'odhiambo'].map(maxEditsFor)).toEqual([2, 2]);
  });
});

describe('DeletionIndex', () => {
  it('files a word under its deletions', () => {
    expect([...deletions('abc', 1)].sort()).toEqual(['ab', 'abc', 'ac', 'bc']);
    expect(deletions('kamau', 2).size).toBe(1 + 5 + 9);
    // By code point, outside the Basic Multilingual Plane too.
    expect([...deletions('a\u{1d49c}b', 1)].sort()).toEqual(['ab', 'a\u{1d49c}', 'a\u{1d49c}b', '\u{1d49c}b'].sort());
  });

  it('finds every word within the budget (a superset, each once), as a linear scan would', () => {
    fc.assert(fc.property(fc.uniqueArray(word, { maxLength: 60 }), word, (vocabulary, query) => {
      const index = new DeletionIndex();
      // As the vocabulary index files words: deep enough for a query of any length.
      vocabulary.forEach((entry, id) => index.add(id, entry, [...entry].length >= 5 ? 2 : [...entry].length >= 3 ? 1 : 0));
      const budget = maxEditsFor(query);
      const found = index.candidates(query, budget);
      expect(new Set(found).size).toBe(found.length);
      const within = vocabulary.flatMap((entry, id) => (osaDistance(entry, query, budget) <= budget ? [id] : []));
      expect(found).toEqual(expect.arrayContaining(within));
    }), { numRuns: 1_000 });
  });

  it('keeps finding words as the table grows', () => {
    const index = new DeletionIndex();
    const words = Array.from({ length: 5_000 }, (_, i) => `w${i.toString(36)}x`);
    words.forEach((entry, id) => index.add(id, entry, 1));
    expect(index.size).toBeGreaterThan(5_000);
    for (const [id, entry] of words.entries()) if (id % 97 === 0) expect(index.candidates(`${entry}y`, 1)).toContain(id);
  });
});
