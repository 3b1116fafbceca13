import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { AstmInstrument } from './simulator/astm-instrument.js';
import { MllpSender } from './simulator/mllp-sender.js';
import { cobasE411Query, fill } from './simulator/transcripts.js';

let doctorUser: TestUser;
let doctor: TestClient;
let tech: TestClient;
let admin: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'instrument.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    tech = await s.signedIn(['lab_technician'], 'LAB-DESK-1');
    admin = await s.signedIn(['admin']);
  },
});

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

async function listening(interfaceId: string) {
  await eventually(async () => (await admin.call('interfaces.list', {})).items.find((item) => item.id === interfaceId)!.live.state, (state) => state === 'listening', 'listening');
}

/** A doctor's glucose order (or another test) collected into its tube with an accession, and received in the lab. */
async function collectedGlucose(code = 'RBG', container: 'fluoride' | 'edta' = 'fluoride') {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const ordered = await doctor.call('orders.create', { encounterId: encounter.id, items: [{ kind: 'lab' as const, code }] });
  const { entry, specimens } = await tech.call('lab.collect', { orderId: ordered.orderId, containers: [{ container, tests: [code] }] });
  await tech.call('lab.receive', { barcodes: specimens.map((s) => s.barcode) });
  return { accession: entry.accession!, barcode: specimens[0]!.barcode, testId: entry.tests[0]!.id!, itemId: entry.tests[0]!.orderItemId!, patientId: encounter.patientId };
}

const oru = (accession: string, controlId: string, value: string, code = 'GLU', unit = 'mmol/L') => [
  `MSH|^~\\&|AU480|Beckman|||20260302090000||ORU^R01|${controlId}|P|2.5`,
  'PID|1||||^Otieno^Jane||19800101|F',
  `OBR|1||${accession}|GLU^Glucose|||20260302085500`,
  `OBX|1|NM|${code}^Glucose||${value}|${unit}|||||F`,
].join('\r') + '\r';

const msa = (ack: string) => ack.split('\r').find((line) => line.startsWith('MSA|')) ?? '';

describe('analyzer results handed to the lab', () => {
  it('an ORU for a collected specimen is entered on it awaiting validation, by the interface; an unknown accession is AE and kept', async () => {
    const port = await freePort();
    const created = await admin.call('interfaces.create', { name: 'Beckman AU480', protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, enabled: true });
    const id = created.interface.id;
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'GLU', testCode: 'RBG', analyte: 'GLU' });
    await listening(id);
    const specimen = await collectedGlucose();

    const sender = await MllpSender.connect(port);
    expect(msa(await sender.send(oru(specimen.accession, 'AU0001', '11.2')))).toMatch(/^MSA\|AA\|AU0001/);
    // Entered on the specimen after the ACK (the ACK waits only for the message's commit).
    const row = await eventually(() => stack.db('interface_messages').where({ interface_id: id, direction: 'in', control_id: 'AU0001' }).first('id', 'status', 'reason'), (r) => r?.status !== 'mapped', 'the results applied');
    expect(row).toMatchObject({ status: 'applied', reason: `1 result entered on ${specimen.accession}, awaiting technical validation` });

    // On the specimen, flagged as a person's entry would be, and never validated by the analyzer.
    const request = await tech.call('lab.request', { requestId: (await stack.db('lab_request_tests').where({ id: specimen.testId }).first('request_id')).request_id });
    const results = request.results.filter((result) => result.testId === specimen.testId);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ analyte: 'GLU', value: '11.2', unit: 'mmol/L', flag: 'H', status: 'entered', validatedAt: null, releasedAt: null });
    const stored = await stack.db('lab_results as x').join('users as u', 'u.id', 'x.entered_by').where('x.request_test_id', specimen.testId).first('u.username', 'u.display_name', 'u.disabled_at', 'x.specimen_id');
    expect(stored).toMatchObject({ username: `interface.${id}`, display_name: 'Analyzer interface: Beckman AU480' });
    expect(stored.disabled_at).not.toBeNull();
    const audit = await stack.db('audit_log').where({ action: 'lab.enterResults', entity_id: specimen.patientId }).first('actor_username');
    expect(audit).toEqual({ actor_username: `interface.${id}` });
    const worklist = await tech.call('lab.worklist', {});
    expect(worklist.entries.find((e) => e.accession === specimen.accession)!.tests.map((t) => t.status)).toEqual(['resulted']);

    // An accession nobody collected: AE with the reason, kept as error, nothing entered.
    const unknown = await sender.send(oru('L2699999990', 'AU0002', '5.1'));
    expect(msa(unknown)).toMatch(/^MSA\|AE\|AU0002\|No specimen has accession L2699999990/);
    expect(await stack.db('interface_messages').where({ interface_id: id, direction: 'in', control_id: 'AU0002' }).first('status', 'reason', 'accession'))
      .toEqual({ status: 'error', reason: 'No specimen has accession L2699999990.', accession: 'L2699999990' });
    const lab = await stack.signedIn(['lab_supervisor']);
    const kept = await lab.call('interfaces.messages', { interfaceId: id, status: 'error' });
    expect(kept.items.map((item) => item.controlId)).toEqual(['AU0002']);
    // Replayable, and still refused while the accession is unknown; an applied message is never applied twice.
    expect((await lab.call('interfaces.replay', { messageId: kept.items[0]!.id })).message).toMatchObject({ status: 'error', replays: 1 });
    expect((await lab.callError('interfaces.replay', { messageId: row.id })).details).toMatchObject({ reason: 'already_applied' });
    sender.close();
  });

  it('a test not ordered on the specimen and a cancelled order are AE with the reason', async () => {
    const port = await freePort();
    const created = await admin.call('interfaces.create', { name: 'Beckman AU480 (2)', protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, enabled: true });
    const id = created.interface.id;
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'GLU', testCode: 'FBG', analyte: 'GLU' });
    await listening(id);
    const specimen = await collectedGlucose();
    const sender = await MllpSender.connect(port);
    expect(msa(await sender.send(oru(specimen.barcode, 'AU0101', '5.0')))).toContain(`FBG is not ordered on specimen ${specimen.barcode}`);
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'GLUR', testCode: 'RBG', analyte: 'GLU' });
    await doctor.call('orders.cancel', { itemId: specimen.itemId, reason: 'patient discharged' });
    expect(msa(await sender.send(oru(specimen.barcode, 'AU0102', '5.0', 'GLUR')))).toMatch(/^MSA\|AE\|AU0102\|The doctor cancelled RBG/);
    expect((await stack.db('interface_messages').where({ interface_id: id, direction: 'in' }).orderBy('at').select('status')).map((r) => r.status)).toEqual(['error', 'error']);
    expect(await stack.db('lab_results').where({ request_test_id: specimen.testId })).toEqual([]);
    sender.close();
  });

  it('a value in another unit is converted to the lab\'s through UCUM; one that cannot be is AE with the reason', async () => {
    const port = await freePort();
    const created = await admin.call('interfaces.create', { name: 'Cobas (units)', protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, enabled: true });
    const id = created.interface.id;
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'GLU', testCode: 'RBG', analyte: 'GLU' });
    await listening(id);
    const specimen = await collectedGlucose();
    const sender = await MllpSender.connect(port);
    // A unit that is not the same kind of quantity (an activity for a concentration): refused, nothing entered.
    const refused = msa(await sender.send(oru(specimen.barcode, 'UC0001', '202', 'GLU', 'U/L')));
    expect(refused).toMatch(/^MSA\|AE\|UC0001\|GLU came in U\/L, the lab reports mmol\/L, and it cannot be converted/);
    expect(await stack.db('lab_results').where({ request_test_id: specimen.testId })).toEqual([]);
    // umol/L -> mmol/L: converted and rounded once to the test's one decimal (11.24 -> 11.2), flagged in the lab's unit.
    expect(msa(await sender.send(oru(specimen.barcode, 'UC0002', '11240', 'GLU', 'umol/L')))).toMatch(/^MSA\|AA\|UC0002/);
    await eventually(async () => (await stack.db('interface_messages').where({ interface_id: id, control_id: 'UC0002', direction: 'in' }).first('status'))?.status, (status) => status === 'applied', 'UC0002 applied');
    // mg/dL -> mmol/L through glucose's molar mass (180.16 g/mol: 90 mg/dL / 18.016 = 5.0), a new version of the value.
    expect(msa(await sender.send(oru(specimen.barcode, 'UC0003', '90', 'GLU', 'mg/dL')))).toMatch(/^MSA\|AA\|UC0003/);
    await eventually(async () => (await stack.db('interface_messages').where({ interface_id: id, control_id: 'UC0003', direction: 'in' }).first('status'))?.status, (status) => status === 'applied', 'UC0003 applied');
    const entered = await stack.db('lab_results').where({ request_test_id: specimen.testId }).orderBy('version').select('value_text', 'value_numeric', 'unit', 'flag', 'comment');
    expect(entered).toEqual([
      { value_text: '11.2', value_numeric: '11.2', unit: 'mmol/L', flag: 'H', comment: 'from Cobas (units) (sent 11240 umol/L)' },
      { value_text: '5.0', value_numeric: '5', unit: 'mmol/L', flag: null, comment: 'from Cobas (units) (sent 90 mg/dL)' },
    ]);
    sender.close();
  });

  it('an ASTM host query is answered with the specimen\'s pending tests as analyzer codes', async () => {
    const port = await freePort();
    const created = await admin.call('interfaces.create', { name: 'cobas e 411', protocol: 'astm', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, enabled: true });
    const id = created.interface.id;
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: '1001', testCode: 'RBG', analyte: 'GLU' });
    await listening(id);
    const specimen = await collectedGlucose();
    const socket = await new Promise<Socket>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => resolve(s));
    });
    const instrument = new AstmInstrument({ write: (bytes) => socket.write(bytes), onData: (handler) => socket.on('data', handler) });
    expect(await instrument.send(fill(cobasE411Query, specimen.barcode), 'query')).toBe('sent');
    await eventually(async () => instrument.received.length, (count) => count === 1, 'the query answer');
    expect(instrument.received[0]).toContain(`O|1|${specimen.barcode}||^^^1001|R`);
    expect(instrument.received[0]).toContain('L|1|N');
    // A panel is asked for by every channel mapped to it.
    for (const [code, analyte] of [['2003', 'PLT'], ['2001', 'WBC'], ['2002', 'HGB']]) await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: code!, testCode: 'FBC', analyte: analyte! });
    const fbc = await collectedGlucose('FBC', 'edta');
    expect(await instrument.send(fill(cobasE411Query, fbc.barcode), 'panel')).toBe('sent');
    await eventually(async () => instrument.received.length, (count) => count === 2, 'the panel answer');
    expect(instrument.received[1]).toContain(`O|1|${fbc.barcode}||^^^2001\\^^^2002\\^^^2003|R`);
    instrument.received.shift();
    // A specimen nobody collected: "no information".
    expect(await instrument.send(fill(cobasE411Query, 'L2699999990'), 'unknown')).toBe('sent');
    await eventually(async () => instrument.received.length, (count) => count === 2, 'the second answer');
    expect(instrument.received[1]).toContain('L|1|I');
    instrument.stop();
    socket.destroy();
  });
});
