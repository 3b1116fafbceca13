import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess } from '../test-support/index.js';
import { runningAsRoot, serviceAccount } from './embedded-account.js';
import { binariesFor, packagedBinaries } from './embedded-binaries.js';

// How IT often installs: the checkout (or its data) in a folder only its owner may enter, such
// as /root/hms. As root, PostgreSQL runs as the `postgres` user, who cannot enter it.

const scratch = await mkdtemp(join(tmpdir(), 'hms-start-'));
await chmod(scratch, 0o755);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const server = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const cli = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

/** Runs a program to its end: its exit code and what it printed on standard error. */
function runToEnd(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, HMS_HOST: '127.0.0.1', HMS_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** A plain sentence: one line (a second, indented, may give the cause), no stack, no JSON log line. */
function expectSentence(stderr: string, prefix: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^${prefix}[A-Z].*\\.$`));
  expect(lines.slice(1).every((line) => line.startsWith('  cause: '))).toBe(true);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('{"level"');
}

/** A program holding a port that never answers (the CLI's probe connects to it and gives up). */
async function listener(): Promise<Server> {
  // Read each connection, so its end is seen and close() does not wait for it.
  const busy = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  return busy;
}

describe('a failed start', () => {
  it('is one sentence and exit code 1 from the server and from the CLI: the embedded PostgreSQL\'s port taken', async () => {
    const busy = await listener();
    try {
      const env = { DATABASE_URL: '', HMS_DATA_DIR: join(scratch, 'port-taken'), HMS_EMBEDDED_PG_PORT: String((busy.address() as AddressInfo).port), HMS_PORT: String(await freePort()), HMS_EMBEDDED_PG_SYSTEM_DIR: join(scratch, 'system') };
      const started = await runToEnd(server, [], env);
      expect(started.code).toBe(1);
      expectSentence(started.stderr, 'HMS server could not start: ');
      expect(started.stderr).toContain(`Port ${env.HMS_EMBEDDED_PG_PORT} on 127.0.0.1 is already in use`);
      expect(started.stderr).toContain('set HMS_EMBEDDED_PG_PORT to a free port');

      const command = await runToEnd(cli, ['user', 'list'], env);
      expect(command.code).toBe(1);
      expectSentence(command.stderr, 'hms: failed: ');
      expect(command.stderr).toContain('is already in use');
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('is one sentence and exit code 1: a data folder that cannot be made, a database that does not answer', async () => {
    const notAFolder = join(scratch, 'a-file');
    await writeFile(notAFolder, 'not a folder');
    const dataDir = await runToEnd(server, [], { DATABASE_URL: '', HMS_DATA_DIR: join(notAFolder, 'var'), HMS_PORT: String(await freePort()) });
    expect(dataDir.code).toBe(1);
    expectSentence(dataDir.stderr, 'HMS server could not start: ');
    expect(dataDir.stderr).toContain('set HMS_DATA_DIR to a folder this user can write');

    const closed = await freePort();
    const unreachable = await runToEnd(server, [], { DATABASE_URL: `postgres://hms@127.0.0.1:${closed}/hms`, HMS_DB_WAIT_SECONDS: '0', HMS_PORT: String(await freePort()) });
    expect(unreachable.code).toBe(1);
    expectSentence(unreachable.stderr, 'HMS server could not start: ');
    expect(unreachable.stderr).toContain('The database did not answer within 0 s.');
  });
});

describe(`the embedded PostgreSQL from a mode-700 folder, ${runningAsRoot() ? 'as root (PostgreSQL runs as the postgres user)' : 'as an ordinary user'}`, () => {
  it('starts, answers /health, keeps its cluster where that user can reach it, and stops cleanly', async () => {
    const locked = join(scratch, 'locked');
    await mkdir(locked, { mode: 0o700 });
    await chmod(locked, 0o700);
    const dataDir = join(locked, 'var');
    const systemDir = join(scratch, 'system');
    const account = await serviceAccount('postgres');
    const started = await startServerProcess({ DATABASE_URL: '', HMS_DATA_DIR: dataDir, HMS_EMBEDDED_PG_PORT: String(await freePort()), HMS_EMBEDDED_PG_SYSTEM_DIR: systemDir, HMS_DEMO: '0' });
    let clusterDir: string;
    try {
      expect(await (await fetch(`http://127.0.0.1:${started.port}/health`)).json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
      const link = join(dataDir, 'pg');
      if (account !== undefined) {
        // The postgres user cannot enter the data folder: the cluster is under the system folder,
        // owned by that user, and the data folder links to it.
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        clusterDir = join(systemDir, 'clusters', readlinkSync(link).split('/').at(-1)!);
        expect(statSync(clusterDir).uid).toBe(account.uid);
        expect(statSync(clusterDir).mode & 0o777).toBe(0o700);
      } else {
        expect(lstatSync(link).isDirectory()).toBe(true);
        clusterDir = link;
        expect(statSync(clusterDir).uid).toBe(process.getuid?.());
      }
      expect(existsSync(join(clusterDir, 'PG_VERSION'))).toBe(true);
      expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(true);
      expect((await readFile(join(dataDir, 'pg-password'), 'utf8')).trim().length).toBeGreaterThan(20);
    } finally {
      await started.stop();
    }
    expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(false);
    // A second start finds the same cluster through the data folder.
    const again = await startServerProcess({ DATABASE_URL: '', HMS_DATA_DIR: dataDir, HMS_EMBEDDED_PG_PORT: String(await freePort()), HMS_EMBEDDED_PG_SYSTEM_DIR: systemDir, HMS_DEMO: '0' });
    try {
      expect((await fetch(`http://127.0.0.1:${again.port}/health`)).status).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it('runs PostgreSQL\'s programs from where that user can reach them', async () => {
    const packaged = await packagedBinaries();
    // The package's programs as they would sit in a checkout under a mode-700 folder.
    const checkout = join(scratch, 'checkout');
    await mkdir(checkout, { mode: 0o700 });
    await chmod(checkout, 0o700);
    const hidden = join(checkout, 'native');
    await new Promise<void>((resolve, reject) => spawn('cp', ['-al', packaged.root, hidden]).on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cp ${code}`)))));
    const account = await serviceAccount('postgres');
    const systemDir = join(scratch, 'programs');
    const usable = await binariesFor(account, systemDir, { ...packaged, root: hidden, initdb: join(hidden, 'bin', 'initdb'), postgres: join(hidden, 'bin', 'postgres') });
    if (account !== undefined) expect(usable.root).toBe(join(systemDir, packaged.version));
    else expect(usable.root).toBe(hidden);
    const version = await new Promise<string>((resolve, reject) => {
      const child = spawn(usable.postgres, ['--version'], { cwd: '/', ...(account === undefined ? {} : { uid: account.uid, gid: account.gid }) });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', () => resolve(out.trim()));
    });
    expect(version).toMatch(/^postgres \(PostgreSQL\) 18\./);
    // A second call reuses the copy.
    expect((await binariesFor(account, systemDir, { ...packaged, root: hidden, initdb: join(hidden, 'bin', 'initdb'), postgres: join(hidden, 'bin', 'postgres') })).root).toBe(usable.root);
  });
});
