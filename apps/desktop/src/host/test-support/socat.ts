import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from './wait.js';

export interface PtyPair {
  /** The end the code under test opens. */
  device: string;
  /** The end the test plays the device on. */
  peer: string;
  stop(): Promise<void>;
}

/** Two linked pseudo-terminals from socat: a serial cable with both ends in this test. */
export async function ptyPair(dir: string, name: string): Promise<PtyPair> {
  const device = join(dir, `${name}-device`);
  const peer = join(dir, `${name}-peer`);
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${peer}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    await waitUntil(() => existsSync(device) && existsSync(peer) && stderr.includes('starting data transfer loop'), `socat (${stderr.trim()})`, 5_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    device,
    peer,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
