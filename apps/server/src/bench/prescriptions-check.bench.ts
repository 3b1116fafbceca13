import { checkPrescription, compileSafetyKnowledge, seedFormulary, seedRuleSet } from '@hms/core';
import type { ParamsIn, PatientFacts, ProposedItem } from '@hms/core';
import { createTestSession } from '../test-support/front-desk.js';
import { insertTestPatient } from '../test-support/patients.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TestClient } from '../test-support/test-client.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { runClosedLoop } from './load.js';
import { loadAverage } from './machine.js';
import { summarize } from './stats.js';

/**
 * `prescriptions.check` with 10 drugs against 10 recorded allergies (issue 11: p95 <= 5 ms):
 * the server reads the patient's age, latest weight, allergies and current medication and runs
 * the pure check over the cached formulary and rule set. Reported three ways: the engine alone
 * in this process (what an offline desk pays), one desk's round trips (server time plus the
 * socket, paced as a doctor types), and 10 desks at once, back to back (under the socket limit).
 */
const DRUGS: ReadonlyArray<readonly [code: string, dose: number]> = [
  ['amoxicillin-500mg-capsule', 500], ['paracetamol-500mg-tablet', 1000], ['ibuprofen-400mg-tablet', 400], ['metformin-500mg-tablet', 500],
  ['amlodipine-5mg-tablet', 5], ['omeprazole-20mg-capsule', 20], ['atorvastatin-20mg-tablet', 20], ['warfarin-5mg-tablet', 5],
  ['ciprofloxacin-500mg-tablet', 500], ['fluconazole-150mg-capsule', 150],
];
const ALLERGIES: ReadonlyArray<ParamsIn<'allergies.record'>['substance']> = [
  { kind: 'drugClass', code: 'penicillins', text: 'Penicillin' },
  { kind: 'drugClass', code: 'sulfonamide_antibacterials', text: 'Sulfa drugs' },
  { kind: 'drug', code: 'codeine', text: 'Codeine' },
  { kind: 'drug', code: 'acetylsalicylic_acid', text: 'Aspirin' },
  { kind: 'drugClass', code: 'cephalosporins', text: 'Cephalosporins' },
  { kind: 'drugClass', code: 'fluoroquinolones', text: 'Quinolones' },
  { kind: 'drugClass', code: 'tetracyclines', text: 'Tetracyclines' },
  { kind: 'drugClass', code: 'ace_inhibitors', text: 'ACE inhibitor angioedema' },
  { kind: 'other', text: 'Latex' },
  { kind: 'food', text: 'Peanuts' },
];

function engineAlone(iterations: number) {
  const formulary = seedFormulary();
  const knowledge = compileSafetyKnowledge(formulary, seedRuleSet());
  const byCode = new Map(formulary.map((drug) => [drug.code, drug]));
  const items: ProposedItem[] = DRUGS.map(([code, dose]) => ({ drugId: byCode.get(code)!.id, dose, doseUnit: 'mg', route: 'oral', frequency: 'bd' }));
  const patient: PatientFacts = {
    ageYears: 56, weightKg: 70, currentMedications: [],
    allergies: ALLERGIES.map((substance, index) => ({ id: `a${index}`, substance: { ...substance, code: substance.code ?? null }, severity: 'moderate' })),
  };
  const samples: number[] = [];
  let alerts = 0;
  for (let i = 0; i < iterations; i += 1) {
    const before = performance.now();
    alerts = checkPrescription(knowledge, patient, items).length;
    samples.push(performance.now() - before);
  }
  return { iterations, alerts, latencyMs: summarize(samples.slice(Math.floor(iterations / 10))) };
}

/**
 * One desk checking as a doctor types: a check, a 20 ms pause, the next. (A socket may send
 * 100 requests a second; back to back, one socket would measure the rate limit, not the check.)
 */
async function paced(url: string, token: string, check: (client: TestClient) => Promise<void>, count: number) {
  const client = await TestClient.connect(url);
  try {
    await client.call('auth.resume', { token, workstationId: 'rx-desk-paced' });
    for (let i = 0; i < 50; i += 1) await check(client);
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const before = performance.now();
      await check(client);
      samples.push(performance.now() - before);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { checks: count, pauseMs: 20, latencyMs: summarize(samples) };
  } finally {
    await client.close();
  }
}

export const prescriptionsCheckBenchmark: Benchmark = {
  name: 'prescriptions-check',
  async run(options) {
    const database = await benchDatabase('hms_bench_rx', { fresh: true });
    let doctorToken: string;
    let nurseToken: string;
    let patientId: string;
    let items: ParamsIn<'prescriptions.check'>['items'];
    try {
      const doctor = await createTestUser(database.db, 'bench.doctor', ['doctor']);
      const nurse = await createTestUser(database.db, 'bench.nurse', ['nurse']);
      doctorToken = await createTestSession(database.db, doctor.id);
      nurseToken = await createTestSession(database.db, nurse.id);
      patientId = (await insertTestPatient(database.db, { birthDate: '1970-05-01' })).id;
      const rows: Array<{ id: string; code: string }> = await database.db('drugs').whereIn('code', DRUGS.map(([code]) => code)).select('id', 'code');
      const ids = new Map(rows.map((row) => [row.code, row.id]));
      items = DRUGS.map(([code, dose]) => ({ drugId: ids.get(code)!, dose, doseUnit: 'mg' as const, route: 'oral' as const, frequency: 'bd' as const }));
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    try {
      const setup = await TestClient.connect(server.wsUrl);
      await setup.call('auth.resume', { token: nurseToken });
      for (const substance of ALLERGIES) await setup.call('allergies.record', { patientId, substance, severity: 'moderate', status: 'active' });
      await setup.call('vitals.record', { patientId, takenAt: new Date().toISOString(), weightKg: 70 });
      await setup.close();
      const params = { patientId, items };
      const check = async (client: TestClient) => {
        const { alerts } = await client.call('prescriptions.check', params);
        if (alerts.length === 0) throw new Error('the bench patient should meet alerts');
      };
      const loadBefore = loadAverage();
      const engine = engineAlone(options.quick ? 500 : 5_000);
      const resume = (client: TestClient, index: number) => client.call('auth.resume', { token: doctorToken, workstationId: `rx-desk-${index}` }).then(() => undefined);
      const oneDesk = await paced(server.wsUrl, doctorToken, check, options.quick ? 100 : 1_000);
      const tenDesks = await runClosedLoop({ url: server.wsUrl, connections: 10, warmupMs: options.quick ? 500 : 2_000, durationMs: options.quick ? 2_000 : 10_000, setup: resume, iteration: check });
      return {
        unit: 'prescriptions.check, 10 drugs against 10 recorded allergies (plus weight and age)',
        targetP95Ms: 5,
        alertsPerCheck: engine.alerts,
        engineInProcess: engine,
        oneDeskRoundTrip: oneDesk,
        tenDesksRoundTrip: tenDesks,
        loadAverage: { before: loadBefore, after: loadAverage() },
      };
    } finally {
      await server.stop();
    }
  },
};
