import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { createDatabase } from '../db/connect.js';
import { AstmInstrument } from '../interfaces/simulator/astm-instrument.js';
import type { InstrumentLine } from '../interfaces/simulator/astm-instrument.js';
import { ptyPair } from '../interfaces/simulator/pty-pair.js';
import { fill, sysmexXn } from '../interfaces/simulator/transcripts.js';
import { startServerProcess } from '../test-support/server-process.js';
import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import type { Benchmark } from './benchmark.js';
import { loadAverage } from './machine.js';
import { round } from './stats.js';

/**
 * ASTM E1381 over a serial line at 9600 baud (issue 14: "the line rate, with no loss"): the
 * built server on one end of a socat pty pair, the simulator's Sysmex XN on the other, sending
 * transfers one after another. A pty moves bytes as fast as it can whatever baud it is set to,
 * so both directions are paced here at 9600 baud 8N1 (960 bytes/s). Reported: the bytes the
 * analyzer put on the line per second against 960, and the rows stored against the transfers
 * the analyzer counts as sent (each last frame is ACKed only after its commit).
 */
const BAUD = 9600;
const BYTES_PER_SECOND = BAUD / 10;

/** A direction of the cable: bytes leave at the line rate, in order. */
function pacer(deliver: (bytes: Buffer) => void): { push: (bytes: Uint8Array) => void; bytes: () => number } {
  const queue: Buffer[] = [];
  let credit = 0;
  let last = performance.now();
  let total = 0;
  let timer: NodeJS.Timeout | undefined;
  const pump = () => {
    const now = performance.now();
    credit = Math.min(credit + ((now - last) * BYTES_PER_SECOND) / 1000, BYTES_PER_SECOND / 10);
    last = now;
    while (queue.length > 0 && credit >= 1) {
      const head = queue[0]!;
      const take = Math.min(head.length, Math.floor(credit));
      deliver(head.subarray(0, take));
      total += take;
      credit -= take;
      if (take === head.length) queue.shift();
      else queue[0] = head.subarray(take);
    }
    timer = queue.length > 0 ? setTimeout(pump, 2) : undefined;
  };
  return {
    push: (bytes) => {
      if (queue.length === 0 && timer === undefined) {
        // An idle line has no saved-up credit: the first byte waits its own time.
        last = performance.now();
        credit = Math.min(credit, 1);
      }
      queue.push(Buffer.from(bytes));
      if (timer === undefined) timer = setTimeout(pump, 0);
    },
    bytes: () => total,
  };
}

function openPeer(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: BAUD, autoOpen: false });
    port.open((error) => (error ? reject(error) : resolve(port)));
  });
}

export const astmLineBenchmark: Benchmark = {
  name: 'astm-line',
  async run(options) {
    const transfers = options.quick ? 10 : 60;
    const dir = mkdtempSync(join(tmpdir(), 'hms-bench-astm-'));
    const pty = await ptyPair(dir, 'xn');
    const database = await benchDatabase('hms_bench_astm', { fresh: true });
    let interfaceId: string;
    try {
      const admin = await createTestUser(database.db, 'bench.admin', ['admin']);
      const now = new Date();
      interfaceId = ((await database.db('interfaces')
        .insert({ name: 'Bench Sysmex XN (serial)', protocol: 'astm', transport: { kind: 'serial', path: pty.device, baudRate: BAUD }, options: sysmexXn.options, enabled: true, created_at: now, created_by: admin.id, updated_at: now, updated_by: admin.id })
        .returning('id')) as { id: string }[])[0]!.id;
    } finally {
      await database.close();
    }
    const server = await startServerProcess({ DATABASE_URL: database.url });
    const check = createDatabase({ url: database.url, poolMax: 2, applicationName: 'hms-bench-check' });
    const peer = await openPeer(pty.peer);
    try {
      let deliverToInstrument: (chunk: Buffer) => void = () => undefined;
      const toServer = pacer((bytes) => void peer.write(bytes));
      const toInstrument = pacer((bytes) => deliverToInstrument(bytes));
      peer.on('data', (chunk: Buffer) => toInstrument.push(chunk));
      const line: InstrumentLine = { write: (bytes) => toServer.push(bytes), onData: (handler) => { deliverToInstrument = handler; } };
      const instrument = new AstmInstrument(line, { replyMs: 15_000 });
      const message = (n: number) => fill(sysmexXn, `L26${String(n).padStart(7, '0')}`);
      // Warm-up: the server opens the port when its supervisor starts; the first bid waits for that.
      const deadline = Date.now() + 30_000;
      while ((await instrument.send(message(0), 'warm-up')) !== 'sent') {
        if (Date.now() > deadline) throw new Error('astm-line: the server never took the warm-up transfer');
      }
      const loadBefore = loadAverage();
      const bytesBefore = toServer.bytes();
      const payload = Array.from({ length: transfers }, (_, i) => message(i + 1));
      const started = performance.now();
      let sent = 0;
      const failures: string[] = [];
      for (const [i, text] of payload.entries()) {
        const outcome = await instrument.send(text, `t${i}`);
        if (outcome === 'sent') sent++;
        else failures.push(outcome);
      }
      const seconds = (performance.now() - started) / 1000;
      const lineBytes = toServer.bytes() - bytesBefore;
      const loadAfter = loadAverage();
      instrument.stop();
      const stored = Number(((await check('interface_messages').where({ interface_id: interfaceId, direction: 'in' }).count<{ n: string }[]>('* as n')) as { n: string }[])[0]!.n) - 1;
      if (stored !== sent || sent !== transfers) throw new Error(`astm-line: ${transfers} transfers, ${sent} counted sent by the analyzer (${failures.join(', ')}), ${stored} stored`);
      const textBytes = payload.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
      return {
        unit: 'Sysmex XN transfers (H, P, O, 3 R, L) over E1381 on a socat pty pair paced at 9600 baud 8N1 both ways; line bytes = everything the analyzer wrote (ENQ, frames with STX/FN/ETX/checksum/CRLF, EOT)',
        baud: BAUD,
        lineRateBytesPerSecond: BYTES_PER_SECOND,
        transfers,
        sentByAnalyzer: sent,
        stored,
        seconds: round(seconds),
        lineBytes,
        lineBytesPerSecond: Math.round(lineBytes / seconds),
        utilisation: round(lineBytes / seconds / BYTES_PER_SECOND),
        messageTextBytesPerSecond: Math.round(textBytes / seconds),
        transfersPerSecond: round(transfers / seconds),
        loadAverage: { before: loadBefore, after: loadAfter },
      };
    } finally {
      await new Promise<void>((resolve) => (peer.isOpen ? peer.close(() => resolve()) : resolve()));
      await check.destroy();
      await server.stop();
      await pty.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
