import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAB_RANGE_SOURCES as SOURCES, STARTER_LAB_CATALOGUE } from '@hms/core';

// Core has no file access: the document beside the data is read from here.
const SOURCES_MD = new URL('../../../../packages/core/src/lab/data/SOURCES.md', import.meta.url);

const keyOf = new Map<string, string>(Object.entries(SOURCES).map(([key, citation]) => [citation, key]));
const tests = [...STARTER_LAB_CATALOGUE.tests.values()];

/** Each source key with the tests citing it (in a band, a critical limit or a titre's threshold). */
function citedBy(): Map<string, Set<string>> {
  const cited = new Map<string, Set<string>>();
  for (const test of tests) {
    const citations = [...test.ranges, ...test.critical].map((band) => band.source);
    if (test.result.type === 'titre') citations.push(test.result.source);
    for (const citation of citations) {
      const key = keyOf.get(citation) ?? `(not a key: ${citation})`;
      cited.set(key, (cited.get(key) ?? new Set()).add(test.code));
    }
  }
  return cited;
}

/** The table of SOURCES.md: each row's keys and the test codes it names. */
function documented(): Array<{ keys: string[]; codes: Set<string> }> {
  const text = readFileSync(SOURCES_MD, 'utf8');
  const table = text.slice(text.indexOf('## Sources of ranges and limits'));
  return table.split('\n').filter((line) => line.startsWith('| `')).map((line) => {
    const [keys = '', codes = ''] = line.split('|').slice(1, 3);
    return { keys: [...keys.matchAll(/`(\w+)`/g)].map((m) => m[1]!), codes: new Set([...codes.matchAll(/\b[A-Z][A-Z0-9_]*\b/g)].map((m) => m[0]).filter((code) => STARTER_LAB_CATALOGUE.tests.has(code))) };
  });
}

describe('the reference data\'s sources (SOURCES.md)', () => {
  it('every band cites a source key, and the table lists every key with exactly the tests citing it', () => {
    const cited = citedBy();
    expect([...cited.keys()].filter((key) => !(key in SOURCES))).toEqual([]);
    const rows = documented();
    expect(rows.flatMap((row) => row.keys).sort()).toEqual(Object.keys(SOURCES).sort());
    for (const row of rows) {
      const citing = new Set(row.keys.flatMap((key) => [...(cited.get(key) ?? [])]));
      expect([...row.codes].sort(), row.keys.join(', ')).toEqual([...citing].sort());
    }
  });
});
