import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { setOrdersOutTimingsForTests } from './orders-out.js';
import { queueOrders } from './orders-out-feed.js';
import { AstmInstrument } from './simulator/astm-instrument.js';
import { MllpReceiver } from './simulator/mllp-receiver.js';
import { cobasE411Query, fill } from './simulator/transcripts.js';

let doctorUser: TestUser;
let doctor: TestClient;
let tech: TestClient;
let admin: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'orders.out.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    tech = await s.signedIn(['lab_technician'], 'LAB-DESK-1');
    admin = await s.signedIn(['admin']);
  },
});

// Short waits: a retry 200 ms after the first failure, an ACK given 400 ms.
beforeAll(() => setOrdersOutTimingsForTests({ retryBaseMs: 200, retryMaxMs: 1_000, ackTimeoutMs: 400, leaseMs: 5_000 }));
afterAll(() => setOrdersOutTimingsForTests({}));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function orderedGlucose() {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const ordered = await doctor.call('orders.create', { encounterId: encounter.id, items: [{ kind: 'lab' as const, code: 'RBG' }] });
  const { entry, specimens } = await tech.call('lab.collect', { orderId: ordered.orderId, containers: [{ container: 'fluoride', tests: ['RBG'] }] });
  const patient = (await stack.db('patients').where({ id: encounter.patientId }).first('mrn')) as { mrn: string };
  return { requestId: entry.requestId, barcode: specimens[0]!.barcode, itemId: entry.tests[0]!.orderItemId!, mrn: patient.mrn };
}

const queueOf = (interfaceId: string) => stack.db('interface_order_queue').where({ interface_id: interfaceId }).orderBy('created_at')
  .select('action', 'status', 'attempts', 'last_error', 'control_id') as Promise<Array<{ action: string; status: string; attempts: number; last_error: string | null; control_id: string }>>;
const logOf = (interfaceId: string) => stack.db('interface_messages').where({ interface_id: interfaceId }).orderBy([{ column: 'at' }, { column: 'direction', order: 'desc' }])
  .select('direction', 'kind', 'status', 'reason', 'accession', 'control_id') as Promise<Array<{ direction: string; kind: string; status: string; reason: string | null; accession: string; control_id: string | null }>>;
/** A message with its MSH-7 (the time it was built) blanked: a resend differs in nothing else. */
const withoutTime = (text: string) => text.replace(/^((?:[^|]*\|){6})[^|]*/, '$1');
const segment = (text: string, name: string) => text.split('\r').filter((line) => line.startsWith(`${name}|`));

describe('orders out', () => {
  it('HL7: a received specimen\'s test goes out as OML^O21 once, retried after a lost ACK with the same control ID, logged both ways; a cancelled test sends ORC-1 CA', async () => {
    const port = await freePort();
    const receiver = await MllpReceiver.listen(port, ['silent']);
    const created = await admin.call('interfaces.create', {
      name: 'Chemistry middleware', protocol: 'hl7', transport: { kind: 'tcp-client', host: '127.0.0.1', port: 9 },
      options: { orders: { host: '127.0.0.1', port, cancels: true } }, enabled: true,
    });
    const id = created.interface.id;
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'GLU', testCode: 'RBG', analyte: 'GLU' });
    const specimen = await orderedGlucose();

    // Collected only: the interface sends on receipt (its default), so nothing is queued yet.
    await pause(1_200);
    expect(await queueOf(id)).toEqual([]);
    await tech.call('lab.receive', { barcodes: [specimen.barcode] });

    const [order] = await eventually(() => queueOf(id), (rows) => rows[0]?.status === 'sent', 'the order sent');
    // The first try got no ACK in time; the second, with the same MSH-10, was accepted.
    expect(order).toMatchObject({ action: 'new', status: 'sent', attempts: 2, last_error: null });
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received as [string, string];
    expect(withoutTime(second)).toBe(withoutTime(first));
    expect(first.split('\r')[0]!.split('|')[9]).toBe(order!.control_id);
    expect(first.split('\r')[0]!.split('|')[8]).toBe('OML^O21^OML_O21');
    expect(segment(first, 'PID')[0]).toContain(`|${specimen.mrn}^^^HMS^MR|`);
    expect(segment(first, 'ORC')).toEqual([`ORC|NW|${specimen.barcode}`]);
    expect(segment(first, 'OBR')[0]).toMatch(new RegExp(`^OBR\\|1\\|${specimen.barcode}\\|\\|GLU\\^`));
    expect(segment(first, 'SPM')).toEqual([`SPM|1|${specimen.barcode}||fluoride`]);
    const log = await logOf(id);
    expect(log.map((row) => `${row.direction} ${row.kind} ${row.status}`)).toEqual(['out OML^O21 sent', 'out OML^O21 sent', 'in ACK AA applied']);
    expect(log[0]!.reason).toMatch(/^attempt 1 failed: no ACK within 400 ms/);
    expect(log[1]!.reason).toBe('ACK AA');
    expect(log.every((row) => row.accession === specimen.barcode)).toBe(true);

    // Fed again (a restart replaying the same events): the queue's key keeps it one order.
    await stack.db.transaction((trx) => queueOrders(trx, [specimen.requestId!], new Date()));
    await pause(800);
    expect(await queueOf(id)).toHaveLength(1);
    expect(receiver.received).toHaveLength(2);

    // The doctor cancels the test: the middleware is told, with ORC-1 CA.
    await doctor.call('orders.cancel', { itemId: specimen.itemId, reason: 'ordered twice' });
    const rows = await eventually(() => queueOf(id), (list) => list[1]?.status === 'sent', 'the cancel sent');
    expect(rows.map((row) => `${row.action} ${row.status}`)).toEqual(['new sent', 'cancel sent']);
    expect(receiver.received).toHaveLength(3);
    expect(segment(receiver.received[2]!, 'ORC')).toEqual([`ORC|CA|${specimen.barcode}`]);
    expect((await logOf(id)).at(-2)).toMatchObject({ direction: 'out', kind: 'OML^O21 cancel', status: 'sent' });
    await receiver.close();
  });

  it('HL7 ORM^O01: what was pending while the receiver was down is sent after a stop and start; an AE is kept as refused and needs attention', async () => {
    const port = await freePort();
    const created = await admin.call('interfaces.create', {
      name: 'Immunoassay analyzer', protocol: 'hl7', transport: { kind: 'tcp-client', host: '127.0.0.1', port: 9 },
      options: { orders: { host: '127.0.0.1', port, on: 'collected', hl7Message: 'ORM^O01' } }, enabled: true,
    });
    const id = created.interface.id;
    await expect(admin.call('interfaces.update', { interfaceId: id, version: created.interface.version, options: { orders: { port } } }))
      .rejects.toMatchObject({ code: 'VALIDATION', details: { fields: { 'options.orders.host': expect.any(String) } } });
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'GLU', testCode: 'RBG', analyte: 'GLU' });

    // Nothing listens yet: each try fails to connect and is due again later.
    const waiting = await orderedGlucose();
    await eventually(() => queueOf(id), (rows) => (rows[0]?.attempts ?? 0) >= 2, 'two failed tries');
    expect((await queueOf(id))[0]).toMatchObject({ action: 'new', status: 'pending', last_error: expect.stringMatching(/ECONNREFUSED/) });

    // The interface stopped (as at a server restart): the queue in PostgreSQL is all there is; started again, it sends.
    await admin.call('interfaces.disable', { interfaceId: id });
    const receiver = await MllpReceiver.listen(port, ['AA', 'AE']);
    await pause(600);
    expect(receiver.received).toHaveLength(0);
    await admin.call('interfaces.enable', { interfaceId: id });
    await eventually(() => queueOf(id), (rows) => rows[0]?.status === 'sent', 'the waiting order sent');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.split('\r')[0]!.split('|')[8]).toBe('ORM^O01^ORM_O01');
    expect(segment(receiver.received[0]!, 'OBR')[0]).toContain(`|${waiting.barcode}||GLU^`);
    expect(segment(receiver.received[0]!, 'SPM')).toEqual([]);

    // The next one is refused by the analyzer: not retried, and its ACK waits in the attention list.
    const refused = await orderedGlucose();
    const rows = await eventually(() => queueOf(id), (list) => list[1]?.status === 'refused', 'the refusal');
    expect(rows[1]).toMatchObject({ attempts: 1, last_error: 'ACK AE: unknown test code' });
    await pause(600);
    expect(receiver.received).toHaveLength(2);
    const attention = await admin.call('interfaces.messages', { interfaceId: id, attention: true });
    expect(attention.items.map((item) => `${item.kind} ${item.status} ${item.accession}`)).toEqual([`ACK AE rejected ${refused.barcode}`]);
    await receiver.close();
  });

  it('ASTM: a collected specimen\'s tests are downloaded to the analyzer on its own line (H/P/O/L, action A), and a cancel goes as action C', async () => {
    const port = await freePort();
    const created = await admin.call('interfaces.create', {
      name: 'cobas c 311 download', protocol: 'astm', transport: { kind: 'tcp-server', port, host: '127.0.0.1' },
      options: { orders: { on: 'collected', cancels: true } }, enabled: true,
    });
    const id = created.interface.id;
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: '401', testCode: 'RBG', analyte: 'GLU' });
    await eventually(async () => (await admin.call('interfaces.list', {})).items.find((item) => item.id === id)!.live.state, (state) => state === 'listening', 'listening');
    const socket = await new Promise<Socket>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => resolve(s));
    });
    const instrument = new AstmInstrument({ write: (bytes) => void socket.write(bytes), onData: (handler) => void socket.on('data', handler) });
    await eventually(async () => (await admin.call('interfaces.list', {})).items.find((item) => item.id === id)!.live.state, (state) => state === 'connected', 'connected');

    const specimen = await orderedGlucose();
    await eventually(async () => instrument.received.length, (n) => n === 1, 'the order downloaded');
    const records = instrument.received[0]!.split('\r').filter((line) => line !== '');
    expect(records.map((record) => record[0])).toEqual(['H', 'P', 'O', 'L']);
    const order = records[2]!.split('|');
    expect(order[2]).toBe(specimen.barcode);
    expect(order[4]).toBe('^^^401');
    expect(order[11]).toBe('A');
    // Sent once the analyzer's ACK of the last frame is back (the instrument has the text a moment before).
    expect(await eventually(() => queueOf(id), (rows) => rows[0]?.status === 'sent', 'the download marked sent')).toMatchObject([{ action: 'new', status: 'sent', attempts: 1 }]);
    expect((await logOf(id)).map((row) => `${row.direction} ${row.kind} ${row.status} ${row.reason}`)).toEqual(['out ASTM order sent taken by the analyzer']);

    await doctor.call('orders.cancel', { itemId: specimen.itemId, reason: 'wrong patient' });
    await eventually(async () => instrument.received.length, (n) => n === 2, 'the cancel downloaded');
    expect(instrument.received[1]!.split('\r').find((line) => line.startsWith('O|'))!.split('|')[11]).toBe('C');
    await eventually(() => queueOf(id), (rows) => rows[1]?.status === 'sent', 'the cancel marked sent');
    expect((await queueOf(id)).map((row) => `${row.action} ${row.status}`)).toEqual(['new sent', 'cancel sent']);
    // Asked for the specimen afterwards, the host answers "no information": the cancelled test is not pending.
    expect(await instrument.send(fill(cobasE411Query, specimen.barcode), 'query')).toBe('sent');
    await eventually(async () => instrument.received.length, (n) => n === 3, 'the query answer');
    expect(instrument.received[2]).toContain('L|1|I');
    expect(instrument.received[2]).not.toContain('O|1|');
    instrument.stop();
    socket.destroy();
  });
});
