import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostFailure } from '../../../shared/result.js';
import { WorkstationSettingsSchema } from '../../../shared/settings.js';
import type { LabelPrinter, ReceiptPrinter, WorkstationSettings } from '../../../shared/settings.js';
import { startFakePrinter } from '../../test-support/fake-printer.js';
import { ptyPair } from '../../test-support/socat.js';
import { waitUntil } from '../../test-support/wait.js';
import { PrinterService } from './printer-service.js';

// Printers played by the test: a TCP listener on port 9100's behalf, a pseudo-terminal pair for
// a serial printer, and a stand-in for CUPS's lp. Every byte is read back.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-print-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function service(receiptPrinter: ReceiptPrinter | { kind: 'none' }, labelPrinter: LabelPrinter | { kind: 'none' }, extra: { lpCommand?: string } = {}): PrinterService {
  const settings: WorkstationSettings = WorkstationSettingsSchema.parse({
    serverUrl: 'http://hms:7400', workstationId: 'reception-1', hospitalName: 'St. Mary Hospital', receiptPrinter, labelPrinter,
  });
  return new PrinterService({
    settings: () => settings,
    now: () => new Date('2026-03-02T09:15:00Z'),
    timeouts: { connectMs: 1_000, statusMs: 300, writeMs: 3_000 },
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<HostFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HostFailure) return error;
    throw error;
  }
  throw new Error('expected a HostFailure');
}

const patient = { mrn: 'HMS-000123', name: 'Amina Yusuf', sex: 'F', birthDate: '1990-04-12' };

describe('printing over TCP (port 9100)', () => {
  it('sends an ESC/POS test page to a receipt printer and the printer gets every byte', async () => {
    const printer = await startFakePrinter();
    try {
      const printers = service({ kind: 'escpos', connection: { type: 'tcp', host: '127.0.0.1', port: printer.port }, columns: 48, statusQuery: false }, { kind: 'none' });
      const outcome = await printers.print({ kind: 'testPage', role: 'receipt' });
      await waitUntil(() => printer.jobs.length === 1, 'the job');
      const job = printer.jobs[0]!;
      expect(job.length).toBe(outcome.bytes);
      expect(outcome.printer).toBe(`Receipt printer (ESC/POS) at 127.0.0.1:${printer.port}`);
      expect(job.subarray(0, 2).toString('hex')).toBe('1b40');
      expect(job.toString('latin1')).toContain('Receipt printer test page');
      expect(job.subarray(-4).toString('hex')).toBe('1d564230');
    } finally {
      await printer.close();
    }
  });

  it('sends a ZPL wristband to a label printer and reads it back', async () => {
    const printer = await startFakePrinter();
    try {
      const printers = service({ kind: 'none' }, { kind: 'zpl', connection: { type: 'tcp', host: '127.0.0.1', port: printer.port }, dpi: 203, statusQuery: true });
      await printers.print({ kind: 'wristband', patient });
      await waitUntil(() => printer.jobs.length === 1, 'the job');
      const zpl = printer.jobs[0]!.toString('utf8');
      expect(zpl.startsWith('^XA\n^CI28')).toBe(true);
      expect(zpl).toMatch(/\^BCR,\d+,N,N,N\^FDHMS-000123\^FS/);
      expect(zpl).toContain('^FDAmina Yusuf^FS');
      expect(zpl.endsWith('^XZ\n')).toBe(true);
    } finally {
      await printer.close();
    }
  });

  it('asks the paper sensor first when told to, and refuses to print without paper', async () => {
    const ready = await startFakePrinter({ status: 0x12 });
    const empty = await startFakePrinter({ status: 0x72 });
    const silent = await startFakePrinter({ silent: true });
    try {
      const receipt = (port: number) => service({ kind: 'escpos', connection: { type: 'tcp', host: '127.0.0.1', port }, columns: 48, statusQuery: true }, { kind: 'none' });
      await receipt(ready.port).print({ kind: 'testPage', role: 'receipt' });
      await waitUntil(() => ready.jobs.length === 1, 'the job');

      const noPaper = await failure(receipt(empty.port).print({ kind: 'testPage', role: 'receipt' }));
      expect(noPaper.code).toBe('PRINTER_NOT_READY');
      expect(noPaper.message).toContain('out of paper');
      const noAnswer = await failure(receipt(silent.port).print({ kind: 'testPage', role: 'receipt' }));
      expect(noAnswer.code).toBe('PRINTER_TIMEOUT');
      expect(noAnswer.message).toContain('did not answer its status query');
      // Each printer saw its connection end: anything sent on it would be a job by then.
      await waitUntil(() => empty.connectionsClosed === 1 && silent.connectionsClosed === 1, 'the refused connections to close');
      expect(empty.jobs).toEqual([]);
      expect(silent.jobs).toEqual([]);
    } finally {
      await Promise.all([ready.close(), empty.close(), silent.close()]);
    }
  });

  it('a printer that is off is a clear, retryable error; it prints once it is back', async () => {
    const printer = await startFakePrinter();
    const { port } = printer;
    await printer.close();
    const printers = service({ kind: 'escpos', connection: { type: 'tcp', host: '127.0.0.1', port }, columns: 48, statusQuery: false }, { kind: 'none' });
    const off = await failure(printers.print({ kind: 'testPage', role: 'receipt' }));
    expect(off.code).toBe('PRINTER_UNREACHABLE');
    expect(off.message).toBe(`Receipt printer (ESC/POS) at 127.0.0.1:${port} is not reachable (it refused the connection). Check that it is switched on and connected, then try again.`);
    expect(off.details).toMatchObject({ cause: 'ECONNREFUSED' });

    // Switched back on (same address): the retry goes through.
    const back = createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => {
        received.push(Buffer.concat(chunks));
        socket.end();
      });
    });
    const received: Buffer[] = [];
    await new Promise<void>((resolve) => back.listen(port, '127.0.0.1', resolve));
    try {
      await printers.print({ kind: 'testPage', role: 'receipt' });
      await waitUntil(() => received.length === 1, 'the retried job');
    } finally {
      await new Promise<void>((resolve) => back.close(() => resolve()));
    }
  });

  it('says so when no printer is chosen for the job, or the printer cannot print that kind', async () => {
    const printers = service({ kind: 'none' }, { kind: 'none' });
    expect((await failure(printers.print({ kind: 'wristband', patient }))).code).toBe('PRINTER_NOT_CONFIGURED');
  });
});

describe('printing over a serial port (socat pseudo-terminals)', () => {
  it('sends a ZPL label through the port', async () => {
    const pair = await ptyPair(dir, 'label-printer');
    const peer = new SerialPort({ path: pair.peer, baudRate: 9600 });
    const received: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => received.push(chunk));
    try {
      await new Promise<void>((resolve, reject) => peer.once('open', resolve).once('error', reject));
      const printers = service({ kind: 'none' }, { kind: 'zpl', connection: { type: 'serial', path: pair.device, baudRate: 9600 }, dpi: 203, statusQuery: false });
      const outcome = await printers.print({ kind: 'label', patient, copies: 2 });
      await waitUntil(() => Buffer.concat(received).length === outcome.bytes, 'the label on the other end');
      const zpl = Buffer.concat(received).toString('utf8');
      expect(zpl).toContain('^FDHMS-000123^FS');
      expect(zpl).toContain('^PQ2');
    } finally {
      await new Promise<void>((resolve) => (peer.isOpen ? peer.close(() => resolve()) : resolve()));
      await pair.stop();
    }
  });

  it('a missing serial port is a clear error', async () => {
    const printers = service({ kind: 'escpos', connection: { type: 'serial', path: join(dir, 'no-such-tty'), baudRate: 9600 }, columns: 48, statusQuery: false }, { kind: 'none' });
    const error = await failure(printers.print({ kind: 'testPage', role: 'receipt' }));
    expect(error.code).toBe('PRINTER_UNREACHABLE');
    expect(error.message).toContain('could not be opened');
  });
});

describe('printing through a system queue (lp)', () => {
  it('hands the raw job to lp -o raw on its standard input', async () => {
    const lp = join(dir, 'lp-ok');
    const out = join(dir, 'lp-ok.out');
    await writeFile(lp, `#!/bin/sh\necho "$@" > "${out}.args"\ncat > "${out}"\n`);
    await chmod(lp, 0o755);
    const printers = service({ kind: 'escpos', connection: { type: 'queue', queue: 'receipts' }, columns: 42, statusQuery: true }, { kind: 'none' }, { lpCommand: lp });
    const outcome = await printers.print({ kind: 'testPage', role: 'receipt' });
    expect((await readFile(`${out}.args`, 'utf8')).trim()).toBe('-d receipts -o raw -t HMS -');
    expect((await readFile(out)).length).toBe(outcome.bytes);
  });

  it('reports what lp said when the queue refuses', async () => {
    const lp = join(dir, 'lp-fail');
    await writeFile(lp, '#!/bin/sh\ncat > /dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n');
    await chmod(lp, 0o755);
    const printers = service({ kind: 'escpos', connection: { type: 'queue', queue: 'gone' }, columns: 48, statusQuery: false }, { kind: 'none' }, { lpCommand: lp });
    const error = await failure(printers.print({ kind: 'testPage', role: 'receipt' }));
    expect(error.code).toBe('PRINTER_UNREACHABLE');
    expect(error.message).toContain('The printer or class does not exist.');
    const missing = service({ kind: 'pdf', target: { type: 'queue', queue: 'office' } }, { kind: 'none' }, { lpCommand: join(dir, 'no-lp-here') });
    expect((await failure(missing.print({ kind: 'testPage', role: 'receipt' }))).code).toBe('NOT_SUPPORTED');
  });
});
