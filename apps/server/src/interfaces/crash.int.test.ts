import { MllpDecoder, encodeMllp } from '@hms/hl7';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestIcd10Release } from '../test-support/clinical-cases.js';
import type { ServerProcess, TestDatabase } from '../test-support/index.js';
import { createTestDatabase, createTestUser, freePort, startServerProcess } from '../test-support/index.js';
import { MllpSender } from './simulator/mllp-sender.js';
import { fill, mindrayBc5380 } from './simulator/transcripts.js';

const MESSAGES = 150;
const KILL_AFTER_ACKS = 40;
const controlId = (index: number) => `CRASH${String(index).padStart(4, '0')}`;
const message = (index: number) => fill(mindrayBc5380, `L26${String(index).padStart(7, '0')}`, controlId(index));
const ackedId = (ack: string) => /\rMSA\|AA\|([^|\r]*)/.exec(ack)?.[1];

let database: TestDatabase;
let server: ServerProcess | undefined;
let port: number;
let interfaceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // The server process would otherwise load the shipped 98,000 ICD-10 codes in the background of both starts.
  await ensureTestIcd10Release(database.db);
  const admin = await createTestUser(database.db, 'crash.admin', ['admin']);
  port = await freePort();
  const now = new Date();
  const [row] = (await database.db('interfaces')
    .insert({ name: 'Mindray BC-5380', protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, options: {}, enabled: true, created_at: now, created_by: admin.id, updated_at: now, updated_by: admin.id })
    .returning('id')) as { id: string }[];
  interfaceId = row!.id;
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function startServer(): Promise<ServerProcess> {
  const started = await startServerProcess({ DATABASE_URL: database.url, HMS_DEMO: '0' });
  server = started;
  return started;
}

/** The analyzer's socket once the server's listener takes connections (it opens just after start-up). */
async function connectAnalyzer(): Promise<Socket> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = createConnection({ port, host: '127.0.0.1' }, () => resolve(socket));
        socket.once('error', reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Streams the messages with a few in flight, as a busy analyzer does, and kills the server with
 * SIGKILL once `killAfter` ACKs are in: resolves with every control ID an AA came back for.
 */
async function streamAndKill(child: ServerProcess, killAfter: number): Promise<string[]> {
  const socket = await connectAnalyzer();
  const decoder = new MllpDecoder();
  const acked: string[] = [];
  let next = 0;
  let killed = false;
  const window = 4;
  const sendMore = () => {
    while (next < MESSAGES && next - acked.length < window) socket.write(encodeMllp(message(next++)));
  };
  return new Promise((resolve) => {
    socket.on('data', (chunk) => {
      for (const bytes of decoder.push(chunk)) {
        const id = ackedId(Buffer.from(bytes).toString('utf8'));
        if (id !== undefined) acked.push(id);
      }
      // ACKs of one group commit arrive together: the count may step past killAfter in one chunk.
      if (acked.length >= killAfter && !killed) {
        killed = true;
        child.child.kill('SIGKILL');
      }
      if (acked.length < killAfter) sendMore();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(acked));
    sendMore();
  });
}

describe('kill -9 of the server in the middle of an analyzer stream', () => {
  it('loses no message that was ACKed, and the resend after restart is stored once and gets the first ACKs', { timeout: 60_000 }, async () => {
    const first = await startServer();
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    const acked = await streamAndKill(first, KILL_AFTER_ACKS);
    expect(await exited).toBeNull();
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked).toEqual(Array.from({ length: acked.length }, (_, index) => controlId(index)));

    // Everything ACKed is in PostgreSQL, with the ACK it was given.
    const stored = (await database.db('interface_messages').where({ interface_id: interfaceId, direction: 'in' }).select('control_id')) as { control_id: string }[];
    const storedIds = new Set(stored.map((row) => row.control_id));
    expect(acked.filter((id) => !storedIds.has(id))).toEqual([]);
    // Stored but not acknowledged: at most the messages that were in flight.
    expect(stored.length - acked.length).toBeLessThanOrEqual(4);
    const firstAcks = new Map(
      ((await database.db('interface_messages as ack')
        .join('interface_messages as msg', 'msg.id', 'ack.reply_to')
        .where({ 'msg.interface_id': interfaceId })
        .select('msg.control_id', 'ack.raw')) as { control_id: string; raw: Buffer }[]).map((row) => [row.control_id, row.raw.toString('utf8')]),
    );

    // After the restart the analyzer sends everything it holds again, from the first message.
    await startServer();
    const sender = await MllpSender.connect(port);
    try {
      for (let index = 0; index < MESSAGES; index++) {
        const ack = await sender.send(message(index));
        expect(ackedId(ack)).toBe(controlId(index));
        const before = firstAcks.get(controlId(index));
        if (before !== undefined) expect(ack).toBe(before);
      }
    } finally {
      sender.close();
    }
    const rows = (await database.db('interface_messages').where({ interface_id: interfaceId, direction: 'in' }).select('control_id')) as { control_id: string }[];
    expect(rows).toHaveLength(MESSAGES);
    expect(new Set(rows.map((row) => row.control_id)).size).toBe(MESSAGES);
    const repeats = (await database.db('interface_dedup').where({ interface_id: interfaceId }).sum<{ sum: string }[]>('duplicates as sum'))[0]!;
    expect(Number(repeats.sum)).toBe(stored.length);
  });
});
