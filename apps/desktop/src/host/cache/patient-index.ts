import type { CachedPatient } from '../../shared/protocol/records.js';
import type { PatientDetail } from '../../shared/protocol/records.js';
import type { LocalCache } from './local-cache.js';

/** A patient to keep for offline search; the desk maps the server's record to this. */
export interface PatientIndexEntry {
  id: string;
  mrn: string;
  /** All names, in display order ("Amina Wanjiru Yusuf"). */
  names: string;
  phone?: string | null;
  nationalId?: string | null;
  birthDate?: string | null;
  /** The record's version (0: registered here offline, not on the server yet). An older copy never replaces a newer one. */
  version: number;
  /** How much of the record `data` holds; at one version, a fuller copy wins. */
  detail: PatientDetail;
  /** When the record last changed, as far as this copy knows. */
  updatedAt: string;
  mergedInto?: string | null;
  data: unknown;
}

interface PatientRow {
  id: string;
  mrn: string;
  names: string;
  phone: string | null;
  national_id: string | null;
  birth_date: string | null;
  updated_at: string;
  version: number;
  detail: PatientDetail;
  merged_into: string | null;
  data: string;
}

/** provisional < brief < full, as SQL. */
const detailRank = (column: string) => `(case ${column} when 'full' then 2 when 'brief' then 1 else 0 end)`;

const PHONE_LIKE = /^[\d\s()+.-]+$/;
/** Merge chains longer than this are not followed (a cycle would be a server bug, not a reason to hang). */
const MAX_MERGE_HOPS = 8;

/**
 * The cache's patient search: an FTS5 index over names, MRN, phone digits and national ID,
 * prefix-matched token by token ("amin yus" finds Amina Yusuf), with an exact MRN first.
 */
export class PatientIndex {
  private readonly cache: LocalCache;

  constructor(cache: LocalCache) {
    this.cache = cache;
  }

  /** Adds or refreshes patients; returns how many were written (older copies are skipped). */
  upsert(entries: readonly PatientIndexEntry[]): number {
    const now = this.cache.nowIso();
    const statement = this.cache.prepare(`
      insert into patients (id, mrn, names, phone, phone_digits, national_id, birth_date, updated_at, seen_at, version, detail, merged_into, data)
      values (@id, @mrn, @names, @phone, @phoneDigits, @nationalId, @birthDate, @updatedAt, @seenAt, @version, @detail, @mergedInto, @data)
      on conflict (id) do update set
        mrn = excluded.mrn, names = excluded.names, phone = excluded.phone, phone_digits = excluded.phone_digits,
        national_id = excluded.national_id, birth_date = excluded.birth_date, updated_at = excluded.updated_at,
        seen_at = excluded.seen_at, version = excluded.version, detail = excluded.detail, merged_into = excluded.merged_into, data = excluded.data
      where excluded.version > patients.version
         or (excluded.version = patients.version and ${detailRank('excluded.detail')} >= ${detailRank('patients.detail')})`);
    return this.cache.transaction(() => {
      let written = 0;
      for (const entry of entries) {
        const phone = entry.phone ?? null;
        written += statement.run({
          id: entry.id,
          mrn: entry.mrn,
          names: entry.names,
          phone,
          phoneDigits: phone === null ? null : phoneTokens(phone),
          nationalId: entry.nationalId ?? null,
          birthDate: entry.birthDate ?? null,
          updatedAt: entry.updatedAt,
          seenAt: now,
          version: entry.version,
          detail: entry.detail,
          mergedInto: entry.mergedInto ?? null,
          data: JSON.stringify(entry.data ?? null),
        }).changes;
      }
      return written;
    });
  }

  get(id: string): CachedPatient | undefined {
    const row = this.cache.prepare('select * from patients where id = ?').get(id) as PatientRow | undefined;
    return row === undefined ? undefined : toCached(row);
  }

  byMrn(mrn: string): CachedPatient | undefined {
    const row = this.cache.prepare('select * from patients where mrn = ? collate nocase').get(mrn.trim()) as PatientRow | undefined;
    return row === undefined ? undefined : toCached(row);
  }

  search(query: string, limit = 20): CachedPatient[] {
    const match = ftsQuery(query);
    if (match === undefined) return [];
    const rows = this.cache
      .prepare(`
        select p.*, (p.mrn = @exact collate nocase) as exact
        from patients_fts f join patients p on p.rowid = f.rowid
        where patients_fts match @match
        order by exact desc, bm25(patients_fts, 4.0, 10.0, 6.0, 6.0), p.names
        limit @limit`)
      .all({ match, exact: query.trim(), limit }) as PatientRow[];
    // A merged record found by its own names or MRN stands for its survivor, listed once.
    const found = new Map<string, CachedPatient>();
    for (const row of rows) {
      const patient = this.survivorOf(toCached(row));
      if (!found.has(patient.id)) found.set(patient.id, patient);
    }
    return [...found.values()];
  }

  /**
   * Records a merge or its reversal as the server announced it: a merged record stays, findable
   * by its names and MRN, as an alias of its survivor; unmerged (`into` null), it is itself again.
   */
  setMergedInto(id: string, into: string | null): void {
    this.cache.prepare('update patients set merged_into = ? where id = ?').run(into, id);
  }

  /** The patient a cached record stands for: the survivor it was merged into (through chains), when this copy holds it. */
  survivorOf(patient: CachedPatient): CachedPatient {
    let current = patient;
    for (let hops = 0; current.mergedInto !== null && hops < MAX_MERGE_HOPS; hops += 1) {
      const survivor = this.get(current.mergedInto);
      if (survivor === undefined) break;
      current = survivor;
    }
    return current;
  }

  /** Forgets a registration made here offline that a person discarded: the server never had it. */
  dropProvisional(id: string): boolean {
    return this.cache.prepare("delete from patients where id = ? and detail = 'provisional'").run(id).changes > 0;
  }

  /** Ids of the given patients that this cache holds at a version older than the one given. */
  staleAmong(versions: readonly { id: string; version: number }[]): string[] {
    const statement = this.cache.prepare('select version from patients where id = ?');
    return versions.filter(({ id, version }) => {
      const row = statement.get(id) as { version: number } | undefined;
      return row !== undefined && row.version < version;
    }).map(({ id }) => id);
  }

  count(): number {
    return (this.cache.prepare('select count(*) as n from patients').get() as { n: number }).n;
  }

  /** Forgets patients not seen since `before` (ISO); the cache keeps recent ones only (never unsent registrations). */
  prune(before: string): number {
    return this.cache.prepare("delete from patients where seen_at < ? and detail <> 'provisional'").run(before).changes;
  }
}

/**
 * The forms a phone number is found by: all its digits, without leading zeros, and its last
 * nine (the national number in most numbering plans), so "0722 123" finds "+254 722 123 456".
 */
export function phoneTokens(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  if (digits === '') return null;
  return [...new Set([digits, digits.replace(/^0+/, ''), digits.slice(-9)])].filter((token) => token !== '').join(' ');
}

/**
 * A user's words as an FTS5 query: every token must prefix-match some indexed token. A query
 * that looks like a phone number is searched as its digits alone. Quotes keep FTS5 syntax out.
 */
export function ftsQuery(input: string): string | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  if (PHONE_LIKE.test(text) && /\d/.test(text)) {
    const digits = text.replace(/\D/g, '');
    const trimmed = digits.replace(/^0+/, '');
    return trimmed === '' || trimmed === digits ? `"${digits}"*` : `"${digits}"* OR "${trimmed}"*`;
  }
  const tokens = text.split(/\s+/).map((token) => token.replace(/"/g, '')).filter((token) => /[\p{L}\p{N}]/u.test(token));
  if (tokens.length === 0) return undefined;
  return tokens.map((token) => `"${token}"*`).join(' ');
}

function toCached(row: PatientRow): CachedPatient {
  return {
    id: row.id,
    mrn: row.mrn,
    names: row.names,
    phone: row.phone,
    nationalId: row.national_id,
    birthDate: row.birth_date,
    updatedAt: row.updated_at,
    version: row.version,
    detail: row.detail,
    mergedInto: row.merged_into,
    data: JSON.parse(row.data) as unknown,
  };
}
