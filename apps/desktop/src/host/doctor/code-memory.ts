import { Icd10CodeSchema } from '@hms/core';
import type { Icd10Code } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';
import { matchScore, wordsOf } from './drug-search.js';

const KEY = 'doctor.diagnosisCodes';
/** The most codes kept: the recent ones of a busy desk, never the whole release. */
const MAX_CODES = 3000;
const KeptSchema = z.object({ serverUrl: z.string(), codes: z.array(Icd10CodeSchema.extend({ seenAt: z.string() })) });

const compact = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * The ICD-10-CM codes this desk has seen (search results and diagnoses it added), so a
 * diagnosis can be found while the LAN is down. It is never the whole release: the desk says so.
 */
export class CodeMemory {
  private readonly values: KeyValueStore;
  private readonly serverUrl: () => string;
  private readonly now: () => Date;

  constructor(values: KeyValueStore, serverUrl: () => string, now: () => Date) {
    this.values = values;
    this.serverUrl = serverUrl;
    this.now = now;
  }

  remember(codes: readonly Icd10Code[]): void {
    if (codes.length === 0) return;
    const seenAt = this.now().toISOString();
    const fresh = new Map(codes.map((code) => [code.code, { ...code, seenAt }]));
    const kept = this.kept().filter((code) => !fresh.has(code.code));
    this.values.setValue(KEY, { serverUrl: this.serverUrl(), codes: [...fresh.values(), ...kept].slice(0, MAX_CODES) });
  }

  /** By code (with or without the dot, or its start) in code order, else by words, best first. */
  search(query: string, limit: number): Icd10Code[] {
    const codes = this.kept().map(({ seenAt: _seenAt, ...code }) => code);
    const typedCode = compact(query);
    if (/^[A-Z]\d/.test(typedCode)) {
      const byCode = codes.filter((code) => compact(code.code).startsWith(typedCode)).sort((a, b) => a.code.localeCompare(b.code));
      if (byCode.length > 0) return byCode.slice(0, limit);
    }
    const typed = wordsOf(query);
    return codes
      .map((code) => ({ code, score: matchScore(typed, wordsOf(code.description)) }))
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score || a.code.code.localeCompare(b.code.code))
      .slice(0, limit)
      .map((hit) => hit.code);
  }

  private kept() {
    const stored = this.values.getValue(KEY, KeptSchema);
    return stored?.serverUrl === this.serverUrl() ? stored.codes : [];
  }
}
