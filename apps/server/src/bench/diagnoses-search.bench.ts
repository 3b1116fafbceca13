import { Icd10Index } from '../diagnoses/icd10-index.js';
import { SHIPPED_ICD10_FILE, readIcd10List, storeIcd10Release } from '../diagnoses/icd10-release.js';
import { SHIPPED_ICD10_LABEL } from '../diagnoses/shipped-icd10.js';
import type { Icd10Row } from '../diagnoses/icd10-index.js';
import { createTestSession } from '../test-support/front-desk.js';
import { startServerProcess } from '../test-support/server-process.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { runClosedLoop } from './load.js';
import { round, summarize } from './stats.js';

/**
 * `diagnoses.search` over the full ICD-10-CM FY2026 list (98,186 codes, the shipped list):
 * what a doctor's desk sends while typing a diagnosis, every keystroke from the second letter
 * on (`pn`, `pne`, ... `pneumonia`), typos, several words, and codes with and without the dot.
 * Two figures: the search alone in this process (the index the server holds), and round trips
 * over 50 desk sockets, each sending a keystroke's search about every 150 ms (fast typing).
 */
const TYPED = [
  'pneumonia', 'pnuemonia', 'malaria', 'malria', 'hypertension', 'essential hypertension', 'type 2 diabetes', 'diabetes mellitus without complications',
  'asthma', 'urinary tract infection', 'gastroenteritis', 'tuberculosis of lung', 'fracture of femur', 'headache', 'anemia', 'iron deficiency anemia',
  'hiv disease', 'typhoid fever', 'otitis media', 'cellulitis of leg', 'normal pregnancy', 'acute bronchitis', 'chest pain', 'abdominal pain',
  'fever unspecified', 'diarrhoea', 'sepsis', 'heart failure', 'stroke', 'peptic ulcer', 'J18.9', 'E11.9', 'I10', 'B54', 'A09', 'j189', 'O80', 'R50.9',
];

export function keystrokeQueries(): string[] {
  const queries: string[] = [];
  for (const text of TYPED) for (let length = 2; length <= text.length; length += 1) queries.push(text.slice(0, length));
  return queries;
}

const SOCKETS = 50;
const THINK_MS = 150;

export const diagnosesSearchBenchmark: Benchmark = {
  name: 'diagnoses-search',
  async run(options) {
    const database = await benchDatabase('hms_bench_diagnoses', { fresh: true });
    const queries = keystrokeQueries();
    let tokens: string[];
    let inProcess: Record<string, unknown>;
    try {
      const read = await readIcd10List(SHIPPED_ICD10_FILE);
      if (!read.ok) throw new Error('the shipped ICD-10-CM list does not parse');
      // What the server does at its first start (setup here, so the figures are the searches alone).
      await database.db.transaction((trx) => storeIcd10Release(trx, read.list, { label: SHIPPED_ICD10_LABEL, at: new Date(), by: 'bench' }));
      const rows = (await database.db('icd10_codes as c').join('icd10_releases as r', 'r.id', 'c.release_id').where('r.active', true)
        .orderBy('c.position').select('c.code', 'c.billable', 'c.long_description')) as Icd10Row[];
      const built = performance.now();
      const index = new Icd10Index(rows);
      const buildMs = performance.now() - built;
      const samples: number[] = [];
      const rounds = options.quick ? 3 : 20;
      for (let round = 0; round < rounds; round += 1) {
        for (const query of queries) {
          const before = performance.now();
          index.search(query, { limit: 20, billableOnly: true });
          if (round > 0) samples.push(performance.now() - before);
        }
      }
      inProcess = { codes: rows.length, buildMs: round(buildMs, 1), searchMs: summarize(samples) };
      tokens = [];
      for (let i = 0; i < 10; i += 1) tokens.push(await createTestSession(database.db, (await createTestUser(database.db, `bench.coder.${i}`, ['doctor'])).id));
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    try {
      const desks = await runClosedLoop({
        url: server.wsUrl,
        connections: SOCKETS,
        warmupMs: options.quick ? 2_000 : 5_000,
        durationMs: options.quick ? 3_000 : 20_000,
        thinkMs: THINK_MS,
        setup: async (client, index) => {
          await client.call('auth.resume', { token: tokens[index % tokens.length]!, workstationId: `desk-${index}` });
          // The first search builds the server's index (about a second): not part of the figures.
          await client.call('diagnoses.search', { query: 'warm up' });
        },
        iteration: async (client, index, n) => {
          await client.call('diagnoses.search', { query: queries[(index * 37 + n) % queries.length]! });
        },
      });
      return {
        unit: 'diagnoses.search, one keystroke of a typed diagnosis or code (limit 20, billable only)',
        queries: queries.length,
        inProcess,
        desks: { sockets: SOCKETS, thinkTimeMs: THINK_MS, ...desks },
      };
    } finally {
      await server.stop();
    }
  },
};
