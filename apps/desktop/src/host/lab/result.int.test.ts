import * as serverSupport from '@hms/server/test-support';
import { TestClient, createTestUser, insertTestLabOrder } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultSheetView } from '../../shared/lab/result-views.js';
import type { LabWorklistView } from '../../shared/lab/views.js';
import { PrintDocumentSchema } from '../../shared/printing/documents.js';
import type { Host } from '../host.js';
import { renderPdf } from '../node/printing/pdf.js';
import { readPdf } from '../test-support/pdf-reader.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// The lab desk's result side against the real server on real PostgreSQL: a critical glucose
// entered at the grid (the server's unit, range and flag), validated, refused release for a
// technologist and released by the supervisor, the report read back from its PDF; results
// entered while the LAN is down queued and replayed; one for an order cancelled meanwhile in
// the conflicts inbox.

let stack: DeskStack<TestDatabase, TestServer>;
let doctorUser: TestUser;
let doctor: TestClient;
let bench: TestClient;
let tech: Host;
let supervisor: Host;
const sheetEvents: string[][] = [];
const worklists: LabWorklistView[] = [];

const on = (host: Host) => <C extends keyof Host['handlers']>(channel: C, payload: Parameters<Host['handlers'][C]>[0]) => host.handlers[channel](payload as never) as ReturnType<Host['handlers'][C]>;

/** A doctor's order collected and received at another bench: the request, ready for results. */
async function received(codes: Array<'RBG' | 'FBC'>, options: { receive: boolean } = { receive: true }) {
  const order = await insertTestLabOrder(stack.database.db, codes, doctorUser.id);
  const { entry, specimens } = await bench.call('lab.collect', { orderId: order.orderId, containers: codes.map((code) => ({ container: code === 'FBC' ? 'edta' as const : 'fluoride' as const, tests: [code] })) });
  if (options.receive) await bench.call('lab.receive', { barcodes: specimens.map((specimen) => specimen.barcode) });
  const test = (code: string) => entry.tests.find((candidate) => candidate.code === code)!;
  const barcode = (code: string) => specimens.find((specimen) => specimen.tests.includes(code))!.barcode;
  return { order, requestId: entry.requestId!, test, barcode, barcodes: specimens.map((specimen) => specimen.barcode) };
}

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'lab-results' });
  const { db } = stack.database;
  doctorUser = await createTestUser(db, 'dr.results', ['doctor']);
  const techUser = await createTestUser(db, 'tom.tech', ['lab_technician']);
  const supervisorUser = await createTestUser(db, 'sara.super', ['lab_supervisor']);
  doctor = await TestClient.connect(stack.server.wsUrl);
  await doctor.signIn(doctorUser.username, doctorUser.password);
  bench = await TestClient.connect(stack.server.wsUrl);
  await bench.signIn(techUser.username, techUser.password);
  tech = await stack.openHost({
    workstationId: 'LAB-BENCH-2', user: techUser,
    onEvent: (event) => {
      if (event.event === 'lab.resultSheet') sheetEvents.push(event.data.requestIds);
      if (event.event === 'lab.worklist') worklists.push(event.data);
    },
  });
  supervisor = await stack.openHost({ workstationId: 'LAB-OFFICE', user: supervisorUser, folder: 'supervisor' });
}, 60_000);

afterAll(async () => {
  await doctor?.close();
  await bench?.close();
  await stack?.stop();
}, 30_000);

describe('the lab desk host: results', () => {
  it('enters a critical glucose (the server flags it LL with the range in force), validates it, and only the supervisor releases it; the report PDF carries value, flag and range', async () => {
    const made = await received(['RBG']);
    const sheet = await on(tech)('lab.resultSheet', { requestId: made.requestId });
    expect(sheet).toMatchObject({ source: 'server', results: [], queued: [] });
    expect(sheet.entry.tests.map((test) => [test.code, test.status])).toEqual([['RBG', 'received']]);
    const entered = await on(tech)('lab.enterResults', { testId: made.test('RBG').id!, specimenBarcode: made.barcode('RBG'), results: [{ analyte: 'GLU', value: '1.9', comment: 'Repeated: same value.' }] });
    if (entered.status !== 'applied') throw new Error('expected the entry to be sent');
    expect(entered.results.map((result) => [result.analyte, result.value, result.unit, result.flag, result.range?.text, result.status])).toEqual([['GLU', '1.9', 'mmol/L', 'LL', expect.stringMatching(/^3\.9–7\.8/), 'entered']]);
    expect(entered.alerts).toHaveLength(1);
    expect(sheetEvents.some((ids) => ids.includes(made.requestId))).toBe(true);
    const glu = entered.results[0]!;

    // Nothing is released yet: the patient's report cannot be made; the lab's preliminary copy can.
    await expect(on(tech)('lab.reportDocument', { requestId: made.requestId, preliminary: false })).rejects.toMatchObject({ code: 'CONFLICT' });
    // The preliminary copy names the patient's sex and date of birth as the patient report does (lab.request's `patient`).
    await stack.database.db('patients').where({ id: made.order.patientId }).update({ sex: 'M', birth_date: '1990-04-12' });
    const preliminary = await on(tech)('lab.reportDocument', { requestId: made.requestId, preliminary: true });
    const preliminaryText = (await readPdf(await renderPdf(PrintDocumentSchema.parse(preliminary), { hospitalName: 'St. Mary Hospital', workstationId: 'LAB-BENCH-2', printedAt: 'now' }, 'PDF'))).text;
    expect(preliminaryText).toContain('LABORATORY REPORT — PRELIMINARY');
    expect(preliminaryText).toMatch(/\d+ years, M, born 12 Apr 1990/);

    const validated = await on(tech)('lab.validate', { resultIds: [glu.id] });
    expect(validated.results.map((result) => [result.status, result.validatedByName])).toEqual([['validated', expect.any(String)]]);
    // A technologist's desk refuses release before anything is sent; the server would too.
    await expect(on(tech)('lab.release', { resultIds: [glu.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const released = await on(supervisor)('lab.release', { resultIds: [glu.id] });
    expect(released.results.map((result) => result.status)).toEqual(['released']);

    const document = await on(tech)('lab.reportDocument', { requestId: made.requestId, preliminary: false });
    const read = await readPdf(await renderPdf(PrintDocumentSchema.parse(document), { hospitalName: 'St. Mary Hospital', workstationId: 'LAB-BENCH-2', printedAt: '2026-03-02 11:40' }, 'PDF'));
    expect(read.text).toContain('GLU 1.9 LL mmol/L 3.9–7.8');
    expect(read.text).toContain('Comment: Repeated: same value.');
    expect(read.text).toMatch(/Validated by .+ at .+; released by .+ at /);
    expect(read.text).not.toContain('PRELIMINARY');
  });

  it('amends a released result with its reason: the report says what it replaced', async () => {
    const made = await received(['RBG']);
    const entered = await on(tech)('lab.enterResults', { testId: made.test('RBG').id!, specimenBarcode: made.barcode('RBG'), results: [{ analyte: 'GLU', value: '5.1' }] });
    if (entered.status !== 'applied') throw new Error('expected the entry to be sent');
    await on(tech)('lab.validate', { resultIds: [entered.results[0]!.id] });
    await on(supervisor)('lab.release', { resultIds: [entered.results[0]!.id] });
    await expect(on(tech)('lab.amend', { resultId: entered.results[0]!.id, value: '9.1', reason: 'Transcribed from the wrong tube' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const amended = await on(supervisor)('lab.amend', { resultId: entered.results[0]!.id, value: '9.1', reason: 'Transcribed from the wrong tube' });
    expect(amended.result).toMatchObject({ version: 2, value: '9.1', flag: 'H', status: 'released', amendmentReason: 'Transcribed from the wrong tube' });
    const read = await readPdf(await renderPdf(PrintDocumentSchema.parse(await on(supervisor)('lab.reportDocument', { requestId: made.requestId, preliminary: false })), { hospitalName: 'St. Mary Hospital', workstationId: 'LAB-OFFICE', printedAt: 'now' }, 'PDF'));
    expect(read.text).toContain('LABORATORY REPORT — AMENDED');
    expect(read.text).toContain('GLU 9.1 H mmol/L 3.9–7.8');
    expect(read.text).toContain('Amended (was 5.1): Transcribed from the wrong tube');
  });

  it('while the LAN is down, queues results for a received specimen it has (with the desk\'s time) and sends them on reconnect; one for an order cancelled meanwhile goes to the conflicts inbox', async () => {
    const kept = await received(['FBC']);
    const cancelled = await received(['RBG']);
    // Read while online: the desk keeps both requests.
    await on(tech)('lab.resultSheet', { requestId: kept.requestId });
    await on(tech)('lab.resultSheet', { requestId: cancelled.requestId });
    await stack.cut(tech);

    const offline = await on(tech)('lab.resultSheet', { requestId: kept.requestId });
    expect(offline.source).toBe('cache');
    const fbc = await on(tech)('lab.enterResults', { testId: kept.test('FBC').id!, specimenBarcode: kept.barcode('FBC'), results: [{ analyte: 'HGB', value: '98' }, { analyte: 'WBC', value: '7.2' }, { analyte: 'PLT', value: '250' }] });
    expect(fbc.status).toBe('queued');
    const waiting: ResultSheetView = await on(tech)('lab.resultSheet', { requestId: kept.requestId });
    expect(waiting.queued.map((entry) => entry.results.map((result) => result.value))).toEqual([['98', '7.2', '250']]);
    // A specimen the desk does not hold as received is refused here, not queued to be refused later.
    await expect(on(tech)('lab.enterResults', { testId: kept.test('FBC').id!, specimenBarcode: cancelled.barcode('RBG'), results: [{ analyte: 'HGB', value: '98' }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    const rbg = await on(tech)('lab.enterResults', { testId: cancelled.test('RBG').id!, specimenBarcode: cancelled.barcode('RBG'), results: [{ analyte: 'GLU', value: '6.0' }] });
    expect(rbg.status).toBe('queued');
    // Meanwhile the doctor cancels the glucose.
    await doctor.call('orders.cancel', { itemId: cancelled.order.itemIds[0]!, reason: 'Ordered twice' });

    await stack.restore(tech);
    await waitUntil(() => tech.status().outbox.pending === 0 && tech.status().outbox.conflicts === 1 && !tech.status().outbox.draining, 'the outbox replayed', 10_000);
    const after = await on(tech)('lab.resultSheet', { requestId: kept.requestId });
    expect(after.queued).toEqual([]);
    expect(after.results.map((result) => [result.analyte, result.value, result.flag, result.enteredAtDesk !== null])).toEqual(expect.arrayContaining([['HGB', '98', 'L', true], ['WBC', '7.2', null, true], ['PLT', '250', null, true]]));
    const { conflicts } = await on(tech)('outbox.list', {});
    const conflict = conflicts.find((candidate) => candidate.method === 'lab.enterResults');
    expect(conflict).toMatchObject({ label: expect.stringContaining('Results RBG'), error: { code: 'CONFLICT', details: { reason: 'order_cancelled' } }, resolvedAt: null });
    expect((await on(tech)('lab.resultSheet', { requestId: cancelled.requestId })).queued).toEqual([]);
    // Nothing was written for the cancelled test.
    expect(await stack.database.db('lab_results').where({ request_test_id: cancelled.test('RBG').id }).count('* as n')).toEqual([{ n: 0 }]);
  });

  it('offline, a request never opened at the grid is drawn from the kept worklist with each test\'s analytes and ranges (the worklist names them by key)', async () => {
    const made = await received(['FBC']);
    await on(tech)('lab.worklist', {});
    await waitUntil(() => worklists.some((view) => view.entries.some((entry) => entry.requestId === made.requestId && entry.specimens.every((specimen) => specimen.status === 'received'))), 'the request on the worklist');
    const listed = worklists.flatMap((view) => view.entries).find((entry) => entry.requestId === made.requestId)!;
    expect(listed.tests[0]).toMatchObject({ code: 'FBC', analytesKey: expect.stringMatching(/^FBC/) as string });
    expect(listed.tests[0]!.analytes).toBeUndefined();
    await stack.cut(tech);
    const sheet = await on(tech)('lab.resultSheet', { requestId: made.requestId });
    expect(sheet.source).toBe('cache');
    const analytes = sheet.entry.tests[0]!.analytes!;
    expect(analytes.map((analyte) => analyte.code)).toEqual(['HGB', 'WBC', 'RBC', 'HCT', 'MCV', 'MCH', 'MCHC', 'RDW', 'PLT', 'NEUT', 'LYMPH', 'MONO', 'EOS', 'BASO']);
    expect(analytes[0]).toMatchObject({ unit: 'g/L', range: { text: expect.any(String) as string } });
    await stack.restore(tech);
  });

  it('offline, a specimen received at another bench after the grid was read takes results (the live worklist read since is the fresher copy)', async () => {
    const made = await received(['RBG'], { receive: false });
    await on(tech)('lab.worklist', {});
    const sheet = await on(tech)('lab.resultSheet', { requestId: made.requestId });
    expect(sheet.entry.specimens.map((specimen) => specimen.status)).toEqual(['collected']);
    const seen = worklists.length;
    await bench.call('lab.receive', { barcodes: made.barcodes });
    await waitUntil(() => worklists.slice(seen).some((view) => view.entries.some((entry) => entry.requestId === made.requestId && entry.specimens.every((specimen) => specimen.status === 'received'))), 'the receipt on the worklist');
    await stack.cut(tech);
    const queued = await on(tech)('lab.enterResults', { testId: made.test('RBG').id!, specimenBarcode: made.barcode('RBG'), results: [{ analyte: 'GLU', value: '5.5' }] });
    expect(queued.status).toBe('queued');
    await stack.restore(tech);
    await waitUntil(() => tech.status().outbox.pending === 0 && !tech.status().outbox.draining, 'the outbox replayed', 10_000);
    const after = await on(tech)('lab.resultSheet', { requestId: made.requestId });
    expect(after.results.map((result) => [result.analyte, result.value, result.enteredAtDesk !== null])).toEqual([['GLU', '5.5', true]]);
  });
});
