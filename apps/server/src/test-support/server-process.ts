import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  port: number;
  wsUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * The built server (dist/main.js) as its own process, as in production: a load generator in
 * the same process would steal its event loop.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  // A given HMS_PORT is kept (a restart on the same port, as workstations expect).
  const port = env.HMS_PORT !== undefined && env.HMS_PORT !== '' ? Number(env.HMS_PORT) : await freePort();
  // apps/server/dist/main.js from both src/test-support and dist/test-support.
  const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
  // Every socket comes from 127.0.0.1 here, standing for many desks (a bench opens hundreds at
  // once): the cap on sockets waiting to sign in per address is lifted unless the caller sets it.
  // Its audit key and checkpoints go to a folder of its database's own (kept across restarts),
  // never into the checkout's ./var, unless the caller names a data folder.
  const dataDir = join(tmpdir(), 'hms-server-process', createHash('sha256').update(env.DATABASE_URL ?? '').digest('hex').slice(0, 16));
  const defaults = { HMS_HOST: '127.0.0.1', HMS_LOG_LEVEL: 'warn', HMS_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '100000', HMS_DATA_DIR: dataDir };
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...defaults, ...env, HMS_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('HMS server is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
