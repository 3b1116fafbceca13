import { methods } from '@hms/core';
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { loadChart } from '../charts/index.js';
import { createDatabase } from '../db/connect.js';
import { storeIcd10Release } from '../diagnoses/index.js';
import { createTestSession, insertTestDepartment } from '../test-support/front-desk.js';
import { startServerProcess } from '../test-support/server-process.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { BenchSocket } from './bench-socket.js';
import { cpuBetween, cpuSnapshot, loadAverage } from './machine.js';
import { round, summarize } from './stats.js';

/**
 * `charts.get` for a patient with a long record: 500 encounters (each a visit, a signed note and
 * one or two diagnoses), 2,000 vitals records (a few corrected), 12 allergy revisions and 40
 * problems, among 2,000 other patients with records of their own. 50 doctor desks each open
 * that chart every 1 to 3 seconds (25 a second in all, every read audited as in production:
 * far more than a hospital's doctors open charts): the round trip is what a desk waits for,
 * and bounds the server's time. The patient also has 300 prescriptions (the last few days'
 * still current) and 200 lab orders, 10 of them still waiting: results themselves come with
 * the lab issue, so the 190 others stand in for them as cancelled orders the chart's pending
 * list reads past.
 */
const SOCKETS = 50;
const THINK_MS = 2_000;
const ENCOUNTERS = 500;
const VITALS = 2_000;
const OTHER_PATIENTS = 2_000;
const PRESCRIPTIONS = 300;
const ORDERS = 200;
const PENDING_ORDERS = 10;
const RX_DRUGS = ['paracetamol-500mg-tablet', 'amoxicillin-500mg-capsule', 'metformin-500mg-tablet', 'amlodipine-5mg-tablet', 'omeprazole-20mg-capsule'];
const LAB_CODES = ['FBC', 'HB', 'ESR', 'PT_INR', 'MAL_RDT'];

const CODES = [
  ['J189', 'Pneumonia, unspecified organism'], ['I10', 'Essential (primary) hypertension'], ['B54', 'Unspecified malaria'],
  ['E119', 'Type 2 diabetes mellitus without complications'], ['A09', 'Infectious gastroenteritis and colitis, unspecified'], ['R509', 'Fever, unspecified'],
] as const;

async function seed(db: Knex): Promise<{ patientId: string; tokens: string[] }> {
  await db('hospital_settings').update({ time_zone: 'Africa/Nairobi', name: 'Bench Hospital' });
  const entries = CODES.map(([code, description]) => ({ code, billable: true, shortDescription: description, longDescription: description }));
  const releaseId = await db.transaction((trx) => storeIcd10Release(trx, {
    sourceFile: 'bench-codes.txt', sha256: createHash('sha256').update(JSON.stringify(entries)).digest('hex'), entries,
  }, { label: 'Bench codes', at: new Date(), by: 'bench' }));
  const department = await insertTestDepartment(db, 'OPD', 'Outpatients');
  const doctors = await Promise.all(Array.from({ length: 10 }, (_, i) => createTestUser(db, `bench.doctor.${i}`, ['doctor'])));
  const nurse = await createTestUser(db, 'bench.nurse', ['nurse']);
  await db.raw(
    `insert into patients (mrn, given_name, family_name, sex, birth_date)
     select 'CHART-' || lpad(g::text, 7, '0'), 'Given' || g, 'Family' || g, case when g % 2 = 0 then 'F' else 'M' end, date '1950-01-01' + (g % 20000)
       from generate_series(0, ?) g`,
    [OTHER_PATIENTS],
  );
  const patients = ((await db('patients').orderBy('mrn').select('id')) as Array<{ id: string }>).map((row) => row.id);
  const patientId = patients[0]!;
  const doctorIds = doctors.map((doctor) => doctor.id);
  // Every patient: a visit a day going back, the chart's patient ENCOUNTERS of them, the others 5.
  await db.raw(
    `insert into visits (patient_id, department_id, visit_type, priority, status, service_date, token_number, token, complaint,
                         arrived_at, queued_at, checked_in_at, called_at, served_by, ended_at, updated_at)
     select p.id, ?, 'follow_up', 'normal', 'completed', current_date - d, p.n + 1, 'OPD-' || (p.n + 1), 'Review',
            now() - d * interval '1 day', now() - d * interval '1 day', now() - d * interval '1 day', now() - d * interval '1 day',
            (?::uuid[])[1 + (d % 10)], now() - d * interval '1 day' + interval '15 minutes', now()
       from (select id, row_number() over (order by mrn) - 1 as n from patients) p
       cross join lateral generate_series(1, case when p.n = 0 then ? else 5 end) d`,
    [department.id, doctorIds, ENCOUNTERS],
  );
  await db.raw(
    `insert into encounters (visit_id, patient_id, doctor_id, status, started_at, signed_at)
     select v.id, v.patient_id, v.served_by, 'signed', v.called_at, v.ended_at from visits v`,
  );
  await db.raw(
    `insert into encounter_notes (encounter_id, sections, typed_at, version, saved_at, saved_by)
     select e.id, jsonb_build_object('complaint', 'Cough and fever', 'history', repeat('History of the presenting illness. ', 20),
              'examination', 'Chest: crackles at the right base', 'assessment', 'Pneumonia', 'plan', 'Amoxicillin, review in 5 days'),
            e.signed_at, 3, e.signed_at, e.doctor_id from encounters e`,
  );
  await db.raw(
    `insert into encounter_diagnoses (encounter_id, patient_id, code, description, release_id, certainty, rank, added_at, added_by)
     select e.id, e.patient_id, c.code, c.long_description, c.release_id, 'confirmed', case when k = 1 then 'primary' else 'secondary' end, e.started_at, e.doctor_id
       from (select e.*, row_number() over (order by e.id) as n from encounters e) e
       cross join lateral generate_series(1, 1 + (e.n % 2)::int) k
       join icd10_codes c on c.release_id = ? and c.position = 1 + ((e.n + k) % ?)`,
    [releaseId, CODES.length],
  );
  await db.raw(
    `insert into problems (patient_id, code, description, release_id, status, certainty, recorded_at, recorded_by, last_diagnosed_at, resolved_at, resolved_by)
     select ?, c.code, c.long_description, c.release_id, case when g % 3 = 0 then 'active' else 'resolved' end, 'confirmed', now() - g * interval '9 days', ?,
            now() - g * interval '9 days', case when g % 3 = 0 then null else now() - g * interval '3 days' end, case when g % 3 = 0 then null else ?::uuid end
       from generate_series(1, 40) g join icd10_codes c on c.release_id = ? and c.position = 1 + g % ?`,
    [patientId, doctorIds[0]!, doctorIds[0]!, releaseId, CODES.length],
  );
  // Vitals: the chart's patient VITALS records, everyone else 10; some measurements only now and then.
  await db.raw(
    `insert into vitals (patient_id, taken_at, recorded_at, recorded_by, temperature_c, pulse_bpm, respiratory_rate, systolic_mmhg, diastolic_mmhg,
                         spo2_percent, weight_kg, height_cm, pain_score, muac_cm, head_circumference_cm)
     select p.id, now() - g * interval '4 hours', now() - g * interval '4 hours', ?, 36.5 + (g % 20) / 10.0, 60 + g % 50, 12 + g % 10, 110 + g % 40, 70 + g % 20,
            94 + g % 6, case when g % 5 = 0 then 60 + (g % 30) / 10.0 end, case when g % 200 = 0 then 165 end, case when g % 7 = 0 then g % 10 end, null, null
       from (select id, row_number() over (order by mrn) - 1 as n from patients) p
       cross join lateral generate_series(1, case when p.n = 0 then ? else 10 end) g`,
    [nurse.id, VITALS],
  );
  // A few corrections of the chart's patient's readings.
  await db.raw(
    `insert into vitals (patient_id, taken_at, recorded_at, recorded_by, temperature_c, supersedes, correction_reason)
     select v.patient_id, v.taken_at, now(), v.recorded_by, 37.0, v.id, 'Typed in the wrong field'
       from (select * from vitals where patient_id = ? order by taken_at desc limit 5) v`,
    [patientId],
  );
  await db.raw(
    `insert into vitals_latest (patient_id, measurement, value, taken_at, vitals_id)
     select distinct on (v.patient_id, m.name) v.patient_id, m.name, m.value, v.taken_at, v.id
       from vitals v cross join lateral (values ('temperatureC', v.temperature_c::numeric), ('pulseBpm', v.pulse_bpm::numeric), ('respiratoryRate', v.respiratory_rate::numeric),
            ('systolicMmHg', v.systolic_mmhg::numeric), ('diastolicMmHg', v.diastolic_mmhg::numeric), ('spo2Percent', v.spo2_percent::numeric), ('weightKg', v.weight_kg::numeric),
            ('heightCm', v.height_cm::numeric), ('painScore', v.pain_score::numeric)) as m(name, value)
      where m.value is not null and not exists (select from vitals c where c.supersedes = v.id)
      order by v.patient_id, m.name, v.taken_at desc, v.recorded_at desc`,
  );
  await db.raw(
    `insert into allergy_entries (allergy_id, revision, patient_id, substance_kind, substance_code, substance_text, reaction, severity, status, recorded_at, recorded_by)
     select ('00000000-0000-4000-8000-' || lpad(a::text, 12, '0'))::uuid, r, ?, 'drugClass', 'class_' || a, 'Class ' || a, 'Rash', 'moderate',
            case when r = 2 and a % 2 = 0 then 'inactive' else 'active' end, now() - (10 - r) * interval '30 days', ?
       from generate_series(1, 6) a cross join generate_series(1, 2) r`,
    [patientId, nurse.id],
  );
  // Prescriptions: one of the latest PRESCRIPTIONS encounters each, one item for 5 days.
  await db.raw(
    `with picked as (
       select e.*, row_number() over (order by e.started_at desc) as n from encounters e where e.patient_id = ? order by e.started_at desc limit ?),
     written as (
       insert into prescriptions (number, patient_id, encounter_id, prescriber_id, rule_set_version, formulary_revision, alerts, created_at)
       select 'RX-B' || lpad(p.n::text, 6, '0'), p.patient_id, p.id, p.doctor_id, 1, 1, '[]', p.started_at from picked p
       returning id, patient_id, created_at, number)
     insert into prescription_items (prescription_id, patient_id, position, drug_id, drug_version, generic, name, dose, dose_unit, route, frequency,
                                     duration_days, quantity, starts_at, ends_at)
     select w.id, w.patient_id, 0, d.id, v.version, d.data ->> 'generic', d.code, 1, 'tablet', 'oral', 'bd', 5, 10, w.created_at, w.created_at + interval '5 days'
       from written w
       join drugs d on d.code = (?::text[])[1 + (substr(w.number, 5)::int % ?)]
       join drug_versions v on v.drug_id = d.id and v.version = 1`,
    [patientId, PRESCRIPTIONS, RX_DRUGS, RX_DRUGS.length],
  );
  // Lab orders: one of the latest ORDERS encounters each; all but the newest PENDING_ORDERS cancelled.
  await db.raw(
    `with picked as (
       select e.*, row_number() over (order by e.started_at desc) as n from encounters e where e.patient_id = ? order by e.started_at desc limit ?),
     placed as (
       insert into orders (patient_id, encounter_id, ordered_by, ordered_at)
       select p.patient_id, p.id, p.doctor_id, p.started_at from picked p
       returning id, encounter_id)
     insert into order_items (order_id, patient_id, encounter_id, kind, code, name, priority, status, ordered_at, ordered_by, cancelled_at, cancelled_by, cancel_reason)
     select o.id, p.patient_id, p.id, 'lab', c.code, c.name, 'routine', case when p.n <= ? then 'ordered' else 'cancelled' end, p.started_at, p.doctor_id,
            case when p.n <= ? then null else p.started_at + interval '1 hour' end, case when p.n <= ? then null else p.doctor_id end,
            case when p.n <= ? then null else 'Stands in for a result' end
       from placed o join picked p on p.id = o.encounter_id
       join order_catalogue c on c.code = (?::text[])[1 + (p.n % ?)::int]`,
    [patientId, ORDERS, PENDING_ORDERS, PENDING_ORDERS, PENDING_ORDERS, PENDING_ORDERS, LAB_CODES, LAB_CODES.length],
  );
  await db.raw('analyze');
  const tokens: string[] = [];
  for (const doctor of doctors) tokens.push(await createTestSession(db, doctor.id));
  return { patientId, tokens };
}

const REPLY_SAMPLE_EVERY = 10;

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

/** The server's own histogram of charts.get (receipt of the request to its reply sent): cumulative counts per bucket bound. */
async function serverBuckets(port: number): Promise<Map<number, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(/^hms_request_duration_seconds_bucket\{le="([^"]+)",method="charts\.get"\} (\d+)$/gm)) {
    buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]) * 1000, Number(match[2]));
  }
  return buckets;
}

/** Between two scrapes: how many answered within each bound, and the p95 read off the buckets (linear within one). */
function serverTime(before: Map<number, number>, after: Map<number, number>): { count: number; withinMs: Record<string, number>; p95Ms: number | null } {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const count = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  const withinMs: Record<string, number> = {};
  let p95Ms: number | null = null;
  let lower = 0;
  let below = 0;
  for (const bound of bounds) {
    const within = (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
    if ([5, 10, 15, 20, 25, 50].includes(bound) && count > 0) withinMs[String(bound)] = round(within / count, 3);
    if (p95Ms === null && count > 0 && within >= 0.95 * count) {
      p95Ms = bound === Infinity ? null : round(lower + ((0.95 * count - below) / Math.max(1, within - below)) * (bound - lower), 1);
      if (bound === Infinity) break;
    }
    lower = bound;
    below = within;
  }
  return { count, withinMs, p95Ms };
}

/** 50 desks, each opening the chart, then reading it for 1 to 3 seconds (a closed loop). */
async function deskLoop(sockets: readonly BenchSocket[], patientId: string, window: { warmupMs: number; durationMs: number }): Promise<{ samples: number[]; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  const measureFrom = performance.now() + window.warmupMs;
  const end = measureFrom + window.durationMs;
  await Promise.all(sockets.map(async (socket) => {
    // Desks start spread over one think time, not all at once.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * THINK_MS));
    while (performance.now() < end) {
      const before = performance.now();
      try {
        const { chart } = await socket.call('charts.get', { patientId });
        if (chart.encounterCount !== ENCOUNTERS || chart.results.items.length !== PENDING_ORDERS || chart.medications.items.length === 0) {
          throw new Error('the chart is not the seeded one');
        }
        if (before >= measureFrom && before < end) samples.push(performance.now() - before);
      } catch {
        if (before >= measureFrom && before < end) errors += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, THINK_MS * (0.5 + Math.random())));
    }
  }));
  return { samples, errors };
}

export const chartsGetBenchmark: Benchmark = {
  name: 'charts-get',
  async run(options) {
    const loadAtStart = loadAverage();
    const database = await benchDatabase('hms_bench_charts', { fresh: true });
    let seeded: Awaited<ReturnType<typeof seed>>;
    let counts: Record<string, number>;
    let alone: ReturnType<typeof summarize>;
    try {
      seeded = await seed(database.db);
      // The chart's reads alone, one after another in this process (no socket, no audit row).
      const samples: number[] = [];
      for (let i = 0; i < (options.quick ? 30 : 300); i += 1) {
        const before = performance.now();
        await loadChart(database.db, seeded.patientId, new Date());
        if (i >= 10) samples.push(performance.now() - before);
      }
      alone = summarize(samples);
      const count = async (table: string) => Number(((await database.db(table).where({ patient_id: seeded.patientId }).count({ n: '*' })) as Array<{ n: string }>)[0]!.n);
      counts = {
        encounters: await count('encounters'), vitals: await count('vitals'), encounterDiagnoses: await count('encounter_diagnoses'), problems: await count('problems'),
        allergyEntries: await count('allergy_entries'), prescriptions: await count('prescriptions'), orderItems: await count('order_items'),
      };
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    const probeDb = createDatabase({ url: database.url, poolMax: 1, applicationName: 'hms-bench' });
    try {
      const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => BenchSocket.connect(server.wsUrl, REPLY_SAMPLE_EVERY)));
      try {
        await Promise.all(sockets.map((socket, index) => socket.call('auth.resume', { token: seeded.tokens[index % seeded.tokens.length]!, workstationId: `desk-${index}` })));
        // One desk alone first: the round trip with nothing else of this bench running.
        const single: number[] = [];
        for (let i = 0; i < (options.quick ? 30 : 200); i += 1) {
          const before = performance.now();
          await sockets[0]!.call('charts.get', { patientId: seeded.patientId });
          if (i >= 10) single.push(performance.now() - before);
        }
        const window = { warmupMs: options.quick ? 2_000 : 5_000, durationMs: options.quick ? 5_000 : 30_000 };
        const backends = async () => ((await probeDb.raw(`select pid from pg_stat_activity where datname = current_database() and application_name = 'hms-server'`)).rows as Array<{ pid: number }>).map((row) => row.pid);
        const measuring = (async () => {
          await new Promise((resolve) => setTimeout(resolve, window.warmupMs));
          const pids = await backends();
          const [first, bucketsBefore] = await Promise.all([cpuSnapshot([server.child.pid ?? 0, ...pids]), serverBuckets(server.port)]);
          await new Promise((resolve) => setTimeout(resolve, window.durationMs));
          const [last, bucketsAfter] = await Promise.all([cpuSnapshot([server.child.pid ?? 0, ...pids]), serverBuckets(server.port)]);
          return { first, last, pids, bucketsBefore, bucketsAfter };
        })();
        const desks = await deskLoop(sockets, seeded.patientId, window);
        const { first, last, pids, bucketsBefore, bucketsAfter } = await measuring;
        const server_ = serverTime(bucketsBefore, bucketsAfter);
        return {
          unit: 'charts.get round trips (chart summary and its audit row) of one patient with a long record, milliseconds',
          patient: counts,
          otherPatients: OTHER_PATIENTS,
          loadAverage: { start: loadAtStart, end: loadAverage() },
          readsAloneMs: alone,
          oneDeskMs: summarize(single),
          desks: {
            sockets: SOCKETS, thinkTimeMs: THINK_MS, durationSeconds: window.durationMs / 1000, iterations: desks.samples.length,
            throughputPerSecond: round(desks.samples.length / (window.durationMs / 1000), 1), errors: desks.errors, latencyMs: summarize(desks.samples),
            // The server's own time (request received to reply sent, its histogram): what the target is about.
            serverTime: server_,
            cpu: cpuBetween(first, last, { server: [server.child.pid ?? 0], postgres: pids }, server_.count),
          },
          contract: contractCheck(sockets),
        };
      } finally {
        await Promise.all(sockets.map((socket) => socket.close()));
      }
    } finally {
      await probeDb.destroy();
      await server.stop();
    }
  },
};
