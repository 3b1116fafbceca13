import { LIKELY_THRESHOLD, foldName, namePairKey, nameSearchText, scoreDuplicate } from '@hms/core';
import type { DuplicateCandidate, Sex } from '@hms/core';
import type { Knex } from 'knex';
import { expandWords } from './name-index.js';
import { briefColumns, toBrief } from './patients-repo.js';
import type { BriefRow } from './patients-repo.js';

/** What duplicates are looked for by: a registration's demographics, or an existing record's. */
export interface DuplicateProbe {
  givenName: string;
  middleName: string | null;
  familyName: string;
  sex: Sex | null;
  birthDate: string | null;
  birthDateEstimated: boolean;
  phone: string | null;
  nationalId: string | null;
}

const MAX_NAME_CANDIDATES = 200;
const MAX_RESULTS = 10;

function words(text: string): string[] {
  return [...new Set(foldName(text).split(' ').filter((word) => word.length >= 2))].slice(0, 4);
}

function shiftYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4, 8)}01`;
}

/**
 * Likely and possible duplicates: records sharing the national ID or phone, and records whose
 * family and given names match (exactly or by close spelling, through the name index) within
 * a few years of the date of birth when one is known. Scored by rules/duplicate-scoring.ts.
 */
export async function findDuplicateCandidates(db: Knex | Knex.Transaction, probe: DuplicateProbe, excludeIds: readonly string[] = []): Promise<DuplicateCandidate[]> {
  const familyWords = words(probe.familyName);
  const givenWords = words(`${probe.givenName} ${probe.middleName ?? ''}`);
  const expansions = await expandWords(db, [...familyWords, ...givenWords], { prefix: false });
  const familyTokens = expansions.filter((e) => e.word < familyWords.length && e.score >= 0.25).map((e) => e.token).slice(0, 8);
  const givenTokens = expansions.filter((e) => e.word >= familyWords.length && e.score >= 0.25).map((e) => e.token).slice(0, 8);

  const ids = new Set<string>();
  // Family x given word pairs: one lookup each in the name index's pair keys.
  const pairs = [...new Set(familyTokens.flatMap((family) => givenTokens.map((given) => namePairKey(family, given))))].slice(0, 60);
  if (pairs.length > 0) {
    const dateFilter = probe.birthDate === null ? '' : 'and (t.birth_date is null or t.birth_date between ?::date and ?::date)';
    const bindings: Knex.RawBinding[] = [pairs];
    if (probe.birthDate !== null) bindings.push(shiftYears(probe.birthDate, -3), shiftYears(probe.birthDate, 4));
    bindings.push(MAX_NAME_CANDIDATES);
    const rows = await db.raw(`select distinct t.patient_id from patient_name_tokens t where t.token = any(?::text[]) ${dateFilter} limit ?`, bindings);
    for (const row of rows.rows as Array<{ patient_id: string }>) ids.add(row.patient_id);
  }
  if (probe.nationalId !== null || probe.phone !== null) {
    const rows = await db.raw(
      `select id from patients where merged_into is null and national_id = ?
       union select id from patients where merged_into is null and phone_digits = ? limit 50`,
      [probe.nationalId, probe.phone?.slice(1) ?? null],
    );
    for (const row of rows.rows as Array<{ id: string }>) ids.add(row.id);
  }
  for (const id of excludeIds) ids.delete(id);
  if (ids.size === 0) return [];

  const rows = (await db.raw(
    `select ${briefColumns('p')}, similarity(p.search_name, ?) as similarity
       from patients p where p.id = any(?::uuid[]) and p.merged_into is null`,
    [nameSearchText(probe), [...ids]],
  )).rows as Array<BriefRow & { similarity: number }>;

  const candidates: DuplicateCandidate[] = [];
  for (const row of rows) {
    const scored = scoreDuplicate({
      nameSimilarity: Number(row.similarity),
      a: { sex: probe.sex, birthDate: probe.birthDate, birthDateEstimated: probe.birthDateEstimated, phone: probe.phone, nationalId: probe.nationalId },
      b: { sex: row.sex, birthDate: row.birth_date, birthDateEstimated: row.birth_date_estimated, phone: row.phone, nationalId: row.national_id },
    });
    if (scored.likelihood === 'unlikely') continue;
    candidates.push({ patient: toBrief(row), score: scored.score, likelihood: scored.likelihood, reasons: scored.reasons });
  }
  candidates.sort((a, b) => b.score - a.score || a.patient.id.localeCompare(b.patient.id));
  return candidates.slice(0, MAX_RESULTS);
}

export function likelyOnly(candidates: readonly DuplicateCandidate[]): DuplicateCandidate[] {
  return candidates.filter((candidate) => candidate.score >= LIKELY_THRESHOLD);
}

