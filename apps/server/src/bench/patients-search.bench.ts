import type { Knex } from 'knex';
import { hospitalIdentity } from '../mrn/mrn-service.js';
import { searchPatients } from '../patients/search.js';
import { seedPatients } from '../patients/seed-patients.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TestClient } from '../test-support/test-client.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { round, summarize } from './stats.js';

/**
 * `patients.search` over one million seeded patients (HMS_BENCH_PATIENTS to change; kept in
 * the hms_bench_patients database between runs) from 50 sockets, with a mix of desk queries:
 * MRNs (typed and scanned with reader prefixes/suffixes), whole phone numbers, national IDs,
 * names with typos, and combinations ("kamau 1984", "mary 0722").
 *
 * Two loads: `desks`, 50 sockets each searching about every 100 ms (a busy hospital's 50
 * desks typing, ~500 searches/s), which is what the < 10 ms p95 target is about; and
 * `saturation`, the same 50 sockets with no pause, for the throughput ceiling (its latency is
 * queueing: 50 / throughput). PostgreSQL's own time for the same searches comes from EXPLAIN
 * ANALYZE of every statement the search runs (planning + execution), summed per search.
 */
const SOCKETS = 50;

interface Sample {
  query: string;
  kind: string;
}

function typo(word: string, r: number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(r * (word.length - 3));
  return r < 0.5 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + word.slice(i + 1);
}

function nationalForm(phone: string): string {
  const digits = `0${phone.slice(4)}`;
  return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
}

async function querySamples(db: Knex, count: number): Promise<Sample[]> {
  const rows = (await db.raw(
    `select mrn, given_name, middle_name, family_name, birth_date, phone, national_id from patients tablesample system (1) where merged_into is null limit ?`,
    [count],
  )).rows as Array<{ mrn: string; given_name: string; middle_name: string | null; family_name: string; birth_date: string | null; phone: string | null; national_id: string | null }>;
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const samples: Sample[] = [];
  for (const row of rows) {
    const r = rand();
    if (r < 0.15) samples.push({ kind: 'mrn', query: row.mrn });
    else if (r < 0.3) samples.push({ kind: 'mrn-scanned', query: `]C1${row.mrn}\r\n` });
    else if (r < 0.45 && row.phone !== null) samples.push({ kind: 'phone', query: nationalForm(row.phone) });
    else if (r < 0.55 && row.national_id !== null) samples.push({ kind: 'national-id', query: row.national_id });
    else if (r < 0.7) samples.push({ kind: 'name-typo', query: `${row.given_name} ${typo(row.family_name, rand())}` });
    else if (r < 0.77) samples.push({ kind: 'name-full', query: `${row.given_name} ${row.middle_name ?? ''} ${row.family_name}`.replace(/\s+/g, ' ') });
    else if (r < 0.84) samples.push({ kind: 'name-one-word', query: rand() < 0.5 ? row.family_name : typo(row.family_name, rand()) });
    else if (r < 0.92 && row.birth_date !== null) samples.push({ kind: 'name-year', query: `${row.family_name.toLowerCase()} ${row.birth_date.slice(0, 4)}` });
    else if (row.phone !== null) samples.push({ kind: 'name-phone-prefix', query: `${row.given_name.toLowerCase()} 0${row.phone.slice(4, 7)}` });
    else samples.push({ kind: 'name-typo', query: `${typo(row.given_name, rand())} ${row.family_name}` });
  }
  return samples;
}

async function ensurePatients(db: Knex, target: number): Promise<Record<string, unknown> | undefined> {
  const have = Number(((await db('patients').count<{ count: string }[]>('* as count'))[0])?.count ?? 0);
  if (have >= target) return undefined;
  process.stderr.write(`[bench] seeding ${target - have} patients (have ${have})...\n`);
  const report = await seedPatients(db, {
    count: target - have,
    seed: 20_260_302 + have,
    now: new Date(),
    stamp: { at: new Date(), actor: null, origin: { address: 'bench', workstationId: 'bench' } },
    progress: (line) => process.stderr.write(`[bench]   ${line}\n`),
  });
  return { ...report };
}

interface LoadOutcome {
  throughputPerSecond: number;
  errors: number;
  latencyMs: ReturnType<typeof summarize>;
  searches: number;
  durationSeconds: number;
}

async function load(url: string, token: string, samples: Sample[], options: { thinkMs: number; warmupMs: number; durationMs: number }): Promise<LoadOutcome> {
  const clients = await Promise.all(Array.from({ length: SOCKETS }, () => TestClient.connect(url)));
  try {
    await Promise.all(clients.map((client) => client.call('auth.resume', { token, workstationId: 'bench' })));
    const latencies: number[] = [];
    let errors = 0;
    const start = performance.now();
    const measureFrom = start + options.warmupMs;
    const end = measureFrom + options.durationMs;
    await Promise.all(
      clients.map(async (client, index) => {
        let n = index * 97;
        // Desks start spread over one pause, not all at once.
        if (options.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * options.thinkMs));
        while (performance.now() < end) {
          const sample = samples[n % samples.length]!;
          n += 1;
          const before = performance.now();
          try {
            await client.call('patients.search', { query: sample.query, limit: 20 });
            if (before >= measureFrom) latencies.push(performance.now() - before);
          } catch {
            if (before >= measureFrom) errors += 1;
          }
          if (options.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, options.thinkMs * (0.5 + Math.random())));
        }
      }),
    );
    return {
      searches: latencies.length,
      durationSeconds: options.durationMs / 1000,
      throughputPerSecond: round(latencies.length / (options.durationMs / 1000), 1),
      errors,
      latencyMs: summarize(latencies),
    };
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

/** PostgreSQL's own time per search: EXPLAIN ANALYZE of each statement it runs, summed. */
async function postgresTimes(db: Knex, samples: Sample[]): Promise<{ all: number[]; byKind: Record<string, number[]>; inProcess: number[] }> {
  const identity = await hospitalIdentity(db);
  const all: number[] = [];
  const inProcess: number[] = [];
  const byKind: Record<string, number[]> = {};
  for (const sample of samples) {
    const statements: Array<{ sql: string; bindings: readonly Knex.RawBinding[] }> = [];
    const before = performance.now();
    await searchPatients(db, identity, { query: sample.query, limit: 20 }, (sql, bindings) => statements.push({ sql, bindings }));
    inProcess.push(performance.now() - before);
    let total = 0;
    for (const statement of statements) {
      const plan = (await db.raw(`explain (analyze, format json) ${statement.sql}`, statement.bindings as Knex.RawBinding[])).rows[0]['QUERY PLAN'][0] as { 'Planning Time': number; 'Execution Time': number };
      total += plan['Planning Time'] + plan['Execution Time'];
    }
    all.push(total);
    (byKind[sample.kind] ??= []).push(total);
  }
  return { all, byKind, inProcess };
}

export const patientsSearchBenchmark: Benchmark = {
  name: 'patients-search',
  async run(options) {
    const target = options.quick ? 20_000 : Number(process.env.HMS_BENCH_PATIENTS ?? 1_000_000);
    const database = await benchDatabase(options.quick ? 'hms_bench_patients_quick' : 'hms_bench_patients', { fresh: false });
    let seeding: Record<string, unknown> | undefined;
    let samples: Sample[];
    let user;
    try {
      seeding = await ensurePatients(database.db, target);
      samples = await querySamples(database.db, 2_000);
      await database.db('users').where({ username: 'bench.desk' }).delete().catch(() => undefined);
      user = await createTestUser(database.db, `bench.desk.${Date.now()}`, ['receptionist']);
    } catch (error) {
      await database.close();
      throw error;
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    let desks: LoadOutcome;
    let saturation: LoadOutcome;
    try {
      const login = await TestClient.connect(server.wsUrl);
      const { token } = await login.signIn(user.username, user.password, 'bench');
      await login.close();
      const short = options.quick;
      desks = await load(server.wsUrl, token, samples, { thinkMs: 100, warmupMs: short ? 500 : 3_000, durationMs: short ? 2_000 : 20_000 });
      saturation = await load(server.wsUrl, token, samples, { thinkMs: 0, warmupMs: short ? 500 : 2_000, durationMs: short ? 2_000 : 10_000 });
    } finally {
      await server.stop();
    }
    try {
      const pg = await postgresTimes(database.db, samples.slice(0, options.quick ? 200 : 1_000));
      const pgSummary = summarize(pg.all);
      const patients = Number(((await database.db('patients').count<{ count: string }[]>('* as count'))[0])?.count ?? 0);
      return {
        unit: 'patients.search round trips (limit 20)',
        patients,
        sockets: SOCKETS,
        queryMix: Object.fromEntries(Object.entries(pg.byKind).map(([kind, list]) => [kind, list.length])),
        desks: { thinkTimeMs: 100, ...desks },
        saturation,
        postgres: {
          method: 'EXPLAIN (ANALYZE) of every statement of the same searches, planning + execution, summed per search',
          searches: pg.all.length,
          latencyMs: pgSummary,
          byKindP95Ms: Object.fromEntries(Object.entries(pg.byKind).map(([kind, list]) => [kind, summarize(list).p95])),
        },
        inProcessServiceMs: summarize(pg.inProcess),
        ratio: {
          desksP50OverPostgresP50: round(desks.latencyMs.p50 / Math.max(pgSummary.p50, 0.001), 2),
          desksP95OverPostgresP95: round(desks.latencyMs.p95 / Math.max(pgSummary.p95, 0.001), 2),
        },
        ...(seeding === undefined ? {} : { seeding }),
      };
    } finally {
      await database.close();
    }
  },
};
