import type { Knex } from 'knex';
import { createTestSession, insertTestDepartment } from '../test-support/front-desk.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TestClient } from '../test-support/test-client.js';
import { createTestUser } from '../test-support/users.js';
import { createDatabase } from '../db/connect.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { loadAverage } from './machine.js';
import { summarize } from './stats.js';

/**
 * `invoices.create` for a visit of 40 charges with 20 cashiers at once (issue 15: p95 <= 30 ms;
 * gapless numbering holds at that load). Every patient has one visit of 40 charges (40 catalogue
 * services); every other one is covered by a co-insurance scheme with an annual limit, so half
 * the invoices are split line by line and read the member's year so far under its lock.
 *
 * Two loads on the built server: `burst`, the 20 cashiers sending at the same instant, round
 * after round (the "20 at once"); and `saturation`, the 20 back to back without pause
 * (the ceiling: every invoice of the year queues on its series row from its number to its
 * commit). Afterwards the year's series is checked: 1..n without a gap or a repeat, n = the
 * invoices made.
 */
const CASHIERS = 20;
const CHARGES = 40;

async function seed(db: Knex, patients: number): Promise<{ tokens: string[]; visits: Array<{ patientId: string; visitId: string }> }> {
  await db('hospital_settings').update({ time_zone: 'Africa/Nairobi', name: 'Bench Hospital' });
  const supervisor = await createTestUser(db, 'bench.billing.supervisor', ['billing_supervisor']);
  const department = await insertTestDepartment(db, 'OPD', 'Outpatients');
  await db.raw(`insert into billing_services (code, name, category, created_at, created_by)
    select 'SVC-' || lpad(g::text, 2, '0'), 'Service ' || g, (array['consultation', 'lab', 'procedure', 'drug'])[1 + g % 4], now(), ? from generate_series(1, ?) g`, [supervisor.id, CHARGES]);
  const cash: { id: string } = await db('billing_payers').where({ kind: 'cash' }).first('id');
  await db.raw(`insert into billing_prices (service_code, payer_id, price_minor, effective_from, set_at, set_by)
    select code, ?, 1000 + 250 * row_number() over (order by code), now() - interval '1 day', now(), ? from billing_services`, [cash.id, supervisor.id]);
  const [payer] = (await db('billing_payers').insert({ code: 'BENCHINS', name: 'Bench Insurance', kind: 'insurance' }).returning('id')) as Array<{ id: string }>;
  const [scheme] = (await db('billing_schemes').insert({ payer_id: payer!.id, code: 'BENCH-STD', created_at: new Date() }).returning('id')) as Array<{ id: string }>;
  await db('billing_scheme_versions').insert({
    scheme_id: scheme!.id, version: 1, name: 'Standard', rule_kind: 'coinsurance', patient_basis_points: 1_000, annual_limit_minor: 100_000_000,
    excluded_services: ['SVC-07'], excluded_categories: [], pre_authorisation_required: false, active: true, saved_at: new Date(), saved_by: supervisor.id,
  });
  await db.raw(`insert into patients (mrn, given_name, family_name, sex, birth_date)
    select 'INV-' || lpad(g::text, 7, '0'), 'Given' || g, 'Family' || g, case when g % 2 = 0 then 'F' else 'M' end, date '1970-01-01' + (g % 15000) from generate_series(1, ?) g`, [patients]);
  await db.raw(`insert into visits (patient_id, department_id, visit_type, priority, service_date, token_number, token, arrived_at, queued_at, checked_in_at, updated_at)
    select id, ?, 'new', 'normal', current_date, row_number() over (order by mrn), 'B' || row_number() over (order by mrn), now(), now(), now(), now() from patients where mrn like 'INV-%'`, [department.id]);
  await db.raw(`insert into billing_coverages (patient_id, scheme_id, member_number, valid_from, recorded_at, recorded_by)
    select p.id, ?, 'BM-' || p.mrn, now() - interval '30 days', now(), ? from patients p where p.mrn like 'INV-%' and right(p.mrn, 1)::int % 2 = 0`, [scheme!.id, supervisor.id]);
  await db.raw(`insert into billing_charges (patient_id, visit_id, service_code, description, category, quantity, unit_price_minor, amount_minor, source, source_id, at, recorded_at, recorded_by)
    select v.patient_id, v.id, s.code, s.name, s.category, 1 + (s.n % 3), pr.price_minor, (1 + (s.n % 3)) * pr.price_minor, 'manual', gen_random_uuid()::text, now(), now(), ?
      from visits v cross join (select code, name, category, row_number() over (order by code) as n from billing_services) s
      join billing_prices pr on pr.service_code = s.code`, [supervisor.id]);
  const visits = (await db('visits').join('patients as p', 'p.id', 'visits.patient_id').where('p.mrn', 'like', 'INV-%').orderBy('p.mrn').select('visits.id as visitId', 'visits.patient_id as patientId')) as Array<{ patientId: string; visitId: string }>;
  const tokens: string[] = [];
  for (let i = 0; i < CASHIERS; i += 1) tokens.push(await createTestSession(db, (await createTestUser(db, `bench.cashier.${i}`, ['cashier'])).id));
  await db.raw('vacuum analyze');
  return { tokens, visits };
}

export const invoicesCreateBenchmark: Benchmark = {
  name: 'invoices-create',
  async run(options) {
    const rounds = options.quick ? 10 : 60;
    const saturationMs = options.quick ? 3_000 : 20_000;
    const database = await benchDatabase('hms_bench_invoices_create', { fresh: true });
    let seeded: Awaited<ReturnType<typeof seed>>;
    try {
      seeded = await seed(database.db, CASHIERS * rounds + (options.quick ? 1_000 : 5_000));
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    const clients = await Promise.all(Array.from({ length: CASHIERS }, () => TestClient.connect(server.wsUrl)));
    let next = 0;
    let errors = 0;
    let made = 0;
    const invoice = async (client: TestClient, samples: number[] | null) => {
      const visit = seeded.visits[next++];
      if (visit === undefined) throw new Error('the bench ran out of seeded visits');
      const sent = performance.now();
      try {
        const { invoice: issued } = await client.call('invoices.create', { patientId: visit.patientId, visitId: visit.visitId, kind: 'final' });
        if (issued.charges.length !== CHARGES) throw new Error(`an invoice of ${issued.charges.length} charges`);
        made += 1;
        samples?.push(performance.now() - sent);
      } catch (error) {
        errors += 1;
        if (errors > 20) throw error;
      }
    };
    try {
      await Promise.all(clients.map((client, index) => client.call('auth.resume', { token: seeded.tokens[index]!, workstationId: `cashier-${index}` })));
      for (let warm = 0; warm < 3; warm += 1) await Promise.all(clients.map((client) => invoice(client, null)));
      const loadBefore = loadAverage();
      const burst: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        await Promise.all(clients.map((client) => invoice(client, burst)));
        // Cashiers at windows: a moment between invoices.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const loadMiddle = loadAverage();
      const saturation: number[] = [];
      const started = performance.now();
      await Promise.all(clients.map(async (client) => {
        while (performance.now() - started < saturationMs) await invoice(client, saturation);
      }));
      const seconds = (performance.now() - started) / 1000;
      const db = createDatabase({ url: database.url, poolMax: 1, applicationName: 'hms-bench-check' });
      const series = await invoiceSeriesGaps(db).finally(() => db.destroy());
      if (series.gaps !== 0 || series.repeats !== 0 || series.invoices !== made) throw new Error(`invoice numbers not gapless: ${JSON.stringify({ ...series, made })}`);
      return {
        unit: 'ms round trip of invoices.create (a visit of 40 charges, half of them insured) on the built server',
        targets: { p95Ms: 30, cashiers: CASHIERS },
        burst: { rounds, invoices: burst.length, latencyMs: summarize(burst) },
        saturation: { invoices: saturation.length, throughputPerSecond: Math.round((saturation.length / seconds) * 10) / 10, latencyMs: summarize(saturation) },
        numbering: { ...series, made, gapless: true },
        errors,
        loadAverage: { before: loadBefore, middle: loadMiddle, after: loadAverage() },
      };
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await server.stop();
    }
  },
};

/** After the run: the year's invoice numbers are 1..n, one per invoice, with no gap. */
export async function invoiceSeriesGaps(db: Knex): Promise<{ invoices: number; gaps: number; repeats: number }> {
  const { rows } = await db.raw(`select count(*) as invoices, count(distinct sequence) as distinct_numbers, coalesce(max(sequence), 0) as max from billing_invoices group by series_key`);
  const row = (rows as Array<{ invoices: string; distinct_numbers: string; max: number }>)[0] ?? { invoices: '0', distinct_numbers: '0', max: 0 };
  return { invoices: Number(row.invoices), gaps: Number(row.max) - Number(row.distinct_numbers), repeats: Number(row.invoices) - Number(row.distinct_numbers) };
}
