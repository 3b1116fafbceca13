import * as serverSupport from '@hms/server/test-support';
import { TestClient, createTestUser, insertTestEncounter } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabWorklistView } from '../../shared/lab/views.js';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// The lab desk's host (specimen side) against the real server on real PostgreSQL: the worklist
// live from a doctor's order, a specimen found by its scanned barcode, the kept worklist offline.

let stack: DeskStack<TestDatabase, TestServer>;
let doctorUser: TestUser;
let techUser: TestUser;
let doctor: TestClient;
let bench: TestClient;
let host: Host;
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
}, 60_000);

afterAll(async () => {
  await doctor?.close();
  await bench?.close();
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
