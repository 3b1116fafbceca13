import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the server opens (the interface's serial path). */
  device: string;
  /** The end the simulated analyzer writes to. */
  peer: string;
  stop(): Promise<void>;
}

/** A serial cable in software: two linked pseudo-terminals from socat. Stopping it is pulling the cable. */
export async function ptyPair(dir: string, name: string): Promise<PtyPair> {
  const device = join(dir, `${name}-device`);
  const peer = join(dir, `${name}-peer`);
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${peer}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const deadline = Date.now() + 5_000;
  while (!(existsSync(device) && existsSync(peer) && stderr.includes('starting data transfer loop'))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`socat did not start: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    device,
    peer,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
