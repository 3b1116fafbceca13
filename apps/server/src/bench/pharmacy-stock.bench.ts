import type { Knex } from 'knex';
import { onHandAt } from '../stock/stock-queries.js';
import { createTestSession, insertTestDepartment } from '../test-support/front-desk.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TestClient } from '../test-support/test-client.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { runClosedLoop } from './load.js';
import { loadAverage } from './machine.js';
import { summarize } from './stats.js';

/**
 * Pharmacy stock (issue 12: with 1,000,000 ledger rows and 5,000 batches, `stock.onHand` p95
 * <= 5 ms and `dispensing.dispense` p95 <= 30 ms with 20 pharmacists at once). 500 formulary
 * drugs of 10 batches each; each batch has a receipt into the main store, 20 transfers to the
 * dispensary and 159 dispenses there (200 ledger rows a batch). The ledger is written with
 * triggers off and the balances summed from it once (the seed, not what is measured); the
 * bench checks they agree. 20,000 one-item prescriptions wait to be dispensed.
 */
const ITEMS = 500;
const BATCHES_PER_ITEM = 10;
const ROWS_PER_BATCH = 200;
const PRESCRIPTIONS = 20_000;
const PHARMACISTS = 20;
const DISPENSE_QUANTITY = 5;

interface Seeded {
  dispensary: string;
  itemIds: string[];
  tokens: string[];
  /** Per desk, the prescriptions it dispenses in turn: [prescriptionId, itemId]. */
  queues: Array<Array<[string, string]>>;
  ledgerRows: number;
  batches: number;
}

async function seed(db: Knex): Promise<Seeded> {
  await db('hospital_settings').update({ time_zone: 'Africa/Nairobi', name: 'Bench Hospital' });
  const storekeeper = await createTestUser(db, 'bench.storekeeper', ['storekeeper']);
  const doctor = await createTestUser(db, 'bench.doctor', ['doctor']);
  const pharmacists = await Promise.all(Array.from({ length: PHARMACISTS }, (_, i) => createTestUser(db, `bench.pharmacist.${i}`, ['pharmacist'])));
  const locationId = async (code: string) => ((await db('stock_locations').where({ code }).first('id')) as { id: string }).id;
  const [main, dispensary] = [await locationId('MAIN'), await locationId('DISP')];
  await db.raw(
    `insert into stock_items (id, kind, drug_id, code, name, unit, created_at)
     select id, 'drug', id, code, code, data ->> 'form', now() from (select * from drugs order by code limit ?) d`,
    [ITEMS],
  );
  const [grn] = await db('goods_received_notes').insert({ number: 'GRN-BENCH', supplier: 'Bench supplier', location_id: main, received_at: new Date(), received_by: storekeeper.id }).returning('id');
  const grnId = (grn as { id: string }).id;
  await db.raw(
    `insert into stock_batches (item_id, batch_number, expiry_date, supplier, unit_cost_minor, received_at, grn_id)
     select i.id, 'B' || lpad(k::text, 2, '0') || '-' || substr(i.id::text, 1, 6), current_date + 200 + k * 30 + (abs(hashtext(i.id::text)) % 30), 'Bench supplier', 100, now(), ?
       from stock_items i cross join generate_series(1, ?) k`,
    [grnId, BATCHES_PER_ITEM],
  );
  // The ledger with its triggers off (a superuser's session setting, this transaction only), then the balances from its sums.
  await db.transaction(async (trx) => {
    await trx.raw(`set local session_replication_role = replica`);
    await trx.raw(`set local statement_timeout = 0`);
    await trx.raw(
      `insert into stock_ledger (at, recorded_at, kind, item_id, batch_id, location_id, quantity, document_type, document_id, actor_id, unit_cost_minor)
       select now() - (? - r) * interval '1 minute', now(), m.kind, b.item_id, b.id, m.location_id, m.quantity, m.document_type, gen_random_uuid(), ?, m.unit_cost
         from stock_batches b
         cross join generate_series(1, ?) r
         cross join lateral (select
             case when r = 1 then 'receipt' when r <= 41 then (case when r % 2 = 0 then 'transfer_out' else 'transfer_in' end) else 'dispense' end as kind,
             case when r = 1 then ?::uuid when r <= 41 and r % 2 = 0 then ?::uuid else ?::uuid end as location_id,
             case when r = 1 then 10000 when r <= 41 then (case when r % 2 = 0 then -100 else 100 end) else -5 end as quantity,
             case when r = 1 then 'grn' when r <= 41 then 'transfer' else 'dispensation' end as document_type,
             case when r = 1 then 100 end as unit_cost) m`,
      [ROWS_PER_BATCH, storekeeper.id, ROWS_PER_BATCH, main, main, dispensary],
    );
    await trx.raw(
      `insert into stock_balances (location_id, item_id, batch_id, quantity)
       select location_id, item_id, batch_id, sum(quantity) from stock_ledger group by location_id, item_id, batch_id`,
    );
  });
  const department = await insertTestDepartment(db, 'OPD', 'Outpatients');
  await db.raw(
    `insert into patients (mrn, given_name, family_name, sex, birth_date)
     select 'PHARM-' || lpad(g::text, 6, '0'), 'Given' || g, 'Family' || g, 'F', date '1980-01-01' + g from generate_series(1, 200) g`,
  );
  await db.raw(
    `insert into visits (patient_id, department_id, visit_type, priority, status, service_date, token_number, token, arrived_at, queued_at, checked_in_at, called_at, served_by, updated_at)
     select p.id, ?, 'new', 'normal', 'in_consultation', current_date, row_number() over (order by p.mrn), 'OPD-' || row_number() over (order by p.mrn), now(), now(), now(), now(), ?, now()
       from patients p where p.mrn like 'PHARM-%'`,
    [department.id, doctor.id],
  );
  await db.raw(`insert into encounters (visit_id, patient_id, doctor_id, status, started_at) select id, patient_id, served_by, 'open', now() from visits`);
  await db.raw(
    `with e as (select id, patient_id, row_number() over (order by id) - 1 as n from encounters),
          i as (select id, row_number() over (order by id) - 1 as n from stock_items),
     written as (
       insert into prescriptions (number, patient_id, encounter_id, prescriber_id, rule_set_version, formulary_revision, alerts, created_at)
       select 'RX-P' || lpad(g::text, 6, '0'), e.patient_id, e.id, ?, 1, 1, '[]', now() - (? - g) * interval '1 second'
         from generate_series(1, ?) g join e on e.n = g % 200
       returning id, patient_id, number, created_at)
     insert into prescription_items (prescription_id, patient_id, position, drug_id, drug_version, generic, name, dose, dose_unit, route, frequency, duration_days, quantity, starts_at, ends_at)
     select w.id, w.patient_id, 0, d.id, 1, d.data ->> 'generic', d.code, 1, 'tablet', 'oral', 'bd', 5, ?, w.created_at, w.created_at + interval '5 days'
       from written w join i on i.n = substr(w.number, 5)::int % ? join drugs d on d.id = i.id`,
    [doctor.id, PRESCRIPTIONS, PRESCRIPTIONS, DISPENSE_QUANTITY, ITEMS],
  );
  await db.raw('analyze');
  const mismatched = Number(((await db.raw(
    `select count(*) as n from (select batch_id, location_id, sum(quantity) as q from stock_ledger group by 1, 2) l
       full join stock_balances b using (batch_id, location_id) where coalesce(l.q, 0) <> coalesce(b.quantity, 0)`,
  )).rows[0] as { n: string }).n);
  if (mismatched > 0) throw new Error('the seeded balances do not match the ledger');
  const rows: Array<{ prescription_id: string; id: string }> = await db('prescription_items').orderBy('prescription_id').select('prescription_id', 'id');
  const queues: Seeded['queues'] = Array.from({ length: PHARMACISTS }, () => []);
  rows.forEach((row, index) => queues[index % PHARMACISTS]!.push([row.prescription_id, row.id]));
  const tokens = await Promise.all(pharmacists.map((pharmacist) => createTestSession(db, pharmacist.id)));
  const itemIds = ((await db('stock_items').orderBy('id').select('id')) as Array<{ id: string }>).map((row) => row.id);
  const ledgerRows = Number(((await db('stock_ledger').count({ n: '*' })) as Array<{ n: string }>)[0]!.n);
  const batches = Number(((await db('stock_batches').count({ n: '*' })) as Array<{ n: string }>)[0]!.n);
  return { dispensary, itemIds, tokens, queues, ledgerRows, batches };
}

/** One desk asking as a pharmacist works: a read, a 20 ms pause (a socket may send 100 a second). */
async function paced(url: string, token: string, read: (client: TestClient, n: number) => Promise<void>, count: number) {
  const client = await TestClient.connect(url);
  try {
    await client.call('auth.resume', { token, workstationId: 'stock-desk-paced' });
    for (let i = 0; i < 50; i += 1) await read(client, i);
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const before = performance.now();
      await read(client, i);
      samples.push(performance.now() - before);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { reads: count, pauseMs: 20, latencyMs: summarize(samples) };
  } finally {
    await client.close();
  }
}

export const pharmacyStockBenchmark: Benchmark = {
  name: 'pharmacy-stock',
  async run(options) {
    const database = await benchDatabase('hms_bench_pharmacy', { fresh: true });
    let seeded: Seeded;
    let alone: ReturnType<typeof summarize>;
    let wholeLocation: { items: number; batches: number; latencyMs: ReturnType<typeof summarize> };
    try {
      const seedStarted = performance.now();
      seeded = await seed(database.db);
      process.stderr.write(`[bench] pharmacy-stock seeded in ${Math.round((performance.now() - seedStarted) / 1000)} s\n`);
      const samples: number[] = [];
      for (let i = 0; i < (options.quick ? 50 : 1_000); i += 1) {
        const before = performance.now();
        await onHandAt(database.db, seeded.dispensary, seeded.itemIds[i % seeded.itemIds.length], '2026-12-02');
        if (i >= 20) samples.push(performance.now() - before);
      }
      alone = summarize(samples);
      const whole: number[] = [];
      let shape = { items: 0, batches: 0 };
      for (let i = 0; i < (options.quick ? 3 : 20); i += 1) {
        const before = performance.now();
        const items = await onHandAt(database.db, seeded.dispensary, undefined, '2026-12-02');
        whole.push(performance.now() - before);
        shape = { items: items.length, batches: items.reduce((sum, item) => sum + item.batches.length, 0) };
      }
      wholeLocation = { ...shape, latencyMs: summarize(whole) };
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    try {
      const loadBefore = loadAverage();
      const onHand = async (client: TestClient, n: number) => {
        const { items } = await client.call('stock.onHand', { locationId: seeded.dispensary, itemId: seeded.itemIds[(n * 7919) % seeded.itemIds.length]! });
        if (items[0]?.batches.length !== BATCHES_PER_ITEM) throw new Error('the item should hold its seeded batches');
      };
      const oneDesk = await paced(server.wsUrl, seeded.tokens[0]!, onHand, options.quick ? 100 : 1_000);
      const resume = (client: TestClient, index: number) => client.call('auth.resume', { token: seeded.tokens[index]!, workstationId: `pharmacy-desk-${index}` }).then(() => undefined);
      // 20 desks reading about every 20 ms each: back to back a socket passes its 100 requests a second and is refused (RATE_LIMITED).
      const onHandDesks = await runClosedLoop({ url: server.wsUrl, connections: PHARMACISTS, warmupMs: options.quick ? 500 : 2_000, durationMs: options.quick ? 2_000 : 10_000, setup: resume, iteration: onHand, thinkMs: 20 });
      const next = seeded.queues.map(() => 0);
      const dispense = async (client: TestClient, index: number) => {
        const queue = seeded.queues[index]!;
        const [prescriptionId, prescriptionItemId] = queue[next[index]!++ % queue.length]!;
        const { prescription } = await client.call('dispensing.dispense', { prescriptionId, lines: [{ prescriptionItemId, quantity: DISPENSE_QUANTITY }] });
        if (prescription.status !== 'complete') throw new Error('the prescription should be dispensed in full');
      };
      // One pharmacist alone (the last desk's queue), paced: the write's own time, without 19 others queueing for the cores.
      const dispenseOneDesk = await paced(server.wsUrl, seeded.tokens[PHARMACISTS - 1]!, (client) => dispense(client, PHARMACISTS - 1), options.quick ? 50 : 300);
      // 20 pharmacists each dispensing about once a second (far busier than a dispensary), then back to back (what the cores can take).
      const dispenseDesks = await runClosedLoop({
        url: server.wsUrl, connections: PHARMACISTS, warmupMs: options.quick ? 500 : 2_000, durationMs: options.quick ? 2_000 : 10_000, setup: resume, iteration: dispense, thinkMs: 1_000,
      });
      const dispenseSaturated = await runClosedLoop({
        url: server.wsUrl, connections: PHARMACISTS, warmupMs: options.quick ? 500 : 2_000, durationMs: options.quick ? 2_000 : 10_000, setup: resume, iteration: dispense,
      });
      return {
        unit: 'stock.onHand of one item at the dispensary (10 batches in FEFO order); dispensing.dispense of a one-item prescription by FEFO, each a write with its ledger rows, audit and events',
        ledgerRows: seeded.ledgerRows,
        batches: seeded.batches,
        targets: { onHandP95Ms: 5, dispenseP95Ms: 30 },
        onHandInProcess: alone,
        onHandWholeDispensaryInProcess: wholeLocation,
        onHandOneDeskRoundTrip: oneDesk,
        onHandTwentyDesks: { thinkTimeMs: 20, ...onHandDesks },
        dispenseOneDeskRoundTrip: dispenseOneDesk,
        dispenseTwentyPharmacists: { thinkTimeMs: 1_000, ...dispenseDesks },
        dispenseTwentyPharmacistsBackToBack: dispenseSaturated,
        dispensed: next.reduce((sum, n) => sum + n, 0),
        loadAverage: { before: loadBefore, after: loadAverage() },
      };
    } finally {
      await server.stop();
    }
  },
};
