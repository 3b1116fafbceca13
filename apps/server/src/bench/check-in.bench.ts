import type { Knex } from 'knex';
import { createTestSession, insertTestDepartment, insertTestDoctor } from '../test-support/front-desk.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TestClient } from '../test-support/test-client.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { round, summarize } from './stats.js';

/**
 * `visits.checkIn` throughput: many receptionist sockets each checking in distinct patients
 * across six departments (OPD the busiest; a third assigned to a doctor, a tenth emergencies),
 * while boards watch three department queues. Every check-in allocates a daily token, writes
 * the visit, its audit row and a queue.changed event in one transaction.
 *
 * Two loads, as for patients.search: `desks`, each socket checking someone in about every
 * five seconds (20 a second: hundreds of times a 500-bed hospital's 2,000 visits a day, and
 * many times its morning peak), for latency; and `saturation`, the same sockets with no pause,
 * for the ceiling (its latency is queueing: sockets / throughput). Also reported: how long a
 * queue.changed event takes from the check-in to a watching board, and a check afterwards
 * that every department's tokens are 1..n without a gap or a repeat.
 */
const SOCKETS = 100;
const DESK_THINK_MS = 5_000;
const WATCHERS_PER_BOARD = 10;
const DEPARTMENTS: ReadonlyArray<readonly [code: string, share: number]> = [
  ['OPD', 0.4],
  ['PAED', 0.15],
  ['MCH', 0.15],
  ['EMR', 0.1],
  ['DENT', 0.1],
  ['EYE', 0.1],
];
const WATCHED = ['OPD', 'PAED', 'EMR'];

interface Desk {
  department: string;
  doctorId: string | null;
  visitType: 'new' | 'follow_up' | 'emergency';
}

async function prepare(db: Knex, patientCount: number): Promise<{ tokens: string[]; plan: Desk[] }> {
  await db('hospital_settings').update({ time_zone: 'Africa/Nairobi', name: 'Bench Hospital' });
  const doctors = new Map<string, string[]>();
  for (const [code] of DEPARTMENTS) {
    const department = await insertTestDepartment(db, code, `${code} clinic`);
    doctors.set(code, [(await insertTestDoctor(db, [department.id])).id, (await insertTestDoctor(db, [department.id])).id]);
  }
  // Distinct patients for every check-in of the run, written in one statement.
  await db.raw(
    `insert into patients (mrn, given_name, family_name, sex, birth_date)
     select 'BENCH-' || lpad(g::text, 7, '0'), 'Given' || g, 'Family' || g, case when g % 2 = 0 then 'F' else 'M' end, date '1960-01-01' + (g % 20000)
     from generate_series(1, ?) g`,
    [patientCount],
  );
  const tokens: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const user = await createTestUser(db, `bench.reception.${i}`, ['receptionist']);
    tokens.push(await createTestSession(db, user.id));
  }
  // A fixed mix of check-ins, cycled through by every desk.
  let seed = 3;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const plan: Desk[] = [];
  for (let i = 0; i < 1_000; i += 1) {
    let pick = rand();
    const [code] = DEPARTMENTS.find(([, share]) => (pick -= share) < 0) ?? DEPARTMENTS[0]!;
    const assigned = rand() < 0.3 ? doctors.get(code)![Math.floor(rand() * 2)]! : null;
    plan.push({ department: code, doctorId: assigned, visitType: code === 'EMR' || rand() < 0.05 ? 'emergency' : rand() < 0.6 ? 'new' : 'follow_up' });
  }
  return { tokens, plan };
}

interface LoadOutcome {
  checkIns: number;
  durationSeconds: number;
  throughputPerSecond: number;
  errors: number;
  errorCodes: Record<string, number>;
  latencyMs: ReturnType<typeof summarize>;
  eventToBoardMs: ReturnType<typeof summarize>;
}

async function load(
  url: string,
  tokens: readonly string[],
  plan: readonly Desk[],
  patientIds: readonly string[],
  next: { patient: number },
  options: { thinkMs: number; warmupMs: number; durationMs: number },
): Promise<LoadOutcome> {
  const clients = await Promise.all(Array.from({ length: SOCKETS }, () => TestClient.connect(url)));
  const watchers = await Promise.all(Array.from({ length: WATCHED.length * WATCHERS_PER_BOARD }, () => TestClient.connect(url)));
  try {
    await Promise.all(clients.map((client, index) => client.call('auth.resume', { token: tokens[index % tokens.length]!, workstationId: `desk-${index}` })));
    await Promise.all(watchers.map(async (watcher, index) => {
      await watcher.call('auth.resume', { token: tokens[index % tokens.length]!, workstationId: `board-${index}` });
      await watcher.call('queue.watch', { department: WATCHED[index % WATCHED.length]! });
    }));
    const eventDelays: number[] = [];
    const latencies: number[] = [];
    const errorCodes: Record<string, number> = {};
    let errors = 0;
    const start = performance.now();
    const measureFrom = start + options.warmupMs;
    const end = measureFrom + options.durationMs;
    const measureFromEpoch = Date.now() + options.warmupMs;
    for (const watcher of watchers) {
      watcher.socket.on('message', (data) => {
        const arrived = Date.now();
        const frame = JSON.parse(String(data)) as { event?: string; data?: { at: string } };
        if (frame.event !== 'queue.changed' || frame.data === undefined) return;
        const at = Date.parse(frame.data.at);
        if (at >= measureFromEpoch && arrived <= measureFromEpoch + options.durationMs) eventDelays.push(arrived - at);
      });
    }
    await Promise.all(
      clients.map(async (client, index) => {
        let n = index * 7;
        if (options.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * options.thinkMs));
        while (performance.now() < end) {
          const desk = plan[n % plan.length]!;
          n += 1;
          const patientId = patientIds[next.patient++ % patientIds.length]!;
          const before = performance.now();
          try {
            await client.call('visits.checkIn', {
              patientId,
              visitType: desk.visitType,
              department: desk.department,
              ...(desk.doctorId === null ? {} : { doctorId: desk.doctorId }),
              complaint: 'Bench complaint',
            });
            if (before >= measureFrom) latencies.push(performance.now() - before);
          } catch (error) {
            if (before >= measureFrom) {
              errors += 1;
              const code = (error as { code?: string }).code ?? 'unknown';
              errorCodes[code] = (errorCodes[code] ?? 0) + 1;
            }
          }
          if (options.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, options.thinkMs * (0.5 + Math.random())));
        }
      }),
    );
    // Let the last events reach the boards.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {
      checkIns: latencies.length,
      durationSeconds: options.durationMs / 1000,
      throughputPerSecond: round(latencies.length / (options.durationMs / 1000), 1),
      errors,
      errorCodes,
      latencyMs: summarize(latencies),
      eventToBoardMs: summarize(eventDelays),
    };
  } finally {
    await Promise.all([...clients, ...watchers].map((client) => client.close()));
  }
}

/** Every department's tokens of the day are exactly 1..n. */
async function tokenCheck(db: Knex): Promise<{ visits: number; departments: Record<string, { visits: number; maxToken: number }>; gapless: boolean }> {
  const rows = (await db('visits as v').join('departments as d', 'd.id', 'v.department_id')
    .select('d.code', 'v.service_date')
    .count({ visits: '*' })
    .countDistinct({ distinct: 'v.token_number' })
    .max({ maxToken: 'v.token_number' })
    .groupBy('d.code', 'v.service_date')) as Array<{ code: string; service_date: string; visits: string | number; distinct: string | number; maxToken: number }>;
  const departments: Record<string, { visits: number; maxToken: number }> = {};
  let gapless = true;
  let visits = 0;
  for (const row of rows) {
    const count = Number(row.visits);
    visits += count;
    departments[`${row.code} ${row.service_date}`] = { visits: count, maxToken: Number(row.maxToken) };
    if (Number(row.distinct) !== count || Number(row.maxToken) !== count) gapless = false;
  }
  return { visits, departments, gapless };
}

export const checkInBenchmark: Benchmark = {
  name: 'check-in',
  async run(options) {
    const short = options.quick;
    const database = await benchDatabase('hms_bench_checkin', { fresh: true });
    let prepared: Awaited<ReturnType<typeof prepare>>;
    let patientIds: string[];
    try {
      prepared = await prepare(database.db, short ? 20_000 : 100_000);
      patientIds = ((await database.db('patients').select('id').orderBy('mrn')) as Array<{ id: string }>).map((row) => row.id);
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    const next = { patient: 0 };
    let desks: LoadOutcome;
    let saturation: LoadOutcome;
    try {
      desks = await load(server.wsUrl, prepared.tokens, prepared.plan, patientIds, next, { thinkMs: DESK_THINK_MS, warmupMs: short ? 2_000 : 5_000, durationMs: short ? 4_000 : 30_000 });
      saturation = await load(server.wsUrl, prepared.tokens, prepared.plan, patientIds, next, { thinkMs: 0, warmupMs: short ? 500 : 2_000, durationMs: short ? 2_000 : 10_000 });
    } finally {
      await server.stop();
    }
    const check = await benchDatabase('hms_bench_checkin', { fresh: false });
    try {
      const tokens = await tokenCheck(check.db);
      return {
        unit: 'visits.checkIn round trips (token, visit, audit row and queue.changed event in one transaction)',
        sockets: SOCKETS,
        boardWatchers: WATCHED.length * WATCHERS_PER_BOARD,
        departments: DEPARTMENTS.map(([code, share]) => `${code} ${Math.round(share * 100)}%`),
        desks: { thinkTimeMs: DESK_THINK_MS, ...desks },
        saturation,
        afterwards: { checkInsAttempted: next.patient, visitsStored: tokens.visits, tokensGapless: tokens.gapless, byDepartmentAndDay: tokens.departments },
      };
    } finally {
      await check.close();
    }
  },
};
