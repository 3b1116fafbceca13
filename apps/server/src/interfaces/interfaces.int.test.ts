import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test-support/index.js';
import { useTestStack } from '../test-support/index.js';
import { AstmInstrument } from './simulator/astm-instrument.js';
import { MllpSender } from './simulator/mllp-sender.js';
import { ptyPair } from './simulator/pty-pair.js';
import type { PtyPair } from './simulator/pty-pair.js';
import { cobasC311, cobasE411Query, fill, geneXpert, mindrayBc5380, sysmexXn } from './simulator/transcripts.js';

const stack = useTestStack();
const dir = mkdtempSync(join(tmpdir(), 'hms-interfaces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

async function liveOf(admin: TestClient, interfaceId: string) {
  const { items } = await admin.call('interfaces.list', {});
  return items.find((item) => item.id === interfaceId)!.live;
}

async function inboundRows(interfaceId: string) {
  return stack.db('interface_messages').where({ interface_id: interfaceId, direction: 'in' }).orderBy('at').select('status', 'reason', 'accession', 'control_id', 'unmapped_codes');
}

const segment = (text: string, name: string) => text.split('\r').find((line) => line.startsWith(`${name}|`)) ?? '';

describe('HL7 over MLLP (tcp-server)', () => {
  it('stores each result message once with its ACK, answers a repeat with the same ACK, and AR/AE what it cannot use', async () => {
    const admin = await stack.signedIn(['admin']);
    const port = await freePort();
    const created = await admin.call('interfaces.create', { name: 'Mindray BC-5380', protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, enabled: true });
    const id = created.interface.id;
    await eventually(() => liveOf(admin, id), (live) => live.state === 'listening', 'listening');

    const sender = await MllpSender.connect(port);
    const message = fill(mindrayBc5380, 'L260000017', 'BC0001');
    const ack = await sender.send(message);
    expect(segment(ack, 'MSA')).toMatch(/^MSA\|AA\|BC0001/);
    // Acknowledged means committed: the row is there the moment the ACK is.
    expect(await inboundRows(id)).toEqual([expect.objectContaining({ status: 'parsed', accession: 'L260000017', control_id: 'BC0001', unmapped_codes: ['6690-2', '718-7', '777-3'] })]);

    const again = await sender.send(message);
    expect(again).toBe(ack);
    expect(await inboundRows(id)).toHaveLength(1);
    expect(await stack.db('interface_dedup').where({ interface_id: id }).first('duplicates')).toEqual({ duplicates: 1 });

    const adt = await sender.send('MSH|^~\\&|BC-5380|Mindray|||20260102101500||ADT^A01|BC0002|P|2.3.1\rPID|1||123\r');
    expect(segment(adt, 'MSA')).toMatch(/^MSA\|AE\|BC0002\|/);
    expect(segment(adt, 'MSA')).toContain('not results');

    const noAccession = await sender.send('MSH|^~\\&|BC-5380|Mindray|||20260102101500||ORU^R01|BC0003|P|2.3.1\rOBR|1\rOBX|1|NM|718-7^HGB^LN||10.1|g/dL|||||F\r');
    expect(segment(noAccession, 'MSA')).toMatch(/^MSA\|AE\|BC0003\|/);
    expect(segment(noAccession, 'MSA')).toContain('no accession number');

    const garbage = await sender.send('this is not HL7 at all');
    expect(segment(garbage, 'MSA')).toMatch(/^MSA\|AR\|/);
    sender.close();

    // The server's /metrics counts this interface's messages (the repeat too), ACK latency and link state.
    const metrics = await (await fetch(`${stack.server.httpUrl}/metrics`)).text();
    const labels = `interface_id="${id}",interface="Mindray BC-5380"`;
    expect(metrics).toContain(`hms_interface_messages_total{${labels},direction="in"} 5\n`);
    expect(metrics).toContain(`hms_interface_messages_total{${labels},direction="out"} 5\n`);
    expect(metrics).toContain(`hms_interface_ack_seconds_count{${labels}} 5\n`);
    expect(metrics).toMatch(new RegExp(`hms_interface_link_state\\{${labels},state="(connected|listening)"\\} 1\n`));
    expect(metrics).toContain(`hms_interface_link_state{${labels},state="waiting"} 0\n`);
    expect(metrics).toMatch(new RegExp(`hms_interface_last_message_timestamp_seconds\\{${labels}\\} \\d{10}`));
    expect(metrics).not.toContain('Wanjiru');

    const rows = await inboundRows(id);
    expect(rows.map((row) => row.status)).toEqual(['parsed', 'rejected', 'rejected', 'rejected']);
    const outbound = await stack.db('interface_messages').where({ interface_id: id, direction: 'out' }).count<{ count: string }[]>('* as count');
    expect(Number(outbound[0]!.count)).toBe(4);

    // The lab sees what waits, maps the codes, and replays: every result now maps.
    const lab = await stack.signedIn(['lab_supervisor']);
    const unmapped = await lab.call('interfaces.unmappedCodes', { interfaceId: id });
    expect(unmapped.items.map((item) => item.analyzerCode).sort()).toEqual(['6690-2', '718-7', '777-3']);
    const setMappingError = await admin.callError('interfaces.setMapping', { interfaceId: id, analyzerCode: '718-7', testCode: 'NOT_A_TEST' });
    expect(setMappingError.code).toBe('VALIDATION');
    for (const [code, analyte] of [['6690-2', 'WBC'], ['718-7', 'HGB'], ['777-3', 'PLT']] as const) {
      await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: code, testCode: 'FBC', analyte });
    }
    expect((await lab.call('interfaces.unmappedCodes', { interfaceId: id })).items).toEqual([]);
    const waiting = await lab.call('interfaces.messages', { interfaceId: id, status: 'parsed' });
    expect(waiting.items).toHaveLength(1);
    const replayed = await lab.call('interfaces.replay', { messageId: waiting.items[0]!.id });
    // Every result now maps; nobody collected L260000017, so the lab refuses it and it stays replayable.
    expect(replayed.message).toMatchObject({ status: 'error', reason: 'No specimen has accession L260000017.', unmappedCodes: [], replays: 1 });

    const detail = await lab.call('interfaces.message', { messageId: waiting.items[0]!.id });
    expect(detail.message.raw).toBe(message);
    expect(detail.message.duplicates).toBe(1);
    const obx = detail.message.parsed.segments.filter((s) => s.id === 'OBX')[1]!;
    expect(obx.name).toBe('Observation/result');
    expect(obx.fields).toContainEqual({ position: 'OBX-5', name: 'Observation value', value: '10.1' });
    const audited = await stack.db('audit_log').where({ action: 'interfaces.message', entity_id: waiting.items[0]!.id }).count<{ count: string }[]>('* as count');
    expect(Number(audited[0]!.count)).toBe(1);
  });

  it('takes a batch (FHS/BHS ... BTS/FTS): each message stored and ACKed as if alone, answered with a batch of their ACKs', async () => {
    const admin = await stack.signedIn(['admin']);
    const port = await freePort();
    const created = await admin.call('interfaces.create', { name: 'Batch feed', protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, enabled: true });
    const id = created.interface.id;
    await eventually(() => liveOf(admin, id), (live) => live.state === 'listening', 'listening');
    const sender = await MllpSender.connect(port);
    const first = fill(mindrayBc5380, 'L260000070', 'BT0001');
    const alone = await sender.send(first);
    const batch = [
      'FHS|^~\\&|BC-5380|Mindray|||20260102110000||||F0042',
      'BHS|^~\\&|BC-5380|Mindray|||20260102110000||||B0042',
      first.trimEnd(),
      fill(mindrayBc5380, 'L260000088', 'BT0002').trimEnd(),
      'MSH|^~\\&|BC-5380|Mindray|||20260102110000||ADT^A01|BT0003|P|2.3.1\rPID|1||123',
      'BTS|3',
      'FTS|1',
    ].join('\r') + '\r';
    const answer = await sender.send(batch);
    const lines = answer.split('\r').filter((line) => line !== '');
    expect(lines[0]).toMatch(/^FHS\|\^~\\&\|HMS\|HMS\|BC-5380\|Mindray\|\d{14}[^|]*\|\|\|\|[^|]+\|F0042$/);
    expect(lines[1]).toMatch(/^BHS\|\^~\\&\|HMS\|HMS\|BC-5380\|Mindray\|\d{14}[^|]*\|\|\|\|[^|]+\|B0042$/);
    expect(lines.filter((line) => line.startsWith('MSA|')).map((line) => line.split('|').slice(0, 3).join('|'))).toEqual(['MSA|AA|BT0001', 'MSA|AA|BT0002', 'MSA|AE|BT0003']);
    expect(lines.slice(-2)).toEqual(['BTS|3', 'FTS|1']);
    // The message sent alone before is a repeat: answered with its first ACK, stored once.
    expect(answer).toContain(alone);
    const rows = await inboundRows(id);
    expect(rows.map((row) => [row.control_id, row.status]).sort()).toEqual([['BT0001', 'parsed'], ['BT0002', 'parsed'], ['BT0003', 'rejected']]);
    const stored = await stack.db('interface_messages').where({ interface_id: id, direction: 'in', control_id: 'BT0002' }).first('raw');
    expect(stored.raw.toString('utf8')).toBe(fill(mindrayBc5380, 'L260000088', 'BT0002'));

    // The whole batch again (the sender missed the answer): the same ACKs, nothing stored twice.
    const again = await sender.send(batch);
    expect(again.split('\r').filter((line) => line.startsWith('MSH|') || line.startsWith('MSA|'))).toEqual(lines.filter((line) => line.startsWith('MSH|') || line.startsWith('MSA|')));
    expect(await inboundRows(id)).toHaveLength(3);
    sender.close();

    // The same message on two connections at once: one stores it, the other loses on the dedup key and gets the first ACK.
    const [left, right] = await Promise.all([MllpSender.connect(port), MllpSender.connect(port)]);
    const racing = fill(mindrayBc5380, 'L260000096', 'BT0004');
    const [one, two] = await Promise.all([left.send(racing), right.send(racing)]);
    expect(one).toBe(two);
    expect((await inboundRows(id)).filter((row) => row.control_id === 'BT0004')).toHaveLength(1);
    left.close();
    right.close();
  });

  it('refuses a port another interface uses, and a stale version', async () => {
    const admin = await stack.signedIn(['admin']);
    const port = await freePort();
    const first = await admin.call('interfaces.create', { name: 'Analyzer A', protocol: 'hl7', transport: { kind: 'tcp-server', port } });
    const error = await admin.callError('interfaces.create', { name: 'Analyzer B', protocol: 'hl7', transport: { kind: 'tcp-server', port } });
    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'transport_taken' } });
    await admin.call('interfaces.update', { interfaceId: first.interface.id, version: 1, name: 'Analyzer A1' });
    expect(await admin.callError('interfaces.update', { interfaceId: first.interface.id, version: 1, name: 'Analyzer A2' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'stale_version' } });
  });
});

describe('HL7 over MLLP (tcp-client)', () => {
  it('connects out to middleware, and again after the connection drops', async () => {
    const admin = await stack.signedIn(['admin']);
    const port = await freePort();
    const peers: Socket[] = [];
    const middleware = createServer((socket) => peers.push(socket));
    await new Promise<void>((resolve) => middleware.listen(port, '127.0.0.1', () => resolve()));
    const created = await admin.call('interfaces.create', { name: 'Middleware', protocol: 'hl7', transport: { kind: 'tcp-client', host: '127.0.0.1', port }, enabled: true });
    const id = created.interface.id;
    await eventually(() => liveOf(admin, id), (live) => live.state === 'connected', 'connected');
    expect(peers).toHaveLength(1);
    peers[0]!.destroy();
    await eventually(async () => peers.length, (count) => count === 2, 'a second connection');
    await eventually(() => liveOf(admin, id), (live) => live.state === 'connected', 'connected again');
    await admin.call('interfaces.disable', { interfaceId: id });
    await eventually(() => liveOf(admin, id), (live) => live.state === 'disabled', 'disabled');
    for (const peer of peers) peer.destroy();
    await new Promise<void>((resolve) => middleware.close(() => resolve()));
  });
});

function openPeer(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
    port.open((error) => (error ? reject(error) : resolve(port)));
  });
}

function lineOf(port: SerialPort) {
  return { write: (bytes: Uint8Array) => void port.write(Buffer.from(bytes)), onData: (handler: (chunk: Buffer) => void) => void port.on('data', handler) };
}

function closePeer(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

describe('ASTM E1381 over a serial line (socat pty pair)', () => {
  let pty: PtyPair | undefined;
  afterAll(async () => pty?.stop());

  it('takes transfers from Sysmex, cobas and GeneXpert styles, NAKs a bad checksum and accepts the retransmission, answers a host query, and reconnects after the cable is pulled', async () => {
    const admin = await stack.signedIn(['admin']);
    pty = await ptyPair(dir, 'astm');
    const created = await admin.call('interfaces.create', { name: 'Sysmex XN-550', protocol: 'astm', transport: { kind: 'serial', path: pty.device, baudRate: 9600 }, options: { testCodeComponent: 5 }, enabled: true });
    const id = created.interface.id;
    await eventually(() => liveOf(admin, id), (live) => live.state === 'connected', 'the port open');
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'WBC', testCode: 'FBC', analyte: 'WBC' });
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'HGB', testCode: 'FBC', analyte: 'HGB' });
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'PLT', testCode: 'FBC', analyte: 'PLT' });

    let peer = await openPeer(pty.peer);
    let instrument = new AstmInstrument(lineOf(peer), { corruptFrames: 2 });
    expect(await instrument.send(fill(sysmexXn, 'L260000025'), 'first')).toBe('sent');
    expect(instrument.naks).toBe(2);
    // Its last frame was ACKed only once the message was committed: the row is there when the analyzer counts it sent.
    expect(await inboundRows(id)).toHaveLength(1);
    const rows = await eventually(() => inboundRows(id), (list) => list[0]?.status !== 'mapped', 'the message handed to the lab');
    // Every code maps; the accession is no specimen of this lab's, so it is kept as an error with the reason.
    expect(rows[0]).toMatchObject({ status: 'error', reason: 'No specimen has accession L260000025.', accession: 'L260000025', unmapped_codes: [] });

    // Six failures in the middle of a transfer: the sender gives up and nothing partial is kept.
    const failing = new AstmInstrument(lineOf(peer), { breakAfterFrames: 3 });
    instrument.stop();
    expect(await failing.send(fill(sysmexXn, 'L260000033'), 'broken')).toBe('nak-limit');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await inboundRows(id)).toHaveLength(1);
    failing.stop();

    // The host query is answered on the same line (no pending orders yet: "no information").
    instrument = new AstmInstrument(lineOf(peer));
    expect(await instrument.send(fill(cobasE411Query, 'L260000041'), 'query')).toBe('sent');
    await eventually(async () => instrument.received.length, (count) => count === 1, 'the query answer');
    expect(instrument.received[0]).toMatch(/^H\|/);
    expect(instrument.received[0]).toContain('L|1|I');
    instrument.stop();

    // The cable pulled and put back: the server opens the port again by itself.
    await closePeer(peer);
    await pty.stop();
    await eventually(() => liveOf(admin, id), (live) => live.state === 'waiting' || live.state === 'connecting', 'the loss seen');
    pty = await ptyPair(dir, 'astm');
    await eventually(() => liveOf(admin, id), (live) => live.state === 'connected', 'reconnected', 20_000);
    peer = await openPeer(pty.peer);
    instrument = new AstmInstrument(lineOf(peer));
    expect(await instrument.send(fill(sysmexXn, 'L260000058'), 'after')).toBe('sent');
    expect(await inboundRows(id)).toHaveLength(3);
    instrument.stop();
    await closePeer(peer);
  });
});

describe('ASTM over TCP', () => {
  it('reads each instrument style with its quirk options', async () => {
    const admin = await stack.signedIn(['admin']);
    for (const transcript of [cobasC311, geneXpert]) {
      const port = await freePort();
      const created = await admin.call('interfaces.create', { name: transcript.name, protocol: 'astm', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, options: transcript.options, enabled: true });
      const id = created.interface.id;
      await eventually(() => liveOf(admin, id), (live) => live.state === 'listening', 'listening');
      const socket = await new Promise<Socket>((resolve) => {
        const s = createConnection({ port, host: '127.0.0.1' }, () => resolve(s));
      });
      const instrument = new AstmInstrument({ write: (bytes) => socket.write(bytes), onData: (handler) => socket.on('data', handler) });
      expect(await instrument.send(fill(transcript, 'L260000066'), transcript.name)).toBe('sent');
      const rows = await inboundRows(id);
      expect(rows[0]).toMatchObject({ status: 'parsed', accession: 'L260000066', unmapped_codes: [...transcript.codes].sort() });
      // One message in, its last frame's ACK held until the commit and timed.
      const metrics = await (await fetch(`${stack.server.httpUrl}/metrics`)).text();
      expect(metrics).toContain(`hms_interface_messages_total{interface_id="${id}",interface="${transcript.name}",direction="in"} 1\n`);
      expect(metrics).toContain(`hms_interface_ack_seconds_count{interface_id="${id}",interface="${transcript.name}"} 1\n`);
      instrument.stop();
      socket.destroy();
    }
  });
});
