import { methods } from '@hms/core';
import type { Knex } from 'knex';
import { AuditKey } from '../audit/audit-key.js';
import { createClient } from '../db/connect.js';
import type { PreparedStatement } from '../db/prepared.js';
import { hospitalIdentity } from '../mrn/mrn-service.js';
import { searchPatients } from '../patients/search.js';
import { seedPatients } from '../patients/seed-patients.js';
import { VocabularyIndex } from '../patients/vocabulary-index.js';
import { createTestSession } from '../test-support/front-desk.js';
import { startServerProcess } from '../test-support/server-process.js';
import { createTestUser } from '../test-support/users.js';
import { typoOutcomes, typoProbes } from './patients-search-typos.js';
import type { TypoProbe } from './patients-search-typos.js';
import { benchDatabase } from './bench-db.js';
import { BenchSocket } from './bench-socket.js';
import type { Benchmark } from './benchmark.js';
import { cpuBetween, cpuSnapshot, loadAverage } from './machine.js';
import type { CpuReport, CpuSnapshot } from './machine.js';
import { round, summarize } from './stats.js';

/**
 * `patients.search` over one million seeded patients (HMS_BENCH_PATIENTS to change; kept in
 * the hms_bench_patients database between runs) from 50 desk sockets, with a mix of desk
 * queries: MRNs (typed, and scanned with reader prefixes/suffixes), whole phone numbers,
 * national IDs, names with typos, whole names, one name, name + year of birth, name + start
 * of a phone; a name is typed, so it searches once or twice on the way ('jos', 'joseph ka').
 *
 * Loads, on the same server process:
 * - `desks`: each of the 50 sockets searches every 250-500 ms (uniform jitter, ~133/s in all),
 *   open loop: a desk's next search goes at its time whether or not the last one answered, so
 *   a slow server shows as latency instead of slowing the offered load down. This is the load
 *   the "p95 < 10 ms at a million patients" target is about.
 * - `saturation`: the same sockets, each sending its next search as soon as the last answers
 *   (closed loop, no think time): the ceiling, whose latency is mostly queueing.
 * PostgreSQL's own time for the same searches: EXPLAIN (ANALYZE) planning + execution of each
 * statement a search runs, and the same statements timed over one direct connection, so that
 * the server's overhead shows as a ratio. Load averages at start and end, and where the CPU
 * went during each load (server, its PostgreSQL backends, this load generator, the machine),
 * show whether other work on the machine contaminated the run.
 *
 * Typo hit rates (patients-search-typos.ts): how often the desk mix's searches with a typo, and
 * probes of each typo class, find the patient they were typed for.
 *
 * The load generator is a lean socket (no contract validation per reply); a sample of the
 * replies is checked against the contract afterwards.
 */
const SOCKETS = 50;
const DESK_GAP_MS = { min: 250, max: 500 } as const;
const LIMIT = 20;
const REPLY_SAMPLE_EVERY = 25;

interface Search {
  kind: string;
  query: string;
  /** A search with a typo: the same spelled right, and the patient it was made from. */
  typoOf?: { intended: string; patientId: string };
}

function seeded(seed: number): () => number {
  let state = seed % 2147483647;
  if (state <= 0) state += 2147483646;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
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

/** A name typed at a desk: a search at one or two pauses on the way, then the whole. */
function typed(kind: string, query: string, rand: () => number): Search[] {
  const searches: Search[] = [];
  const cuts = rand() < 0.5 ? 1 : 2;
  let from = 3;
  for (let cut = 0; cut < cuts && from < query.length - 1; cut += 1) {
    const at = from + Math.floor(rand() * (query.length - from - 1));
    const partial = query.slice(0, at).trim();
    // A lone letter after a space searches nothing new.
    if (!/\s\S$/.test(partial) && partial !== searches.at(-1)?.query) searches.push({ kind: 'name-typing', query: partial });
    from = at + 2;
  }
  searches.push({ kind, query });
  return searches;
}

/** Marks a typed name's last search as a typo of `intended` when it is spelled otherwise (a short word is left as it is). */
function withTypo(searches: Search[], intended: string, patientId: string): Search[] {
  const last = searches.at(-1)!;
  if (last.query !== intended) last.typoOf = { intended, patientId };
  return searches;
}

/** What each desk does for one patient, in a fixed order (the same every run). */
export async function deskTasks(db: Knex, count: number): Promise<Search[][]> {
  const rows = (await db.raw(
    `select id, mrn, given_name, middle_name, family_name, birth_date, phone, national_id from patients tablesample system (1) repeatable (7)
      where merged_into is null limit ?`,
    [count],
  )).rows as Array<{ id: string; mrn: string; given_name: string; middle_name: string | null; family_name: string; birth_date: string | null; phone: string | null; national_id: string | null }>;
  const rand = seeded(7);
  const tasks: Search[][] = [];
  for (const row of rows) {
    const r = rand();
    if (r < 0.15) tasks.push([{ kind: 'mrn', query: row.mrn }]);
    else if (r < 0.3) tasks.push([{ kind: 'mrn-scanned', query: `]C1${row.mrn}\r\n` }]);
    else if (r < 0.45 && row.phone !== null) tasks.push([{ kind: 'phone', query: nationalForm(row.phone) }]);
    else if (r < 0.55 && row.national_id !== null) tasks.push([{ kind: 'national-id', query: row.national_id }]);
    else if (r < 0.7) tasks.push(withTypo(typed('name-typo', `${row.given_name} ${typo(row.family_name, rand())}`, rand), `${row.given_name} ${row.family_name}`, row.id));
    else if (r < 0.77) tasks.push(typed('name-full', `${row.given_name} ${row.middle_name ?? ''} ${row.family_name}`.replace(/\s+/g, ' '), rand));
    else if (r < 0.84) tasks.push(withTypo(typed('name-one-word', rand() < 0.5 ? row.family_name : typo(row.family_name, rand()), rand), row.family_name, row.id));
    else if (r < 0.92 && row.birth_date !== null) tasks.push([{ kind: 'name-year', query: `${row.family_name.toLowerCase()} ${row.birth_date.slice(0, 4)}` }]);
    else if (row.phone !== null) tasks.push([{ kind: 'name-phone-prefix', query: `${row.given_name.toLowerCase()} 0${row.phone.slice(4, 7)}` }]);
    else tasks.push(withTypo(typed('name-typo', `${typo(row.given_name, rand())} ${row.family_name}`, rand), `${row.given_name} ${row.family_name}`, row.id));
  }
  return tasks;
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
    // A bench database is a fixture: its one seed row need not verify against a server's key.
    auditKey: AuditKey.generate(),
    progress: (line) => process.stderr.write(`[bench]   ${line}\n`),
  });
  return { ...report };
}

/** One session per desk, over ten receptionist accounts kept between runs. */
async function deskSessions(db: Knex): Promise<string[]> {
  const users: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const username = `bench.desk.${i}`;
    const row = (await db('users').select('id').where({ username }).first()) as { id: string } | undefined;
    users.push(row?.id ?? (await createTestUser(db, username, ['receptionist'])).id);
  }
  return Promise.all(Array.from({ length: SOCKETS }, (_, desk) => createTestSession(db, users[desk % users.length]!)));
}

interface LoadOutcome {
  searches: number;
  durationSeconds: number;
  throughputPerSecond: number;
  errors: number;
  errorCodes: Record<string, number>;
  latencyMs: ReturnType<typeof summarize>;
  byKind: Record<string, { count: number; p50: number; p95: number }>;
  cpu: CpuReport;
}

interface Recorder {
  record(search: Search, sent: number, error?: unknown): void;
  outcome(durationMs: number): Omit<LoadOutcome, 'cpu'>;
}

function recorder(isMeasured: (sent: number) => boolean): Recorder {
  const latencies: number[] = [];
  const byKind: Record<string, number[]> = {};
  const errorCodes: Record<string, number> = {};
  let errors = 0;
  return {
    record(search, sent, error) {
      if (!isMeasured(sent)) return;
      if (error !== undefined) {
        errors += 1;
        const code = (error as { code?: string }).code ?? 'unknown';
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        return;
      }
      const ms = performance.now() - sent;
      latencies.push(ms);
      (byKind[search.kind] ??= []).push(ms);
    },
    outcome(durationMs) {
      return {
        searches: latencies.length,
        durationSeconds: durationMs / 1000,
        throughputPerSecond: round(latencies.length / (durationMs / 1000), 1),
        errors,
        errorCodes,
        latencyMs: summarize(latencies),
        byKind: Object.fromEntries(Object.entries(byKind).sort().map(([kind, list]) => {
          const summary = summarize(list);
          return [kind, { count: summary.count, p50: summary.p50, p95: summary.p95 }];
        })),
      };
    },
  };
}

interface Probe {
  /** Finds the server's PostgreSQL backends (a query: do it before a snapshot, not inside it). */
  discover(): Promise<void>;
  snapshot(): Promise<CpuSnapshot>;
  between(start: CpuSnapshot, end: CpuSnapshot, operations: number): CpuReport;
}

/** CPU of the server process and of its PostgreSQL backends (application_name hms-server). */
function probe(db: Knex, serverPid: number): Probe {
  const backends = new Set<number>();
  return {
    async discover() {
      const rows = (await db.raw(`select pid from pg_stat_activity where datname = current_database() and application_name = 'hms-server'`)).rows as Array<{ pid: number }>;
      for (const row of rows) backends.add(row.pid);
    },
    snapshot: () => cpuSnapshot([serverPid, ...backends]),
    between: (start, end, operations) => cpuBetween(start, end, { server: [serverPid], postgres: [...backends] }, operations),
  };
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/** Runs `work` from now until the end of the measured window, with CPU snapshots around the window. */
async function measured(
  cpu: Probe, options: { warmupMs: number; durationMs: number },
  work: (window: { measureFrom: number; end: number; rec: Recorder }) => Promise<void>,
): Promise<LoadOutcome> {
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const rec = recorder((sent) => sent >= measureFrom && sent < end);
  const snapshots = (async () => {
    await sleepUntil(measureFrom - Math.min(500, options.warmupMs / 2));
    await cpu.discover();
    await sleepUntil(measureFrom);
    const first = await cpu.snapshot();
    await sleepUntil(end);
    const last = await cpu.snapshot();
    // A backend opened during the window counts from zero: its ticks now, a moment late.
    await cpu.discover();
    const late = await cpu.snapshot();
    for (const [pid, ticks] of late.processes) if (!last.processes.has(pid)) last.processes.set(pid, ticks);
    return [first, last] as const;
  })();
  await work({ measureFrom, end, rec });
  const [first, last] = await snapshots;
  const outcome = rec.outcome(options.durationMs);
  return { ...outcome, cpu: cpu.between(first, last, outcome.searches) };
}

/** Desks in an open loop: each searches every 250-500 ms, whatever the replies do. */
function deskLoad(sockets: readonly BenchSocket[], tasks: readonly Search[][], cpu: Probe, options: { warmupMs: number; durationMs: number }): Promise<LoadOutcome> {
  return measured(cpu, options, async ({ end, rec }) => {
    const started = performance.now();
    await Promise.all(sockets.map(async (socket, desk) => {
      const rand = seeded(1_000 + desk);
      const calls: Array<Promise<void>> = [];
      let task = (desk * 97) % tasks.length;
      let step = 0;
      // Desks start spread over one gap, not all at once.
      let at = started + rand() * DESK_GAP_MS.max;
      while (at < end) {
        await sleepUntil(at);
        const search = tasks[task]![step]!;
        step += 1;
        if (step >= tasks[task]!.length) {
          task = (task + 1) % tasks.length;
          step = 0;
        }
        const sent = performance.now();
        calls.push(socket.call('patients.search', { query: search.query, limit: LIMIT }).then(
          () => rec.record(search, sent),
          (error: unknown) => rec.record(search, sent, error ?? 'unknown'),
        ));
        at += DESK_GAP_MS.min + rand() * (DESK_GAP_MS.max - DESK_GAP_MS.min);
      }
      await Promise.all(calls);
    }));
  });
}

/** Every socket sends its next search as soon as the last one answers. */
function saturationLoad(sockets: readonly BenchSocket[], searches: readonly Search[], cpu: Probe, options: { warmupMs: number; durationMs: number }): Promise<LoadOutcome> {
  return measured(cpu, options, async ({ end, rec }) => {
    await Promise.all(sockets.map(async (socket, index) => {
      for (let n = index * 97; performance.now() < end; n += 1) {
        const search = searches[n % searches.length]!;
        const sent = performance.now();
        try {
          await socket.call('patients.search', { query: search.query, limit: LIMIT });
          rec.record(search, sent);
        } catch (error) {
          rec.record(search, sent, error ?? 'unknown');
        }
      }
    }));
  });
}

interface PostgresTimes {
  statementsPerSearch: number;
  explain: number[];
  execution: number[];
  direct: number[];
  inProcess: number[];
  explainByKind: Record<string, number[]>;
}

/**
 * PostgreSQL's own time for the searches: each statement a search runs (as the server runs it),
 * under EXPLAIN (ANALYZE) for planning + execution, and again over one direct connection as the
 * server runs it (the named statement: bind, execute, rows back), summed per search. Also the whole search in this process
 * (classification, statements, result building) without the WebSocket and gateway.
 */
async function postgresTimes(db: Knex, url: string, searches: readonly Search[]): Promise<PostgresTimes> {
  const identity = await hospitalIdentity(db);
  // As the server searches: close spellings from an in-memory vocabulary index.
  const vocabulary = new VocabularyIndex(db);
  await vocabulary.refresh(0);
  const direct = createClient(url, 'hms-bench-direct');
  await direct.connect();
  const times: PostgresTimes = { statementsPerSearch: 0, explain: [], execution: [], direct: [], inProcess: [], explainByKind: {} };
  let statementsRun = 0;
  try {
    for (const search of searches) {
      const statements: Array<{ statement: PreparedStatement; values: readonly unknown[] }> = [];
      const before = performance.now();
      await searchPatients(db, identity, { query: search.query, limit: LIMIT }, { vocabulary, trace: (statement, values) => statements.push({ statement, values }) });
      times.inProcess.push(performance.now() - before);
      statementsRun += statements.length;
      let explained = 0;
      let executed = 0;
      let timed = 0;
      for (const { statement, values } of statements) {
        const plan = (await direct.query(`explain (analyze, format json) ${statement.text}`, [...values])).rows[0]['QUERY PLAN'][0] as { 'Planning Time': number; 'Execution Time': number };
        explained += plan['Planning Time'] + plan['Execution Time'];
        executed += plan['Execution Time'];
        // As the server runs it: the named statement, parsed once per connection.
        const start = performance.now();
        await direct.query({ name: statement.name, text: statement.text, values: [...values] });
        timed += performance.now() - start;
      }
      times.explain.push(explained);
      times.execution.push(executed);
      times.direct.push(timed);
      (times.explainByKind[search.kind] ??= []).push(explained);
    }
  } finally {
    await direct.end();
  }
  times.statementsPerSearch = round(statementsRun / Math.max(1, searches.length), 2);
  return times;
}

/**
 * How often a search with a typo finds the patient it was typed for (first page, limit 20): the
 * desk mix's own typo searches, and probes of each typo class from other sampled patients.
 */
async function typoReport(db: Knex, searches: readonly Search[], probesWanted: number): Promise<Record<string, unknown>> {
  const identity = await hospitalIdentity(db);
  const vocabulary = new VocabularyIndex(db);
  await vocabulary.refresh(0);
  const desk: TypoProbe[] = searches.flatMap((search) =>
    search.typoOf === undefined ? [] : [{ kind: search.kind, query: search.query, intended: search.typoOf.intended, patientId: search.typoOf.patientId }]);
  const probes = await typoProbes(db, probesWanted, seeded(13));
  return {
    method: 'in this process, as the server searches; found: first page not empty; intendedFirst: the first result has the intended spelling of every word; '
      + 'targetOnFirstPage: the very patient the typo was made from is on the first page (SpelledRight: the same search without the typo, the ceiling)',
    deskMix: await typoOutcomes(db, identity, vocabulary, desk, LIMIT),
    byClass: await typoOutcomes(db, identity, vocabulary, probes, LIMIT),
  };
}

/** Sampled replies checked against the contract's result schema (what the typed client would do). */
function contractCheck(sockets: readonly BenchSocket[]): { checked: number; failures: number } {
  let checked = 0;
  let failures = 0;
  for (const socket of sockets) {
    for (const reply of socket.sampled) {
      checked += 1;
      const frame = JSON.parse(reply.text) as { result: unknown };
      if (!methods[reply.method].result.safeParse(frame.result).success) failures += 1;
    }
  }
  return { checked, failures };
}

export const patientsSearchBenchmark: Benchmark = {
  name: 'patients-search',
  async run(options) {
    const loadAtStart = loadAverage();
    const target = options.quick ? 20_000 : Number(process.env.HMS_BENCH_PATIENTS ?? 1_000_000);
    const database = await benchDatabase(options.quick ? 'hms_bench_patients_quick' : 'hms_bench_patients', { fresh: false });
    try {
      const seeding = await ensurePatients(database.db, target);
      const tasks = await deskTasks(database.db, 2_000);
      const searches = tasks.flat();
      const tokens = await deskSessions(database.db);
      const short = options.quick;
      const server = await startServerProcess({ DATABASE_URL: database.url });
      let desks: LoadOutcome;
      let saturation: LoadOutcome;
      let contract: ReturnType<typeof contractCheck>;
      try {
        const cpu = probe(database.db, server.child.pid ?? 0);
        const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => BenchSocket.connect(server.wsUrl, REPLY_SAMPLE_EVERY)));
        try {
          await Promise.all(sockets.map((socket, desk) => socket.call('auth.resume', { token: tokens[desk]!, workstationId: `bench-desk-${desk}` })));
          desks = await deskLoad(sockets, tasks, cpu, { warmupMs: short ? 1_000 : 5_000, durationMs: short ? 3_000 : 30_000 });
          saturation = await saturationLoad(sockets, searches, cpu, { warmupMs: short ? 500 : 2_000, durationMs: short ? 2_000 : 15_000 });
          contract = contractCheck(sockets);
        } finally {
          await Promise.all(sockets.map((socket) => socket.close()));
        }
      } finally {
        await server.stop();
      }
      const pg = await postgresTimes(database.db, database.url, searches.slice(0, short ? 200 : 1_000));
      const typos = await typoReport(database.db, searches, short ? 100 : 500);
      const explain = summarize(pg.explain);
      const direct = summarize(pg.direct);
      const patients = Number(((await database.db('patients').count<{ count: string }[]>('* as count'))[0])?.count ?? 0);
      const mix: Record<string, number> = {};
      for (const search of searches) mix[search.kind] = (mix[search.kind] ?? 0) + 1;
      return {
        unit: 'patients.search round trips over the WebSocket (limit 20), milliseconds',
        patients,
        sockets: SOCKETS,
        loadAverage: { start: loadAtStart, end: loadAverage() },
        queryMix: mix,
        desks: { gapMs: DESK_GAP_MS, openLoop: true, ...desks },
        saturation: { closedLoop: true, ...saturation },
        postgres: {
          searches: pg.explain.length,
          statementsPerSearch: pg.statementsPerSearch,
          explainAnalyzeMs: { method: 'EXPLAIN (ANALYZE) planning + execution, summed per search', ...explain },
          // The server plans a named statement's generic plan once per connection, not per search.
          explainExecutionOnlyMs: summarize(pg.execution),
          directConnectionMs: { method: 'the same named statements over one direct pg connection, client-timed, summed per search', ...direct },
          explainByKindP95Ms: Object.fromEntries(Object.entries(pg.explainByKind).sort().map(([kind, list]) => [kind, summarize(list).p95])),
        },
        inProcessSearchMs: summarize(pg.inProcess),
        ratio: {
          desksP50OverExplainP50: round(desks.latencyMs.p50 / Math.max(explain.p50, 0.001), 2),
          desksP95OverExplainP95: round(desks.latencyMs.p95 / Math.max(explain.p95, 0.001), 2),
          desksP50OverDirectP50: round(desks.latencyMs.p50 / Math.max(direct.p50, 0.001), 2),
          desksP95OverDirectP95: round(desks.latencyMs.p95 / Math.max(direct.p95, 0.001), 2),
        },
        typos,
        contractCheckOfSampledReplies: contract,
        ...(seeding === undefined ? {} : { seeding }),
      };
    } finally {
      await database.close();
    }
  },
};
