import { GROUP_SEPARATOR, gtinCheckDigit } from '@hms/core';
import type { ParamsIn } from '@hms/core';
import {
  TcpProxy, TestClient, addDoctorToDepartment, createTestDatabase, createTestUser, drugIdByCode, insertTestDepartment, insertTestPatient, insertTestStock, insertTestVisit, startTestServer, stockLocationId,
} from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorklistView } from '../../shared/pharmacy/views.js';
import type { Host } from '../host.js';
import { createNodeHost } from '../node/create-host.js';
import { startFakePrinter } from '../test-support/fake-printer.js';
import type { FakePrinter } from '../test-support/fake-printer.js';
import { waitUntil } from '../test-support/wait.js';
import type { PharmacyDesk } from './pharmacy-desk.js';

// The pharmacy desk's host against the real server on real PostgreSQL: goods received by
// scanning GS1 codes, the worklist live from a doctor's prescription, the dispense screen's
// FEFO pick and pack checks, refusals, a partial dispense with its label captured on a
// loopback ZPL printer, and a dispense made offline (the relay cut) replayed when it is back.

let database: TestDatabase;
let server: TestServer;
let proxy: TcpProxy;
let printer: FakePrinter;
let dir: string;
let pharmacist: TestUser;
let doctorUser: TestUser;
let doctor: TestClient;
let host: Host;
let amoxicillinId: string;
let dispensaryId: string;
const worklists: WorklistView[] = [];
const patient = { id: '', mrn: '', name: 'Amina Yusuf' };

/** A GTIN-14 with its check digit, from 13 digits. */
const gtin14 = (payload: string) => `${payload}${gtinCheckDigit(payload)}`;
const GTIN = gtin14('0506000000001');
const yymmdd = (iso: string) => iso.slice(2).replace(/-/g, '');
/** What a 2D scanner sends for a pack: the ]d2 prefix, GS after the variable-length batch. */
const scanOf = (gtin: string, expiry: string, batch: string, serial: string) => `]d201${gtin}17${yymmdd(expiry)}10${batch}${GROUP_SEPARATOR}21${serial}`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const EARLY = { batch: 'AMX-E1', expiry: inDays(120) };
const LATE = { batch: 'AMX-L2', expiry: inDays(540) };

const call = <C extends keyof Host['handlers']>(channel: C, payload: Parameters<Host['handlers'][C]>[0]) => host.handlers[channel](payload as never) as ReturnType<Host['handlers'][C]>;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ db: database.db, databaseUrl: database.url });
  proxy = await TcpProxy.start('127.0.0.1', server.app.port);
  printer = await startFakePrinter();
  dir = await mkdtemp(join(tmpdir(), 'hms-pharmacy-'));
  pharmacist = await createTestUser(database.db, 'phil.pharmacist', ['pharmacist']);
  doctorUser = await createTestUser(database.db, 'dr.otieno', ['doctor']);
  doctor = await TestClient.connect(server.wsUrl);
  await doctor.signIn(doctorUser.username, doctorUser.password);
  amoxicillinId = await drugIdByCode(database.db, 'amoxicillin-500mg-capsule');
  dispensaryId = await stockLocationId(database.db, 'DISP');
  const made = await insertTestPatient(database.db, { givenName: 'Amina', familyName: 'Yusuf', birthDate: '1990-04-12' });
  Object.assign(patient, { id: made.id, mrn: made.mrn });
  host = createNodeHost({
    dataDir: join(dir, 'desk'),
    defaults: { serverUrl: `http://127.0.0.1:${proxy.port}`, workstationId: 'pharmacy-1', hospitalName: 'St. Mary Hospital' },
    version: 'test',
    backoff: { baseMs: 50, capMs: 200 },
    pingIntervalMs: 0,
  });
  host.onEvent((event) => {
    if (event.event === 'pharmacy.worklist') worklists.push(event.data);
  });
  await host.start();
  await waitUntil(() => host.status().connection.state === 'connected', 'connected');
  await host.handlers['session.signIn']({ username: pharmacist.username, password: pharmacist.password });
  const settings = await host.handlers['settings.get']({});
  await host.handlers['settings.update']({ ...settings, labelPrinter: { kind: 'zpl', connection: { type: 'tcp', host: '127.0.0.1', port: printer.port }, dpi: 203, statusQuery: false } });
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await doctor?.close();
  await printer?.close();
  await proxy?.stop();
  await server?.stop();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** The doctor sees the patient (a waiting visit called by starting it) and prescribes amoxicillin 500 mg three times a day for 5 days: 15 capsules. */
async function prescribe(): Promise<{ id: string; number: string; itemId: string }> {
  const department = await insertTestDepartment(database.db, undefined, `Outpatients ${randomUUID().slice(0, 4)}`);
  await addDoctorToDepartment(database.db, doctorUser.id, department.id);
  const visit = await insertTestVisit(database.db, { patientId: patient.id, departmentId: department.id });
  const { encounter } = await doctor.call('encounters.start', { visitId: visit.id, encounterId: randomUUID() });
  const item: ParamsIn<'prescriptions.create'>['items'][number] = { drugId: amoxicillinId, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'tds', durationDays: 5, quantity: 15, instructions: 'Finish the course.' };
  const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [item] });
  return { id: prescription.id, number: prescription.number, itemId: prescription.items[0]!.id };
}

const desk = () => host.desks.pharmacy as PharmacyDesk;
let rx: { id: string; number: string; itemId: string };
let expired: { batchId: string; batchNumber: string };

describe('the pharmacy desk against the real server', () => {
  it('receives two batches of amoxicillin by scanning their GS1 codes: GTIN, batch and expiry come from the scan', async () => {
    const { grn, lines } = await call('pharmacy.receive', {
      locationId: dispensaryId, supplier: 'Kenya Medical Supplies Authority',
      lines: [
        { itemId: amoxicillinId, scan: scanOf(GTIN, LATE.expiry, LATE.batch, 'S1'), quantity: 200, unitCostMinor: 1200 },
        { scan: scanOf(GTIN, EARLY.expiry, EARLY.batch, 'S2'), quantity: 12, unitCostMinor: 1200 },
      ],
    });
    expect(grn.number).toMatch(/^GRN-/);
    expect(lines.map((line) => [line.item.id, line.batch.gtin, line.batch.batchNumber, line.batch.expiry])).toEqual([
      [amoxicillinId, GTIN, LATE.batch, LATE.expiry], [amoxicillinId, GTIN, EARLY.batch, EARLY.expiry],
    ]);
    // An expired pack cannot be received; the shelf's expired batch is put there by the fixture.
    expired = await insertTestStock(database.db, { drugCode: 'amoxicillin-500mg-capsule', location: 'DISP', quantity: 30, expiry: inDays(-10), batchNumber: 'AMX-OLD' });
    const onHand = await call('pharmacy.onHand', {});
    const amox = onHand.items.find((item) => item.item.id === amoxicillinId)!;
    expect(amox.batches.map((batch) => [batch.batchNumber, batch.onHand, batch.expired])).toEqual([[EARLY.batch, 12, false], [LATE.batch, 200, false], ['AMX-OLD', 30, true]]);
    expect(amox.usable).toBe(212);
  });

  it('shows a doctor\'s new prescription on the worklist by its event, and finds it by its RX- number, its id, or the patient', async () => {
    const before = await call('pharmacy.worklist', { query: '' });
    expect(before.live).toBe(true);
    const seen = worklists.length;
    rx = await prescribe();
    await waitUntil(() => worklists.slice(seen).some((list) => list.entries.some((entry) => entry.prescriptionId === rx.id)), 'the prescription pushed to the worklist', 5_000);
    const entry = worklists.at(-1)!.entries.find((candidate) => candidate.prescriptionId === rx.id)!;
    expect(entry).toMatchObject({ number: rx.number, status: 'open', patient: { mrn: patient.mrn, name: patient.name }, items: [{ outstanding: 15, prescribed: 15 }] });
    expect((await call('pharmacy.find', { code: rx.number })).entries.map((found) => found.prescriptionId)).toEqual([rx.id]);
    expect((await call('pharmacy.find', { code: rx.id })).entries.map((found) => found.prescriptionId)).toEqual([rx.id]);
    expect((await call('pharmacy.worklist', { query: 'yusuf' })).entries.map((found) => found.prescriptionId)).toEqual([rx.id]);
    expect((await call('pharmacy.worklist', { query: 'nobody-like-this' })).entries).toEqual([]);
  });

  it('shows the server\'s FEFO pick and checks a scanned pack against the prescription', async () => {
    const view = await call('pharmacy.prepare', { prescriptionId: rx.id });
    const line = view.lines[0]!;
    const early = line.batches.find((batch) => batch.batchNumber === EARLY.batch)!;
    expect(line.fefoBatchId).toBe(early.batchId);
    expect(line.gtins).toEqual([GTIN]);
    expect((await call('pharmacy.verify', { prescriptionId: rx.id, scan: scanOf(GTIN, EARLY.expiry, EARLY.batch, 'S9') }))).toMatchObject({ ok: true, batchId: early.batchId });
    const later = await call('pharmacy.verify', { prescriptionId: rx.id, scan: scanOf(GTIN, LATE.expiry, LATE.batch, 'S8') });
    expect(later).toMatchObject({ ok: true, message: expect.stringContaining('not the first to expire') });
    const wrong = await call('pharmacy.verify', { prescriptionId: rx.id, scan: scanOf(gtin14('0506000000099'), LATE.expiry, LATE.batch, 'S7') });
    expect(wrong).toMatchObject({ ok: false, message: expect.stringContaining('Wrong product') });
  });

  it('refuses an expired batch with the server\'s message, and another batch without a reason; nothing is written', async () => {
    const refused = await call('pharmacy.dispense', { prescriptionId: rx.id, lines: [{ prescriptionItemId: rx.itemId, quantity: 5, batchId: expired.batchId, reason: 'Shelf nearest the counter' }] }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'batch_expired' } });
    expect((refused as Error).message).toContain('expired');
    const late = (await call('pharmacy.prepare', { prescriptionId: rx.id })).lines[0]!.batches.find((batch) => batch.batchNumber === LATE.batch)!;
    const noReason = await call('pharmacy.dispense', { prescriptionId: rx.id, lines: [{ prescriptionItemId: rx.itemId, quantity: 5, batchId: late.batchId }] }).catch((error: unknown) => error);
    expect(noReason).toMatchObject({ code: 'CONFLICT', details: { reason: 'reason_required' } });
    expect(await database.db('dispensations').where({ prescription_id: rx.id }).count('* as n')).toEqual([{ n: 0 }]);
  });

  it('dispenses 10 of 15 from the earlier expiry, prints the label at once (ZPL captured), and leaves 5 on the worklist', async () => {
    const jobs = printer.jobs.length;
    const outcome = await call('pharmacy.dispense', { prescriptionId: rx.id, lines: [{ prescriptionItemId: rx.itemId, quantity: 10 }] });
    if (outcome.status !== 'applied') throw new Error('expected the dispense to be sent');
    expect(outcome.result.dispensation.lines.map((line) => [line.batchNumber, line.quantity, line.chosenBy])).toEqual([[EARLY.batch, 10, 'fefo']]);
    expect(outcome.result.prescription).toMatchObject({ status: 'partial', items: [{ dispensed: 10, outstanding: 5 }] });
    expect(outcome.labels).toMatchObject({ printed: [{ role: 'label' }] });
    await waitUntil(() => printer.jobs.length === jobs + 1, 'the label job');
    const zpl = printer.jobs.at(-1)!.toString('utf8');
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl).toContain('^PW400');
    expect(zpl).toContain('^LL200');
    for (const text of [patient.name, `MRN ${patient.mrn}  ${rx.number}`, 'Amoxicillin 500 mg capsules', 'Take 1 capsule (500 mg) by mouth three times a day for 5 days.', 'Finish the course.', 'Qty 10 (ten) capsules', `Batch ${EARLY.batch}  Exp ${EARLY.expiry}`]) {
      expect(zpl).toContain(`^FD${text}`);
    }
    // Dispensed when and where: the hospital as the server names it, and the dispensary.
    expect(zpl).toMatch(/\^FD\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d {2}.+, Dispensary\^FS/);
    const rows: Array<{ quantity: number }> = await database.db('stock_balances').where({ batch_id: outcome.result.dispensation.lines[0]!.batchId }).select('quantity');
    expect(rows).toEqual([{ quantity: 2 }]);
    await waitUntil(() => worklists.at(-1)?.entries.find((entry) => entry.prescriptionId === rx.id)?.items[0]?.outstanding === 5, 'the worklist to show 5 outstanding');
  });

  it('dispenses offline from the kept worklist and stock picture, labels and all; on replay the server posts the shortfall as a discrepancy', async () => {
    const jobs = printer.jobs.length;
    // The dispense's stock event brought the kept picture up to date (the earlier batch has 2 left).
    const keptEarly = () => desk().store.stock()?.items.find((item) => item.item.id === amoxicillinId)?.batches.find((batch) => batch.batchNumber === EARLY.batch)?.onHand;
    await waitUntil(() => keptEarly() === 2, 'the kept stock picture to follow the dispense');
    proxy.cut();
    await waitUntil(() => host.status().connection.state === 'offline', 'offline');
    await waitUntil(() => worklists.at(-1)?.live === false, 'the worklist to say it is not live');
    // Scanned at the counter while the LAN is down: found on the kept worklist.
    expect((await call('pharmacy.find', { code: rx.number })).entries).toMatchObject([{ prescriptionId: rx.id, items: [{ outstanding: 5 }] }]);
    const view = await call('pharmacy.prepare', { prescriptionId: rx.id });
    expect(view.source).toBe('cache');
    // What the server would refuse online is refused here too, nothing queued: the expired batch, another batch without a reason.
    const pending = host.status().outbox.pending;
    const expiredOffline = await call('pharmacy.dispense', { prescriptionId: rx.id, lines: [{ prescriptionItemId: rx.itemId, quantity: 5, batchId: expired.batchId, reason: 'Nearest the counter' }] }).catch((error: unknown) => error);
    expect(expiredOffline).toMatchObject({ code: 'CONFLICT', details: { reason: 'batch_expired' }, message: expect.stringContaining('AMX-OLD expired on') });
    const late = view.lines[0]!.batches.find((batch) => batch.batchNumber === LATE.batch)!;
    const noReasonOffline = await call('pharmacy.dispense', { prescriptionId: rx.id, lines: [{ prescriptionItemId: rx.itemId, quantity: 5, batchId: late.batchId }] }).catch((error: unknown) => error);
    expect(noReasonOffline).toMatchObject({ code: 'CONFLICT', details: { reason: 'reason_required' } });
    expect(host.status().outbox.pending).toBe(pending);
    expect(printer.jobs.length).toBe(jobs);
    // The books are the server's: a discrepancy is not resolved offline.
    await expect(call('pharmacy.resolveDiscrepancy', { discrepancyId: randomUUID(), counted: 1, note: 'Counted' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    // The kept picture says 2 of the earlier batch are left: FEFO takes it, and the pharmacist hands out 5 from that box.
    expect(view.lines[0]!.batches.find((batch) => batch.batchId === view.lines[0]!.fefoBatchId)).toMatchObject({ batchNumber: EARLY.batch, onHand: 2 });
    const outcome = await call('pharmacy.dispense', { prescriptionId: rx.id, lines: [{ prescriptionItemId: rx.itemId, quantity: 5 }] });
    expect(outcome.status).toBe('queued');
    expect(outcome.labels).toMatchObject({ printed: [{ role: 'label' }] });
    await waitUntil(() => printer.jobs.length === jobs + 1, 'the offline label');
    expect(printer.jobs.at(-1)!.toString('utf8')).toContain(`^FDBatch ${EARLY.batch}  Exp ${EARLY.expiry}^FS`);
    // Fully dispensed as far as this desk knows: off the kept worklist.
    expect((await call('pharmacy.worklist', { query: '' })).entries.some((entry) => entry.prescriptionId === rx.id)).toBe(false);
    expect(await database.db('dispensations').where({ prescription_id: rx.id }).count('* as n')).toEqual([{ n: 1 }]);

    // Meanwhile the later batch's units are written off at the server (found damaged): the replay,
    // which would run on into it, finds no batch to cover the 3 units the books lack.
    const books = await TestClient.connect(server.wsUrl);
    await books.signIn(pharmacist.username, pharmacist.password);
    await books.call('stock.adjust', { locationId: await stockLocationId(database.db, 'DISP'), reason: 'damaged', note: 'Carton crushed in the flood', lines: [{ batchId: late.batchId, quantity: -200 }] });
    await books.close();
    proxy.restore();
    await waitUntil(() => host.status().outbox.pending === 0, 'the outbox to drain', 15_000);
    const rows: Array<{ offline: boolean }> = await database.db('dispensations').where({ prescription_id: rx.id }).orderBy('recorded_at').select('offline');
    expect(rows.map((row) => row.offline)).toEqual([false, true]);
    const discrepancies: Array<{ quantity: number; status: string }> = await database.db('stock_discrepancies').select('quantity', 'status');
    expect(discrepancies).toEqual([{ quantity: 3, status: 'open' }]);
    await waitUntil(() => worklists.at(-1)?.live === true, 'the worklist live again');
    expect(worklists.at(-1)!.entries.some((entry) => entry.prescriptionId === rx.id)).toBe(false);
  });
  it('lists the shortfall as a discrepancy beside what the books hold now, and resolves it from a shelf count with a count correction', async () => {
    const [open] = await call('pharmacy.discrepancies', { status: 'open' });
    expect(open).toMatchObject({ itemName: 'Amoxicillin 500 mg capsule', unit: 'capsule', locationName: expect.any(String), bookNow: 0, expiry: EARLY.expiry, discrepancy: { batchNumber: EARLY.batch, quantity: 3, status: 'open' } });
    const discrepancyId = open!.discrepancy.id;
    // The discrepancy names who the offline dispense went to.
    expect(open!.discrepancy).toMatchObject({ prescription: { id: rx.id, number: rx.number }, patient: { mrn: expect.any(String) } });
    const resolved = await call('pharmacy.resolveDiscrepancy', { discrepancyId, counted: 1, note: 'One capsule left in the box: the carton held more than the books.' });
    expect(resolved.correction).toBe(1);
    const movements: Array<{ kind: string; reason: string; quantity: number }> = await database.db('stock_ledger').where({ document_type: 'adjustment', document_id: resolved.adjustmentId }).select('kind', 'reason', 'quantity');
    expect(movements).toEqual([{ kind: 'adjustment', reason: 'count_correction', quantity: 1 }]);
    expect(await call('pharmacy.discrepancies', { status: 'open' })).toEqual([]);
    expect((await call('pharmacy.discrepancies', { status: 'resolved' })).map((view) => [view.discrepancy.id, view.discrepancy.resolution, view.bookNow])).toEqual([
      [discrepancyId, 'One capsule left in the box: the carton held more than the books.', 1],
    ]);
    await expect(call('pharmacy.resolveDiscrepancy', { discrepancyId, counted: 2, note: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'discrepancy_not_open' } });
  });
  it('closes a discrepancy whose shelf count agrees with the books without posting anything', async () => {
    const stock = await insertTestStock(database.db, { drugCode: 'amoxicillin-500mg-capsule', location: 'DISP', quantity: 2, expiry: '2029-12-31' });
    const [row] = await database.db('stock_discrepancies').insert({
      kind: 'transit_shortfall', location_id: stock.locationId, item_id: stock.itemId, batch_id: stock.batchId, quantity: 1, document_type: 'transfer_request', document_id: randomUUID(), detected_at: new Date(),
    }).returning('id');
    const discrepancyId = (row as { id: string }).id;
    const ledger = await database.db('stock_ledger').count('* as n');
    expect(await call('pharmacy.resolveDiscrepancy', { discrepancyId, counted: 2, note: 'Two on the shelf, as the books say' })).toEqual({ adjustmentId: null, correction: 0 });
    expect(await database.db('stock_ledger').count('* as n')).toEqual(ledger);
    expect((await call('pharmacy.discrepancies', { status: 'resolved' })).find((view) => view.discrepancy.id === discrepancyId)?.discrepancy).toMatchObject({ outcome: 'no_variance', counted: 2 });
  });
  it('is for dispensers only: a doctor signed in at this workstation reads none of the kept worklist or stock, online or not', async () => {
    await host.handlers['session.signOut']({});
    await host.handlers['session.signIn']({ username: doctorUser.username, password: doctorUser.password });
    const refused = async (promise: Promise<unknown>) => expect(await promise.then(() => 'answered', (error: unknown) => error)).toMatchObject({ code: 'FORBIDDEN' });
    await refused(call('pharmacy.worklist', { query: '' }));
    await refused(call('pharmacy.find', { code: rx.number }));
    await refused(call('pharmacy.prepare', { prescriptionId: rx.id }));
    await refused(call('pharmacy.verify', { prescriptionId: rx.id, scan: scanOf(GTIN, EARLY.expiry, EARLY.batch, 'S1') }));
    await refused(call('pharmacy.dispense', { prescriptionId: rx.id, lines: [{ prescriptionItemId: rx.itemId, quantity: 1 }] }));
    await refused(call('pharmacy.discrepancies', { status: 'open' }));
    await refused(call('pharmacy.resolveDiscrepancy', { discrepancyId: randomUUID(), counted: 1, note: 'Counted' }));
    // Offline the server cannot refuse: the desk does, before it reads what it keeps.
    proxy.cut();
    await waitUntil(() => host.status().connection.state === 'offline', 'offline');
    await refused(call('pharmacy.find', { code: rx.number }));
    await refused(call('pharmacy.prepare', { prescriptionId: rx.id }));
    await refused(call('pharmacy.verify', { prescriptionId: rx.id, scan: scanOf(GTIN, EARLY.expiry, EARLY.batch, 'S1') }));
    proxy.restore();
  });
});
