import type { Knex } from 'knex';
import { createTestSession, insertTestDepartment, insertTestDoctor } from '../test-support/front-desk.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TestClient } from '../test-support/test-client.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { round, summarize } from './stats.js';

/**
 * Whether a queue change costs more when many wait (issue 9, finding 9). Two departments of
 * the same shape, one with nobody waiting and one with 3,000 (a realistic mix: 2% emergency,
 * 8% urgent, 30% in one of the 20 doctors' own queues), each measured with:
 * - `alone`: one desk checking in and one doctor calling next, one after the other, so the
 *   queue keeps its length (the request's own cost, without queueing behind others); the two
 *   queues take turns request by request;
 * - `desks`: 100 reception desks checking in about every 5 s and 20 doctors calling next
 *   (then completing) about every second, with 10 boards watching: p95 under a realistic load;
 * - `saturation`: 20 desks checking in with no pause (no doctors, so that both queues get the
 *   same work): the ceiling of one department's check-ins, which are serialised on its token
 *   counter row (latency there is queueing: desks / throughput).
 * Also the size and time of a `queue.board` read at each length. The loads run in two rounds,
 * the queues' order alternating, and their samples are pooled (see measureLevels).
 */
const LEVELS = [0, 3_000] as const;
const DOCTORS = 20;
const DESKS = 100;
const SATURATION_DESKS = 20;
const WATCHERS = 10;
const DESK_THINK_MS = 5_000;
const DOCTOR_THINK_MS = 1_000;

interface Department {
  code: string;
  id: string;
  doctorTokens: string[];
}

interface Prepared {
  departments: Department[];
  deskTokens: string[];
  patientIds: string[];
}

async function prefillQueue(db: Knex, department: Department, doctorIds: readonly string[], waiting: number): Promise<void> {
  // Patients BQ-<code>-n, waiting since the last three hours, tokens 1..n, as a morning would leave them.
  await db.raw(
    `with p as (
       insert into patients (mrn, given_name, family_name, sex, birth_date)
       select 'BQ-' || :code || '-' || g, 'Waiting' || g, 'Family' || g, 'F', date '1970-01-01' + (g % 15000)
       from generate_series(1, :n) g returning id, mrn)
     insert into visits (patient_id, department_id, doctor_id, visit_type, priority, status, service_date, token_number, token,
                         arrived_at, queued_at, checked_in_at, updated_at)
     select p.id, :dept, case when g % 10 < 3 then (cast(:doctors as uuid[]))[1 + g % :doctorCount] end, 'new',
            case when g % 50 = 0 then 'emergency' when g % 50 < 5 then 'urgent' else 'normal' end, 'checked_in',
            (now() at time zone 'Africa/Nairobi')::date, g, :code || '-' || lpad(g::text, 3, '0'),
            now() - interval '3 hours' + g * interval '3 seconds', now() - interval '3 hours' + g * interval '3 seconds',
            now() - interval '3 hours' + g * interval '3 seconds', now()
     from p join lateral (select substring(p.mrn from '[0-9]+$')::int as g) n on true`,
    { code: department.code, n: waiting, dept: department.id, doctors: doctorIds, doctorCount: doctorIds.length },
  );
  await db('queue_token_counters').insert({ department_id: department.id, service_date: db.raw(`(now() at time zone 'Africa/Nairobi')::date`), last_number: waiting });
  await db.raw('analyze visits');
}

async function prepare(db: Knex, patientCount: number): Promise<Prepared> {
  await db('hospital_settings').update({ time_zone: 'Africa/Nairobi', name: 'Bench Hospital' });
  const departments: Department[] = [];
  for (const level of LEVELS) {
    const code = `Q${level}`;
    const row = await insertTestDepartment(db, code, `Queue of ${level}`);
    const doctorIds: string[] = [];
    const doctorTokens: string[] = [];
    for (let i = 0; i < DOCTORS; i += 1) {
      const doctor = await insertTestDoctor(db, [row.id], { username: `bench.${code.toLowerCase()}.dr${i}`, room: `Room ${i + 1}` });
      doctorIds.push(doctor.id);
      doctorTokens.push(await createTestSession(db, doctor.id));
    }
    const department = { code, id: row.id, doctorTokens };
    if (level > 0) await prefillQueue(db, department, doctorIds, level);
    departments.push(department);
  }
  await db.raw(
    `insert into patients (mrn, given_name, family_name, sex, birth_date)
     select 'BQ-NEW-' || lpad(g::text, 7, '0'), 'Given' || g, 'Family' || g, case when g % 2 = 0 then 'F' else 'M' end, date '1960-01-01' + (g % 20000)
     from generate_series(1, ?) g`,
    [patientCount],
  );
  const deskTokens: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const user = await createTestUser(db, `bench.queue.reception.${i}`, ['receptionist']);
    deskTokens.push(await createTestSession(db, user.id));
  }
  const patientIds = ((await db('patients').select('id').where('mrn', 'like', 'BQ-NEW-%').orderBy('mrn')) as Array<{ id: string }>).map((r) => r.id);
  return { departments, deskTokens, patientIds };
}

interface Samples {
  checkIn: number[];
  callNext: number[];
  nobodyWaiting: number;
  errors: Record<string, number>;
}

function newSamples(): Samples {
  return { checkIn: [], callNext: [], nobodyWaiting: 0, errors: {} };
}

function countError(samples: Samples, method: string, error: unknown): void {
  const key = `${method} ${(error as { code?: string }).code ?? 'unknown'}`;
  samples.errors[key] = (samples.errors[key] ?? 0) + 1;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Patients {
  private next = 0;
  private readonly ids: readonly string[];
  constructor(ids: readonly string[]) {
    this.ids = ids;
  }
  take(): string {
    const id = this.ids[this.next];
    if (id === undefined) throw new Error('the benchmark ran out of patients: raise patientCount');
    this.next += 1;
    return id;
  }
  get used(): number {
    return this.next;
  }
}

async function checkInOnce(client: TestClient, department: string, patients: Patients, n: number, samples: Samples, timed: boolean): Promise<void> {
  const before = performance.now();
  try {
    await client.call('visits.checkIn', {
      patientId: patients.take(),
      visitType: n % 20 === 0 ? 'emergency' : 'new',
      department,
      complaint: 'Bench complaint',
    });
    if (timed) samples.checkIn.push(performance.now() - before);
  } catch (error) {
    if (timed) countError(samples, 'visits.checkIn', error);
  }
}

/** A doctor who finds nobody waiting looks again this much later (not in a tight loop). */
const NOBODY_WAITING_PAUSE_MS = 250;

async function callNextOnce(client: TestClient, department: string, samples: Samples, timed: boolean): Promise<void> {
  const before = performance.now();
  try {
    const { visit } = await client.call('queue.callNext', { department });
    const took = performance.now() - before;
    if (visit === null) {
      if (timed) samples.nobodyWaiting += 1;
      await pause(NOBODY_WAITING_PAUSE_MS);
      return;
    }
    if (timed) samples.callNext.push(took);
    await client.call('visits.complete', { id: visit.id });
  } catch (error) {
    if (timed) countError(samples, 'queue.callNext', error);
  }
}

async function waitingCount(db: Knex, departmentId: string): Promise<number> {
  const row = (await db('visits').where({ department_id: departmentId, status: 'checked_in' }).count({ n: '*' }).first()) as { n: string | number };
  return Number(row.n);
}

function report(samples: Samples, seconds: number) {
  return {
    checkIn: { perSecond: round(samples.checkIn.length / seconds, 1), latencyMs: summarize(samples.checkIn) },
    callNext: { perSecond: round(samples.callNext.length / seconds, 1), latencyMs: summarize(samples.callNext), nobodyWaiting: samples.nobodyWaiting },
    errors: samples.errors,
  };
}

interface Clients {
  desks: TestClient[];
  doctors: TestClient[];
  watchers: TestClient[];
}

async function connectClients(url: string, prepared: Prepared, department: Department): Promise<Clients> {
  const connect = (count: number) => Promise.all(Array.from({ length: count }, () => TestClient.connect(url)));
  const [desks, doctors, watchers] = await Promise.all([connect(DESKS), connect(DOCTORS), connect(WATCHERS)]);
  await Promise.all(desks.map((client, i) => client.call('auth.resume', { token: prepared.deskTokens[i % prepared.deskTokens.length]!, workstationId: `desk-${i}` })));
  await Promise.all(doctors.map((client, i) => client.call('auth.resume', { token: department.doctorTokens[i]!, workstationId: `room-${i}` })));
  await Promise.all(watchers.map(async (client, i) => {
    await client.call('auth.resume', { token: prepared.deskTokens[i % prepared.deskTokens.length]!, workstationId: `board-${i}` });
    await client.call('queue.watch', { department: department.code });
  }));
  return { desks, doctors, watchers };
}

/**
 * One desk and one doctor per queue, the queues taking turns request by request: both queues'
 * figures see the same moments of the machine's other load.
 */
async function alone(levels: ReadonlyArray<{ clients: Clients; department: string }>, patients: Patients, iterations: number) {
  const samples = levels.map(() => newSamples());
  for (let n = -20; n < iterations; n += 1) {
    for (const [index, { clients, department }] of levels.entries()) {
      await checkInOnce(clients.desks[0]!, department, patients, n, samples[index]!, n >= 0);
      await callNextOnce(clients.doctors[0]!, department, samples[index]!, n >= 0);
    }
  }
  return samples.map((sample) => ({ iterations, ...report(sample, 1) }));
}

interface LoadOptions {
  desks: number;
  deskThinkMs: number;
  doctors: number;
  doctorThinkMs: number;
  warmupMs: number;
  durationMs: number;
}

interface LoadSamples {
  samples: Samples;
  eventDelays: number[];
  seconds: number;
}

/** Adds one run's samples to `into`. */
async function underLoad(clients: Clients, department: string, patients: Patients, options: LoadOptions, into: LoadSamples): Promise<void> {
  const { samples, eventDelays } = into;
  into.seconds += options.durationMs / 1000;
  const started = performance.now();
  const measureFrom = started + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const listeners = clients.watchers.map((watcher) => {
    const listener = (data: unknown) => {
      const frame = JSON.parse(String(data)) as { event?: string; data?: { at: string } };
      if (frame.event !== 'queue.changed' || frame.data === undefined) return;
      if (performance.now() >= measureFrom && performance.now() < end) eventDelays.push(Date.now() - Date.parse(frame.data.at));
    };
    watcher.socket.on('message', listener);
    return () => watcher.socket.off('message', listener);
  });
  const jitter = (ms: number) => ms * (0.5 + Math.random());
  try {
    await Promise.all([
      ...clients.desks.slice(0, options.desks).map(async (client, index) => {
        if (options.deskThinkMs > 0) await pause(Math.random() * options.deskThinkMs);
        for (let n = index; performance.now() < end; n += 1) {
          await checkInOnce(client, department, patients, n, samples, performance.now() >= measureFrom);
          if (options.deskThinkMs > 0) await pause(jitter(options.deskThinkMs));
        }
      }),
      ...clients.doctors.slice(0, options.doctors).map(async (client) => {
        if (options.doctorThinkMs > 0) await pause(Math.random() * options.doctorThinkMs);
        while (performance.now() < end) {
          await callNextOnce(client, department, samples, performance.now() >= measureFrom);
          if (options.doctorThinkMs > 0) await pause(jitter(options.doctorThinkMs));
        }
      }),
    ]);
  } finally {
    for (const off of listeners) off();
  }
}

function loadReport(options: LoadOptions, runs: number, load: LoadSamples) {
  return { desks: options.desks, doctors: options.doctors, runs, durationSeconds: load.seconds, ...report(load.samples, load.seconds), eventToBoardMs: summarize(load.eventDelays) };
}

async function boardRead(client: TestClient, department: string) {
  const times: number[] = [];
  let bytes = 0;
  let shown = 0;
  for (let i = 0; i < 12; i += 1) {
    const before = performance.now();
    const { board } = await client.call('queue.board', { department });
    if (i >= 2) times.push(performance.now() - before);
    bytes = Buffer.byteLength(JSON.stringify(board));
    shown = board.waiting.length;
  }
  return { waitingShown: shown, bytes, latencyMs: summarize(times) };
}

const ROUNDS = 2;

/**
 * Both queues measured phase by phase: `alone` taking turns request by request, the loads in
 * ROUNDS rounds, the queues' order alternating, their samples pooled. So both queues' figures
 * meet the same moments of a shared machine's other load as nearly as possible.
 */
async function measureLevels(url: string, db: Knex, prepared: Prepared, patients: Patients, quick: boolean) {
  const all = await Promise.all(prepared.departments.map((department) => connectClients(url, prepared, department)));
  const levels = prepared.departments.map((department, index) => ({ department: department.code, clients: all[index]! }));
  const counts = () => Promise.all(prepared.departments.map((department) => waitingCount(db, department.id)));
  const inRounds = async (options: LoadOptions) => {
    const pooled: LoadSamples[] = levels.map(() => ({ samples: newSamples(), eventDelays: [], seconds: 0 }));
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = levels.map((_, index) => index);
      if (round % 2 === 1) order.reverse();
      for (const index of order) await underLoad(levels[index]!.clients, levels[index]!.department, patients, options, pooled[index]!);
    }
    return pooled.map((load) => loadReport(options, ROUNDS, load));
  };
  try {
    const atStart = await counts();
    const boards = await Promise.all(levels.map(({ clients, department }) => boardRead(clients.desks[0]!, department)));
    const one = await alone(levels, patients, quick ? 30 : 150);
    const beforeDesks = await counts();
    const desks = await inRounds({ desks: DESKS, deskThinkMs: DESK_THINK_MS, doctors: DOCTORS, doctorThinkMs: DOCTOR_THINK_MS, warmupMs: quick ? 2_000 : 5_000, durationMs: quick ? 3_000 : 15_000 });
    const beforeSaturation = await counts();
    const saturation = await inRounds({ desks: SATURATION_DESKS, deskThinkMs: 0, doctors: 0, doctorThinkMs: 0, warmupMs: quick ? 500 : 2_000, durationMs: quick ? 1_500 : 6_000 });
    const atEnd = await counts();
    return Object.fromEntries(prepared.departments.map((department, index) => [`${department.code.slice(1)} waiting`, {
      waiting: { atStart: atStart[index], beforeDesks: beforeDesks[index], beforeSaturation: beforeSaturation[index], atEnd: atEnd[index] },
      board: boards[index],
      alone: one[index],
      desks: desks[index],
      saturation: saturation[index],
    }]));
  } finally {
    await Promise.all(all.flatMap((clients) => [...clients.desks, ...clients.doctors, ...clients.watchers]).map((client) => client.close()));
  }
}

export const queueCostBenchmark: Benchmark = {
  name: 'queue-cost',
  async run(options) {
    const database = await benchDatabase('hms_bench_queue', { fresh: true });
    let prepared: Prepared;
    try {
      prepared = await prepare(database.db, 60_000);
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    const watch = await benchDatabase('hms_bench_queue', { fresh: false });
    const patients = new Patients(prepared.patientIds);
    let levels: Record<string, unknown>;
    try {
      levels = await measureLevels(server.wsUrl, watch.db, prepared, patients, options.quick);
    } finally {
      await server.stop();
      await watch.close();
    }
    return {
      unit: 'round trips in ms: visits.checkIn (token, visit, audit, queue.changed), queue.callNext (the call; its visits.complete untimed)',
      desks: DESKS,
      doctors: DOCTORS,
      boardWatchers: WATCHERS,
      patientsCheckedIn: patients.used,
      levels,
    };
  },
};
