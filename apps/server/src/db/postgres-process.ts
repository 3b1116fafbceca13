// initdb and the postmaster, run as child processes of the server (as the service account
// when the server is root). Every way they can fail ends in an EmbeddedStartError: a sentence.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStartError } from './embedded-account.js';
import type { ServiceAccount } from './embedded-account.js';
import type { PostgresBinaries } from './embedded-binaries.js';

// Messages are matched on, so they must be in English whatever the machine's locale.
const ENV = { ...process.env, LC_MESSAGES: 'C', LC_ALL: undefined };

function spawnAs(account: ServiceAccount | undefined, program: string, args: string[], detached = false): ChildProcess {
  return spawn(program, args, {
    // cwd '/': the server's own folder may be one the service account cannot enter.
    cwd: '/',
    detached,
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(account === undefined ? {} : { uid: account.uid, gid: account.gid }),
  });
}

const tail = (text: string) => text.trim().split('\n').filter((line) => line.trim() !== '').slice(-3).join(' / ');

/** Creates the cluster in `clusterDir` (empty or absent, owned by the account). */
export async function initCluster(binaries: PostgresBinaries, account: ServiceAccount | undefined, clusterDir: string, user: string, password: string): Promise<void> {
  // The superuser's password reaches initdb through a file only it and we can read.
  const secretDir = await mkdtemp(join(tmpdir(), 'hms-initdb-'));
  const passwordFile = join(secretDir, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (account !== undefined) {
      await chown(secretDir, account.uid, account.gid);
      await chown(passwordFile, account.uid, account.gid);
    }
    const args = [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'];
    const { code, output } = await finish(spawnAs(account, binaries.initdb, args), binaries.initdb);
    if (code !== 0) throw new EmbeddedStartError(`PostgreSQL's initdb could not create the cluster in ${clusterDir}: ${tail(output)}.`);
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

function finish(child: ChildProcess, program: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) => reject(cannotRun(program, error)));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function cannotRun(program: string, error: Error): EmbeddedStartError {
  const code = (error as NodeJS.ErrnoException).code;
  return new EmbeddedStartError(
    code === 'EACCES'
      ? `${program} cannot be run by the user PostgreSQL runs as (permission denied); put HMS in a folder that user can enter, or run HMS as an ordinary user.`
      : `${program} could not be started (${code ?? error.message}); reinstall with "pnpm install" or point DATABASE_URL at a PostgreSQL server.`,
    { cause: error },
  );
}

export interface Postmaster {
  /** Fast shutdown (committed work is on disk), then the process is gone. */
  stop(): Promise<void>;
}

export interface PostmasterOptions {
  clusterDir: string;
  port: number;
  log: (line: string) => void;
  /** How long to wait for "ready to accept connections". */
  timeoutMs?: number;
}

export function startPostmaster(binaries: PostgresBinaries, account: ServiceAccount | undefined, options: PostmasterOptions): Promise<Postmaster> {
  const child = spawnAs(account, binaries.postgres, [
    '-D', options.clusterDir, '-p', String(options.port),
    '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${options.clusterDir}`,
    // A process group of its own: Ctrl+C in the terminal reaches the server alone, which
    // drains its requests and then stops the database (a postmaster left by a killed server
    // is stopped at the next start).
  ], true);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return new Promise<Postmaster>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedStartError(`The embedded PostgreSQL did not become ready within ${(options.timeoutMs ?? 60_000) / 1000} s: ${tail(output)}.`));
    }, options.timeoutMs ?? 60_000);
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim() !== '') options.log(line);
      if (output.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve({
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(cannotRun(binaries.postgres, error));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(whyItStopped(output, options.port, code));
    });
  });
}

function whyItStopped(output: string, port: number, code: number | null): EmbeddedStartError {
  if (output.includes('Address already in use')) {
    return new EmbeddedStartError(`Port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot listen on it; set HMS_EMBEDDED_PG_PORT to a free port, or stop the program using it.`);
  }
  const fatal = output.split('\n').find((line) => /FATAL|PANIC/.test(line));
  return new EmbeddedStartError(`The embedded PostgreSQL stopped during start-up (exit code ${code ?? 'none'}): ${(fatal ?? tail(output)).replace(/^.*?(FATAL|PANIC):\s*/, '')}.`);
}
