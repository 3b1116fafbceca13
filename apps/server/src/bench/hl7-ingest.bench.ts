import type { Knex } from 'knex';
import { createDatabase } from '../db/connect.js';
import { MllpSender } from '../interfaces/simulator/mllp-sender.js';
import { freePort, startServerProcess } from '../test-support/server-process.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { loadAverage } from './machine.js';
import { round, summarize } from './stats.js';

/**
 * HL7 ingest over MLLP (issue 14: ORU^R01 with 10 OBX, persisted before ACK, >= 2,000
 * messages/s with 4 concurrent senders, p99 ACK latency reported). Four analyzers, each on its
 * own connection and one message in flight as MLLP has it, against the built server process:
 * - `stored`: the codes are not mapped, so each message is parsed, deduplicated and committed
 *   with its ACK (status parsed): the store-before-ACK path alone;
 * - `applied`: every code maps, so each message is also checked against the lab's orders
 *   before its ACK (AE if refused), and after the ACK its 10 results are entered on a received
 *   specimen of its own (unit, range, flag, audit row): `applied.ack` is the senders' view,
 *   `applied.entered` the rate at which the results reach the specimens (first send to the
 *   last message `applied`).
 */
const SENDERS = 4;
/** Analyzer code -> test and analyte: 10 OBX over five of the catalogue's lab tests. */
const PANEL = [
  { code: 'HGB', test: 'FBC', analyte: 'HGB', type: 'NM', value: '128', unit: 'g/L' },
  { code: 'WBC', test: 'FBC', analyte: 'WBC', type: 'NM', value: '7.4', unit: '10*9/L' },
  { code: 'PLT', test: 'FBC', analyte: 'PLT', type: 'NM', value: '245', unit: '10*9/L' },
  { code: 'NA', test: 'UE', analyte: 'NA', type: 'NM', value: '140', unit: 'mmol/L' },
  { code: 'K', test: 'UE', analyte: 'K', type: 'NM', value: '4.1', unit: 'mmol/L' },
  { code: 'UREA', test: 'UE', analyte: 'UREA', type: 'NM', value: '5.0', unit: 'mmol/L' },
  { code: 'CREA', test: 'UE', analyte: 'CREAT', type: 'NM', value: '70', unit: 'umol/L' },
  { code: 'GLU', test: 'RBG', analyte: 'GLU', type: 'NM', value: '5.5', unit: 'mmol/L' },
  { code: 'CRE2', test: 'CREAT', analyte: 'CREAT', type: 'NM', value: '72', unit: 'umol/L' },
  { code: 'MAL', test: 'MAL_RDT', analyte: 'MAL_RDT', type: 'ST', value: 'Negative', unit: '' },
] as const;
const TESTS = [...new Set(PANEL.map((entry) => entry.test))];

function oru(controlId: string, accession: string): string {
  return [
    `MSH|^~\\&|BENCH-XN|Lab|||20260302090000||ORU^R01|${controlId}|P|2.5`,
    'PID|1||||^Bench^Patient||19800101|F',
    `OBR|1||${accession}|PANEL^Bench panel|||20260302085500`,
    ...PANEL.map((entry, index) => `OBX|${index + 1}|${entry.type}|${entry.code}^${entry.analyte}||${entry.value}|${entry.unit}|||||F`),
  ].join('\r') + '\r';
}

/** `specimens` walk-in requests, each with the five tests received on one specimen (B000000001-1 ...). */
async function seed(db: Knex, specimens: number, ports: { stored: number; applied: number }): Promise<{ stored: string; applied: string }> {
  const admin = await createTestUser(db, 'bench.admin', ['admin']);
  const tech = await createTestUser(db, 'bench.lab', ['lab_technician']);
  const now = new Date();
  const insertInterface = async (name: string, port: number) =>
    ((await db('interfaces')
      .insert({ name, protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, options: {}, enabled: true, created_at: now, created_by: admin.id, updated_at: now, updated_by: admin.id })
      .returning('id')) as { id: string }[])[0]!.id;
  const stored = await insertInterface('Bench analyzer (unmapped)', ports.stored);
  const applied = await insertInterface('Bench analyzer (mapped)', ports.applied);
  await db('interface_mappings').insert(PANEL.map((entry) => ({ interface_id: applied, analyzer_code: entry.code, test_code: entry.test, analyte: entry.analyte, unit: null, updated_at: now, updated_by: admin.id })));
  await db.transaction(async (trx) => {
    await trx.raw('set local statement_timeout = 0');
    await trx.raw(`insert into patients (mrn, given_name, family_name, sex, birth_date) select 'ING-' || lpad(g::text, 7, '0'), 'Given' || g, 'Family' || g, 'F', date '1980-01-01' from generate_series(1, ?) g`, [specimens]);
    await trx.raw(
      `insert into lab_requests (accession, patient_id, source, referring_clinician, priority, created_at, created_by, recorded_at)
       select 'B' || substr(p.mrn, 5), p.id, 'walk_in', 'Bench clinic', 'routine', now(), ?, now() from patients p where p.mrn like 'ING-%'`,
      [tech.id],
    );
    await trx.raw(
      `insert into lab_request_tests (request_id, code, name, section, status, status_at)
       select r.id, c.code, c.name, 'chemistry', 'received', now() from lab_requests r cross join order_catalogue c where r.accession like 'B%' and c.code = any(?)`,
      [TESTS],
    );
    await trx.raw(
      `insert into lab_specimens (request_id, barcode, container, status, collected_by, collected_at, received_by, received_at)
       select r.id, r.accession || '-1', 'edta', 'received', ?, now(), ?, now() from lab_requests r where r.accession like 'B%'`,
      [tech.id, tech.id],
    );
    await trx.raw(`insert into lab_specimen_tests (specimen_id, request_test_id) select s.id, t.id from lab_specimens s join lab_request_tests t on t.request_id = s.request_id where s.barcode like 'B%'`);
  });
  await db.raw('analyze');
  return { stored, applied };
}

/** The barcode of the n-th seeded specimen (1-based), as an analyzer reads it off the tube. */
const barcodeOf = (n: number) => `B${String(n).padStart(7, '0')}-1`;

async function connectWhenListening(port: number): Promise<MllpSender> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await MllpSender.connect(port);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Four senders, each sending its share one at a time; messages/s over the whole run and ACK latency. */
async function drive(port: number, perSender: number, message: (sender: number, index: number) => string) {
  const senders = await Promise.all(Array.from({ length: SENDERS }, () => connectWhenListening(port)));
  const samples: number[] = [];
  let notAccepted = 0;
  const started = performance.now();
  try {
    await Promise.all(
      senders.map(async (sender, s) => {
        for (let i = 0; i < perSender; i++) {
          const before = performance.now();
          const ack = await sender.send(message(s, i));
          samples.push(performance.now() - before);
          if (!ack.includes('\rMSA|AA|')) notAccepted++;
        }
      }),
    );
  } finally {
    for (const sender of senders) sender.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { messages: samples.length, seconds: round(seconds), messagesPerSecond: Math.round(samples.length / seconds), notAccepted, ackLatencyMs: summarize(samples) };
}

export const hl7IngestBenchmark: Benchmark = {
  name: 'hl7-ingest',
  async run(options) {
    const perSender = options.quick ? 200 : 2_500;
    // The lab's entry runs at tens of messages a second here: a full applied run is kept to minutes.
    const appliedPerSender = options.quick ? 200 : 500;
    const warmUp = 25;
    const total = SENDERS * perSender;
    const ports = { stored: await freePort(), applied: await freePort() };
    const database = await benchDatabase('hms_bench_ingest', { fresh: true });
    let ids: { stored: string; applied: string };
    try {
      ids = await seed(database.db, total + SENDERS * warmUp, ports);
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    const check = createDatabase({ url: database.url, poolMax: 2, applicationName: 'hms-bench-check' });
    try {
      const appliedRows = async () => Number(((await check('interface_messages').where({ interface_id: ids.applied, direction: 'in', status: 'applied' }).count<{ n: string }[]>('* as n')) as { n: string }[])[0]!.n);
      const allApplied = async (n: number) => {
        const deadline = Date.now() + 600_000;
        while ((await appliedRows()) < n && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      };
      const loadBefore = loadAverage();
      // What one commit costs on this machine now (fsync of the WAL, shared with everything else
      // the disk does): with one message in flight per sender, msg/s <= senders / ACK latency.
      await check.raw('create table bench_commit_probe (n int)');
      const commits: number[] = [];
      for (let i = 0; i < 50; i++) {
        const before = performance.now();
        await check.raw('insert into bench_commit_probe values (?)', [i]);
        commits.push(performance.now() - before);
      }
      // Warm-up (JIT, pools, the interface user): not counted, on specimens of their own.
      await drive(ports.stored, warmUp, (s, i) => oru(`W${s}-${i}`, barcodeOf(1)));
      await drive(ports.applied, warmUp, (s, i) => oru(`W${s}-${i}`, barcodeOf(total + s * warmUp + i + 1)));
      await allApplied(SENDERS * warmUp);
      const stored = await drive(ports.stored, perSender, (s, i) => oru(`S${s}-${i}`, barcodeOf(1)));
      const appliedStarted = performance.now();
      const appliedAck = await drive(ports.applied, appliedPerSender, (s, i) => oru(`A${s}-${i}`, barcodeOf(s * appliedPerSender + i + 1)));
      await allApplied(SENDERS * (appliedPerSender + warmUp));
      const enteredSeconds = (performance.now() - appliedStarted) / 1000;
      const applied = { ack: appliedAck, entered: { messages: SENDERS * appliedPerSender, seconds: round(enteredSeconds), messagesPerSecond: Math.round((SENDERS * appliedPerSender) / enteredSeconds) } };
      const loadAfter = loadAverage();
      // What the ACKs promised is in PostgreSQL: every message once, the mapped ones on their specimens.
      const count = async (query: Knex.QueryBuilder) => Number(((await query.count<{ n: string }[]>('* as n')) as { n: string }[])[0]!.n);
      const rows = {
        stored: await count(check('interface_messages').where({ interface_id: ids.stored, direction: 'in' })),
        applied: await count(check('interface_messages').where({ interface_id: ids.applied, direction: 'in', status: 'applied' })),
        // The analyzer's values (the server adds derived ones, such as eGFR from the creatinine).
        labResults: await count(check('lab_results').whereIn('analyte', PANEL.map((entry) => entry.analyte))),
      };
      const expected = { stored: total + SENDERS * warmUp, applied: SENDERS * (appliedPerSender + warmUp), labResults: SENDERS * (appliedPerSender + warmUp) * PANEL.length };
      if (rows.stored !== expected.stored || rows.applied !== expected.applied || rows.labResults !== expected.labResults) {
        throw new Error(`hl7-ingest: rows in PostgreSQL ${JSON.stringify(rows)} where ${JSON.stringify(expected)} were ACKed`);
      }
      return {
        unit: 'ORU^R01 with 10 OBX over MLLP from 4 concurrent senders (one message in flight each), ACK written after the group commit; latency = send to ACK at the sender; applied.entered = results on the specimens (after the ACK)',
        senders: SENDERS,
        obxPerMessage: PANEL.length,
        targets: { messagesPerSecond: 2_000 },
        stored,
        applied,
        rowsChecked: rows,
        commitMs: summarize(commits),
        loadAverage: { before: loadBefore, after: loadAfter },
      };
    } finally {
      await check.destroy();
      await server.stop();
    }
  },
};
