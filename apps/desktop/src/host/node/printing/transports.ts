import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { HostFailure } from '../../../shared/result.js';

/** A printer's status query: the bytes to send, and how to read the answer. */
export interface StatusProbe {
  request: Uint8Array;
  /** undefined while more bytes are needed; a problem in words when the printer is not ready. */
  read(received: Buffer): { ready: true } | { ready: false; problem: string } | undefined;
}

export interface PrinterTimeouts {
  connectMs: number;
  /** How long a printer has to answer its status query. */
  statusMs: number;
  /** How long the whole job may take to go out. */
  writeMs: number;
}

export const DEFAULT_PRINTER_TIMEOUTS: PrinterTimeouts = { connectMs: 3_000, statusMs: 2_000, writeMs: 15_000 };

export interface SendOptions {
  /** The printer as people know it, for error messages. */
  name: string;
  probe?: StatusProbe;
  timeouts?: Partial<PrinterTimeouts>;
}

function timeoutsOf(options: SendOptions): PrinterTimeouts {
  return { ...DEFAULT_PRINTER_TIMEOUTS, ...options.timeouts };
}

function unreachable(name: string, cause: string, detail: string): HostFailure {
  return new HostFailure('PRINTER_UNREACHABLE', `${name} is not reachable (${detail}). Check that it is switched on and connected, then try again.`, { printer: name, cause });
}

function notAnswering(name: string, what: string): HostFailure {
  return new HostFailure('PRINTER_TIMEOUT', `${name} did not ${what} in time. Check that it is switched on and ready, then try again.`, { printer: name });
}

function notReady(name: string, problem: string): HostFailure {
  return new HostFailure('PRINTER_NOT_READY', `${name} is not ready: ${problem}. Fix it, then try again.`, { printer: name, problem });
}

const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'it refused the connection',
  EHOSTUNREACH: 'no route to it on the network',
  ENETUNREACH: 'no route to it on the network',
  EHOSTDOWN: 'no route to it on the network',
  ENOTFOUND: 'its name is not known on the network',
  EAI_AGAIN: 'its name is not known on the network',
  ECONNRESET: 'it dropped the connection',
  EPIPE: 'it dropped the connection',
};

function networkError(name: string, error: NodeJS.ErrnoException): HostFailure {
  const code = error.code ?? 'error';
  return unreachable(name, code, NETWORK_ERRORS[code] ?? error.message);
}

/**
 * Raw printing over TCP (port 9100, "JetDirect"): connect, optionally ask for status, send the
 * job, close. Every failure is a HostFailure a person can act on.
 */
export async function sendTcp(host: string, port: number, data: Uint8Array, options: SendOptions): Promise<void> {
  const timeouts = timeoutsOf(options);
  const socket = await new Promise<Socket>((resolve, reject) => {
    const candidate = connect({ host, port });
    const timer = setTimeout(() => {
      candidate.destroy();
      reject(unreachable(options.name, 'ETIMEDOUT', `no answer within ${Math.round(timeouts.connectMs / 1000)} s`));
    }, timeouts.connectMs);
    candidate.once('connect', () => {
      clearTimeout(timer);
      candidate.removeAllListeners('error');
      resolve(candidate);
    });
    candidate.once('error', (error) => {
      clearTimeout(timer);
      reject(networkError(options.name, error));
    });
  });
  try {
    let failure: HostFailure | undefined;
    socket.on('error', (error) => {
      failure ??= networkError(options.name, error);
    });
    if (options.probe !== undefined) await probe(socket, options.probe, options.name, timeouts.statusMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(notAnswering(options.name, 'take the job')), timeouts.writeMs);
      // The job is out when the printer has read it all and closed its side, or at least
      // when every byte has left for it (some printers keep the connection open).
      socket.end(data, () => {
        clearTimeout(timer);
        if (failure !== undefined) reject(failure);
        else resolve();
      });
      socket.once('close', () => {
        clearTimeout(timer);
        if (failure !== undefined) reject(failure);
        else resolve();
      });
    });
  } finally {
    socket.destroySoon();
    setTimeout(() => socket.destroy(), 2_000).unref();
  }
}

/** Sends the probe and waits for its verdict on a duplex stream (TCP socket or serial port). */
function probe(stream: NodeJS.ReadWriteStream, status: StatusProbe, name: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const finish = (error?: HostFailure) => {
      clearTimeout(timer);
      stream.off('data', onData);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const verdict = status.read(received);
      if (verdict === undefined) return;
      finish(verdict.ready ? undefined : notReady(name, verdict.problem));
    };
    const timer = setTimeout(() => finish(notAnswering(name, 'answer its status query')), timeoutMs);
    stream.on('data', onData);
    stream.write(status.request);
  });
}

export interface SerialTarget {
  path: string;
  baudRate: number;
}

/** Raw printing over a serial port (or USB-serial): open, optionally probe, write, drain, close. */
export async function sendSerial(target: SerialTarget, data: Uint8Array, options: SendOptions): Promise<void> {
  const timeouts = timeoutsOf(options);
  const port = new SerialPort({ path: target.path, baudRate: target.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((error) => (error ? reject(new HostFailure('PRINTER_UNREACHABLE', `${options.name} could not be opened (${error.message}). Check the cable and the port in Settings.`, { printer: options.name })) : resolve())),
  );
  try {
    if (options.probe !== undefined) await probe(port, options.probe, options.name, timeouts.statusMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(notAnswering(options.name, 'take the job')), timeouts.writeMs);
      port.write(Buffer.from(data), (error) => {
        if (error) {
          clearTimeout(timer);
          reject(new HostFailure('PRINTER_UNREACHABLE', `${options.name} did not take the job (${error.message}).`, { printer: options.name }));
          return;
        }
        port.drain((drainError) => {
          clearTimeout(timer);
          if (drainError) reject(new HostFailure('PRINTER_UNREACHABLE', `${options.name} did not take the job (${drainError.message}).`, { printer: options.name }));
          else resolve();
        });
      });
    });
  } finally {
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

export interface QueueOptions extends SendOptions {
  /** Send bytes untouched (ESC/POS, ZPL) rather than as a document for the queue's driver (PDF). */
  raw: boolean;
  /** The `lp` program (CUPS); replaceable for tests. */
  lpCommand?: string;
}

/** Prints through a system queue with CUPS's `lp`, the job on its standard input. */
export function sendQueue(queue: string, data: Uint8Array, options: QueueOptions): Promise<void> {
  const timeouts = timeoutsOf(options);
  const args = ['-d', queue, ...(options.raw ? ['-o', 'raw'] : []), '-t', 'HMS', '-'];
  return new Promise<void>((resolve, reject) => {
    const child = spawn(options.lpCommand ?? 'lp', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(notAnswering(options.name, 'accept the job'));
    }, timeouts.writeMs);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new HostFailure('NOT_SUPPORTED', 'System printing (CUPS "lp") is not installed on this workstation.', { printer: options.name })
          : unreachable(options.name, error.code ?? 'error', error.message),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(unreachable(options.name, `exit ${code}`, stderr.trim().split('\n')[0] || `lp exited with ${code}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(Buffer.from(data));
  });
}
