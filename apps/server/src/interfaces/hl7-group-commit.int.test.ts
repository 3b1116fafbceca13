import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestStack } from '../test-support/index.js';
import { MllpSender } from './simulator/mllp-sender.js';
import { fill, mindrayBc5380 } from './simulator/transcripts.js';

const stack = useTestStack();

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

const msa = (ack: string) => ack.split('\r').find((line) => line.startsWith('MSA|')) ?? '';

describe('HL7 group commit', () => {
  it('many messages at once on several connections: every ACKed message is stored once, repeats within a group once, and groups share commits', async () => {
    const admin = await stack.signedIn(['admin']);
    const port = await freePort();
    const created = await admin.call('interfaces.create', { name: 'Group commit feed', protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, enabled: true });
    const id = created.interface.id;
    await eventually(async () => (await admin.call('interfaces.list', {})).items.find((item) => item.id === id)!.live.state, (state) => state === 'listening', 'listening');

    const CONNECTIONS = 5;
    const PER_CONNECTION = 30;
    const senders = await Promise.all(Array.from({ length: CONNECTIONS }, () => MllpSender.connect(port)));
    // Each connection writes all its messages without waiting (they pile up in the queue), and
    // every connection sends GC-SHARED at the same moment, and its own repeat twice in a row.
    const sent = senders.map((sender, s) => {
      const controlIds = ['GC-SHARED', `GC-${s}-REPEAT`, `GC-${s}-REPEAT`, ...Array.from({ length: PER_CONNECTION }, (_, i) => `GC-${s}-${i}`)];
      return controlIds.map((controlId) => ({ controlId, ack: sender.send(fill(mindrayBc5380, `L26000${String(s).padStart(4, '0')}`, controlId)) }));
    });
    const acks = await Promise.all(sent.map((messages) => Promise.all(messages.map(async ({ controlId, ack }) => ({ controlId, ack: await ack })))));
    for (const sender of senders) sender.close();

    // Every message ACKed AA naming its own control ID, in the order each connection sent them.
    for (const list of acks) {
      for (const { controlId, ack } of list) expect(msa(ack)).toMatch(new RegExp(`^MSA\\|AA\\|${controlId}(\\||$)`));
    }
    const rows = (await stack.db('interface_messages').where({ interface_id: id, direction: 'in' }).select('control_id', stack.db.raw('xmin::text as xmin'))) as { control_id: string; xmin: string }[];
    const stored = rows.map((row) => row.control_id).sort();
    const expected = [...new Set(acks.flat().map(({ controlId }) => controlId))].sort();
    // Each ACKed message is in the table, and each once.
    expect(stored).toEqual(expected);
    // Every connection's GC-SHARED got the one ACK first stored; the repeats the same ACK as their first.
    const shared = acks.map((list) => list[0]!.ack);
    expect(new Set(shared).size).toBe(1);
    for (const list of acks) expect(list[2]!.ack).toBe(list[1]!.ack);
    const dedup = (await stack.db('interface_dedup').where({ interface_id: id }).whereIn('control_id', ['GC-SHARED', 'GC-0-REPEAT']).orderBy('control_id').select('control_id', 'duplicates')) as { control_id: string; duplicates: number }[];
    expect(dedup).toEqual([{ control_id: 'GC-0-REPEAT', duplicates: 1 }, { control_id: 'GC-SHARED', duplicates: CONNECTIONS - 1 }]);
    // Each ACK is stored with its message, answering it.
    const answered = await stack.db('interface_messages as a').join('interface_messages as m', 'm.id', 'a.reply_to').where({ 'm.interface_id': id }).count<{ n: string }[]>('* as n');
    expect(Number(answered[0]!.n)).toBe(expected.length);
    // Messages from several connections went in one transaction (rows inserted by one share its xmin).
    expect(new Set(rows.map((row) => row.xmin)).size).toBeLessThan(rows.length / 2);
  });
});
