import * as serverSupport from '@hms/server/test-support';
import { TestClient, createTestUser, insertTestEncounter, insertTestPatient } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabWorklistView } from '../../shared/lab/views.js';
import type { Host } from '../host.js';
import { startFakePrinter } from '../test-support/fake-printer.js';
import type { FakePrinter } from '../test-support/fake-printer.js';
import { readZpl } from '../test-support/zpl-read.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// The lab desk's host (specimen side) against the real server on real PostgreSQL: the worklist
// live from a doctor's order, a specimen found by its scanned barcode, the kept worklist offline;
// collection with a ZPL label per container captured on a loopback printer and read back,
// receipt, rejection and recollection, a walk-in, and collecting and labelling with the relay cut
// (accessions from this desk's block) replayed when it is back.

let stack: DeskStack<TestDatabase, TestServer>;
let doctorUser: TestUser;
let techUser: TestUser;
let doctor: TestClient;
let bench: TestClient;
let host: Host;
let printer: FakePrinter;
const worklists: LabWorklistView[] = [];

const call = <C extends keyof Host['handlers']>(channel: C, payload: Parameters<Host['handlers'][C]>[0]) => host.handlers[channel](payload as never) as ReturnType<Host['handlers'][C]>;

async function order(codes: string[]) {
  const encounter = await insertTestEncounter(stack.database.db, { doctorId: doctorUser.id });
  const created = await doctor.call('orders.create', { encounterId: encounter.id, items: codes.map((code) => ({ kind: 'lab' as const, code })) });
  return { ...created, patientId: encounter.patientId };
}

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'lab' });
  const { db } = stack.database;
  doctorUser = await createTestUser(db, 'dr.lab', ['doctor']);
  techUser = await createTestUser(db, 'tina.tech', ['lab_technician']);
  doctor = await TestClient.connect(stack.server.wsUrl);
  await doctor.signIn(doctorUser.username, doctorUser.password);
  // Another lab bench on its own socket, collecting beside the desk under test.
  bench = await TestClient.connect(stack.server.wsUrl);
  await bench.signIn(techUser.username, techUser.password);
  host = await stack.openHost({
    workstationId: 'LAB-DESK-1', user: techUser,
    onEvent: (event) => {
      if (event.event === 'lab.worklist') worklists.push(event.data);
    },
  });
  printer = await startFakePrinter();
  const settings = await host.handlers['settings.get']({});
  await host.handlers['settings.update']({ ...settings, labelPrinter: { kind: 'zpl', connection: { type: 'tcp', host: '127.0.0.1', port: printer.port }, dpi: 203, statusQuery: false } });
}, 60_000);

/** The labels printed since `from` jobs, read back. */
async function labelsSince(from: number, count: number) {
  await waitUntil(() => printer.jobs.length >= from + count, `${count} label(s) printed`);
  return printer.jobs.slice(from).flatMap((job) => readZpl(job.toString('utf8')));
}

afterAll(async () => {
  await doctor?.close();
  await bench?.close();
  await printer?.close();
  await stack?.stop();
}, 30_000);

describe('the lab desk host: the worklist', () => {
  it('follows the worklist live: a doctor\'s order arrives waiting for collection, and a collection at another bench shows its specimens', async () => {
    const first = await call('lab.worklist', {});
    expect(first).toMatchObject({ live: true, source: 'server' });
    const ordered = await order(['FBC', 'RBG']);
    await waitUntil(() => worklists.at(-1)?.entries.some((entry) => entry.orderId === ordered.orderId) === true, 'the order on the worklist');
    const waiting = worklists.at(-1)!.entries.find((entry) => entry.orderId === ordered.orderId)!;
    expect(waiting).toMatchObject({ requestId: null, accession: null, patientId: ordered.patientId, requestedBy: 'Test dr.lab', priority: 'routine' });
    expect(waiting.tests.map((test) => [test.code, test.section, test.status])).toEqual([['FBC', 'haematology', 'awaiting_collection'], ['RBG', 'chemistry', 'awaiting_collection']]);

    const { entry, specimens } = await bench.call('lab.collect', { orderId: ordered.orderId, containers: [{ container: 'edta', tests: ['FBC'] }, { container: 'fluoride', tests: ['RBG'] }] });
    await waitUntil(() => worklists.at(-1)?.entries.some((kept) => kept.requestId === entry.requestId && kept.specimens.length === 2) === true, 'the collection on the worklist');
    const kept = worklists.at(-1)!.entries.filter((candidate) => candidate.patientId === ordered.patientId);
    // The waiting order became its request: one entry, not two.
    expect(kept.map((candidate) => candidate.accession)).toEqual([entry.accession]);
    expect(kept[0]!.specimens.map((specimen) => [specimen.barcode, specimen.container, specimen.status])).toEqual([
      [specimens[0]!.barcode, 'edta', 'collected'], [specimens[1]!.barcode, 'fluoride', 'collected'],
    ]);

    const found = await call('lab.find', { code: specimens[1]!.barcode.toLowerCase() });
    expect(found).toMatchObject({ found: 'specimen', specimen: { barcode: specimens[1]!.barcode, tests: ['RBG'] }, entry: { requestId: entry.requestId } });
    expect(await call('lab.find', { code: entry.accession! })).toMatchObject({ found: 'request', entry: { requestId: entry.requestId } });
    // A mistyped digit fails the check digit before anything is looked up.
    const typo = `${entry.accession!.slice(0, 5)}${(Number(entry.accession![5]) + 1) % 10}${entry.accession!.slice(6)}-1`;
    expect((await call('lab.find', { code: typo })).found).toBe('none');
  });

  it('offline, answers the worklist and finds specimens from the copy kept here', async () => {
    const before = await call('lab.worklist', {});
    const barcode = before.entries.flatMap((entry) => entry.specimens)[0]!.barcode;
    await stack.cut(host);
    await waitUntil(() => worklists.at(-1)?.live === false, 'the worklist marked offline');
    const offline = await call('lab.worklist', {});
    expect(offline).toMatchObject({ live: false, source: 'cache' });
    expect(offline.entries.length).toBe(before.entries.length);
    expect(await call('lab.find', { code: barcode })).toMatchObject({ found: 'specimen', source: 'cache' });
    await stack.restore(host);
    await waitUntil(() => worklists.at(-1)?.live === true, 'live again');
  });
});

describe('the lab desk host: specimens', () => {
  it('plans the containers of an order, collects them and prints a label per container at once, with the barcode as Code 128; a reprint prints it again', async () => {
    const ordered = await order(['FBC', 'HB', 'RBG']);
    await waitUntil(() => worklists.at(-1)?.entries.some((entry) => entry.orderId === ordered.orderId) === true, 'the order on the worklist');
    const plan = await call('lab.collectionPlan', { orderId: ordered.orderId });
    expect(plan.groups).toEqual([{ container: 'edta', tests: ['FBC', 'HB'] }, { container: 'fluoride', tests: ['RBG'] }]);

    const jobs = printer.jobs.length;
    const collected = await call('lab.collect', { orderId: ordered.orderId, containers: plan.groups });
    expect(collected.status).toBe('applied');
    expect('printed' in collected.labels && collected.labels.printed.map((outcome) => outcome.role)).toEqual(['label', 'label']);
    const accession = collected.entry.accession!;
    const labels = await labelsSince(jobs, 2);
    const patient = plan.entry;
    expect(labels.map((label) => label.code128.map((barcode) => barcode.data))).toEqual([[`${accession}-1`], [`${accession}-2`]]);
    expect(labels[0]!.texts.slice(0, 5)).toEqual([patient.patientName, `MRN ${patient.mrn}`, `${accession}-1`, 'FBC HB', 'EDTA (purple)']);
    expect(labels[1]!.texts.slice(2, 5)).toEqual([`${accession}-2`, 'RBG', 'Fluoride oxalate (grey)']);
    expect(labels[1]!.texts[5]).toMatch(/^Coll \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}$/);
    const stored = await stack.database.db('lab_specimens').where({ request_id: collected.entry.requestId }).orderBy('barcode').pluck('barcode');
    expect(stored).toEqual([`${accession}-1`, `${accession}-2`]);

    const again = printer.jobs.length;
    await call('lab.printLabels', { barcodes: [`${accession}-2`] });
    expect((await labelsSince(again, 1)).map((label) => label.code128[0]!.data)).toEqual([`${accession}-2`]);
  });

  it('receives scanned tubes, rejects a haemolysed one with its reason, and the recollection gets a new container of the same accession', async () => {
    const ordered = await order(['UE']);
    await waitUntil(() => worklists.at(-1)?.entries.some((entry) => entry.orderId === ordered.orderId) === true, 'the order on the worklist');
    const collected = await call('lab.collect', { orderId: ordered.orderId, containers: [{ container: 'serum', tests: ['UE'] }] });
    const [tube] = collected.specimens;
    const received = await call('lab.receive', { barcodes: [tube!.barcode] });
    expect(received).toMatchObject({ status: 'applied', specimens: [{ barcode: tube!.barcode, status: 'received' }] });
    await expect(call('lab.receive', { barcodes: [tube!.barcode] })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'already_received' } });

    const rejected = await call('lab.reject', { barcode: tube!.barcode, reason: 'haemolysed', note: 'pink serum' });
    expect(rejected).toMatchObject({ status: 'applied', specimens: [{ status: 'rejected', rejectionReason: 'haemolysed', rejectionNote: 'pink serum' }] });
    await waitUntil(() => worklists.at(-1)?.entries.find((entry) => entry.requestId === collected.entry.requestId)?.tests[0]?.status === 'awaiting_collection', 'waiting for a recollection');
    const plan = await call('lab.collectionPlan', { requestId: collected.entry.requestId! });
    expect(plan.groups).toEqual([{ container: 'serum', tests: ['UE'] }]);
    const recollected = await call('lab.collect', { requestId: collected.entry.requestId!, containers: plan.groups });
    expect(recollected.specimens.map((specimen) => [specimen.barcode, specimen.recollectionOf])).toEqual([[`${collected.entry.accession}-2`, tube!.id]]);
  });

  it('registers a walk-in with its referring clinician, and it reaches the worklist to collect', async () => {
    const patient = await insertTestPatient(stack.database.db, { givenName: 'Baraka', familyName: 'Otieno', birthDate: '1985-01-20' });
    const walkIn = await call('lab.registerWalkIn', { patientId: patient.id, patient: { name: 'Baraka Otieno', mrn: patient.mrn }, referringClinician: 'Dr Mwangi, Uhuru Clinic', priority: 'urgent', tests: ['MAL_RDT'] });
    expect(walkIn).toMatchObject({ status: 'applied', entry: { requestedBy: 'Dr Mwangi, Uhuru Clinic', priority: 'urgent', orderId: null, tests: [{ code: 'MAL_RDT', status: 'awaiting_collection' }] } });
    const plan = await call('lab.collectionPlan', { requestId: walkIn.entry.requestId! });
    expect(plan.groups).toEqual([{ container: 'edta', tests: ['MAL_RDT'] }]);
  });

  it('offline, collects and labels with an accession of this desk\'s block, and the collection replays on reconnect under that accession', async () => {
    expect((await call('lab.accessions', {})).remaining).toBeGreaterThanOrEqual(20);
    const ordered = await order(['FBC']);
    await waitUntil(() => worklists.at(-1)?.entries.some((entry) => entry.orderId === ordered.orderId) === true, 'the order on the worklist');
    const patient = await insertTestPatient(stack.database.db, { givenName: 'Chausiku', familyName: 'Mrema', birthDate: '1978-09-02' });
    await stack.cut(host);

    const jobs = printer.jobs.length;
    const collected = await call('lab.collect', { orderId: ordered.orderId, containers: [{ container: 'edta', tests: ['FBC'] }] });
    expect(collected.status).toBe('queued');
    const accession = collected.entry.accession!;
    const block = await stack.database.db('lab_accession_blocks').where({ workstation_id: 'LAB-DESK-1' }).first();
    expect(block).toBeDefined();
    const [label] = await labelsSince(jobs, 1);
    expect(label!.code128[0]!.data).toBe(`${accession}-1`);
    expect((await call('lab.worklist', {})).entries.find((entry) => entry.orderId === ordered.orderId)).toMatchObject({ accession, tests: [{ status: 'collected' }] });
    // A walk-in registered and collected offline too: its collection waits for its registration's id.
    const walkIn = await call('lab.registerWalkIn', { patientId: patient.id, patient: { name: 'Chausiku Mrema', mrn: patient.mrn }, referringClinician: 'Dr Njeri', priority: 'routine', tests: ['RBG'] });
    expect(walkIn.status).toBe('queued');
    const walkInCollected = await call('lab.collect', { requestId: walkIn.entry.requestId!, containers: [{ container: 'fluoride', tests: ['RBG'] }] });
    expect(walkInCollected.specimens[0]!.barcode).toBe(`${walkIn.entry.accession}-1`);
    expect(walkIn.entry.accession).not.toBe(accession);

    await stack.restore(host);
    await waitUntil(() => host.status().outbox.pending === 0, 'the outbox drained');
    const specimens = await stack.database.db('lab_specimens as s').join('lab_requests as r', 'r.id', 's.request_id').whereIn('r.accession', [accession, walkIn.entry.accession!]).orderBy('s.barcode').select('s.barcode', 'r.accession', 'r.order_id');
    expect(specimens.map((row: { barcode: string }) => row.barcode).sort()).toEqual([`${accession}-1`, `${walkIn.entry.accession}-1`].sort());
    expect(specimens.find((row: { accession: string }) => row.accession === accession)).toMatchObject({ order_id: ordered.orderId });
    expect((await call('outbox.list', {})).conflicts.filter((conflict) => conflict.resolvedAt === null)).toEqual([]);
    await waitUntil(() => worklists.at(-1)?.live === true && worklists.at(-1)!.entries.some((entry) => entry.accession === walkIn.entry.accession && entry.specimens.length === 1 && entry.requestId !== walkIn.entry.requestId), 'the server\'s requests on the worklist');
  });
});
