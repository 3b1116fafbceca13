import { parseIcd10Line } from '@hms/core';
import type { Icd10Entry } from '@hms/core';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Knex } from 'knex';

/** The FY2026 list shipped in the repository (reference-data/icd10cm/SOURCES.md), loaded at the first start (shipped-icd10.ts). */
export const SHIPPED_ICD10_FILE = fileURLToPath(new URL('../../reference-data/icd10cm/icd10cm_order_2026.txt.gz', import.meta.url));

export interface Icd10List {
  sourceFile: string;
  /** Of the decompressed text: the same list loaded twice is refused. */
  sha256: string;
  entries: Icd10Entry[];
}

export interface Icd10ListProblem {
  line: number;
  reason: string;
}

/** Problems beyond this many are counted, not listed. */
const MAX_PROBLEMS = 20;

/**
 * Reads a code list (the CMS order file, or a hospital's tab-separated list; gzip or plain) and
 * parses every line. Any bad line or repeated code makes the whole list unusable: the problems
 * say where, so nothing half-loaded becomes the release doctors code against.
 */
export async function readIcd10List(path: string): Promise<{ ok: true; list: Icd10List } | { ok: false; problems: Icd10ListProblem[]; more: number }> {
  const raw = await readFile(path);
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const lines = bytes.toString('utf8').split('\n');
  const entries: Icd10Entry[] = [];
  const seen = new Map<string, number>();
  const problems: Icd10ListProblem[] = [];
  let more = 0;
  const problem = (line: number, reason: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, reason });
    else more += 1;
  };
  lines.forEach((text, index) => {
    const line = index + 1;
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const parsed = parseIcd10Line(text);
    if (!parsed.ok) {
      problem(line, parsed.reason);
      return;
    }
    const first = seen.get(parsed.entry.code);
    if (first !== undefined) {
      problem(line, `${parsed.entry.code} is already on line ${first}`);
      return;
    }
    seen.set(parsed.entry.code, line);
    entries.push(parsed.entry);
  });
  if (problems.length > 0) return { ok: false, problems, more };
  if (entries.length === 0) return { ok: false, problems: [{ line: 0, reason: 'the file holds no codes' }], more: 0 };
  return { ok: true, list: { sourceFile: basename(path), sha256, entries } };
}

export interface ReleaseStamp {
  label: string;
  at: Date;
  /** Who loaded it: `server` (the shipped list, at first start), or the CLI's user@host. */
  by: string;
}

/** Rows per insert statement: arrays of this many keep each statement a few MB. */
const CHUNK = 10_000;

/**
 * Stores a list as a new release and makes it the active one (the previous stays, inactive).
 * Returns the release id. Run it in a transaction: a failure then leaves the old release active.
 */
export async function storeIcd10Release(trx: Knex, list: Icd10List, stamp: ReleaseStamp, signal?: AbortSignal): Promise<string> {
  const billable = list.entries.filter((entry) => entry.billable).length;
  await trx('icd10_releases').where({ active: true }).update({ active: false });
  const [row] = await trx('icd10_releases')
    .insert({
      label: stamp.label, source_file: list.sourceFile, sha256: list.sha256, code_count: list.entries.length, billable_count: billable,
      active: true, loaded_at: stamp.at, loaded_by: stamp.by,
    })
    .returning('id');
  const releaseId = (row as { id: string }).id;
  for (let start = 0; start < list.entries.length; start += CHUNK) {
    // A server stopping during its first-start load rolls it back at the next chunk rather than waiting for the rest.
    signal?.throwIfAborted();
    const chunk = list.entries.slice(start, start + CHUNK);
    await trx.raw(
      `insert into icd10_codes (release_id, code, billable, short_description, long_description, position)
       select ?::uuid, c.code, c.billable, c.short, c.long, c.position
         from unnest(?::text[], ?::boolean[], ?::text[], ?::text[], ?::integer[]) as c(code, billable, short, long, position)`,
      [
        releaseId,
        chunk.map((entry) => entry.code),
        chunk.map((entry) => entry.billable),
        chunk.map((entry) => entry.shortDescription),
        chunk.map((entry) => entry.longDescription),
        chunk.map((_, index) => start + index + 1),
      ],
    );
  }
  return releaseId;
}
