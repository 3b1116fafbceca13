import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort } from '../test-support/index.js';

// `npm start` is npm -> build/bootstrap.mjs -> the server. npm exits on SIGTERM without passing
// it on; the server (and with it the embedded PostgreSQL) must not be left running orphaned.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const database = await createTestDatabase();
const dataDir = await mkdtemp(join(tmpdir(), 'hms-parent-gone-'));
afterAll(async () => {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function healthAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    return response.ok;
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('stops the server when the process that started it goes away without passing a signal on', async () => {
    const port = await freePort();
    // sh stands for npm: it starts the bootstrap, says its pid, and is then killed outright.
    const parent = spawn('sh', ['-c', 'node build/bootstrap.mjs start & echo "bootstrap $!"; wait'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.serverUrl, HMS_PORT: String(port), HMS_HOST: '127.0.0.1', HMS_LOG_LEVEL: 'warn', HMS_DATA_DIR: dataDir, HMS_AUDIT_KEY_FILE: database.auditKeyFile, HMS_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    parent.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    parent.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    let bootstrapPid = 0;
    try {
      expect(await until(() => healthAnswers(port), 60_000), output).toBe(true);
      bootstrapPid = Number(/bootstrap (\d+)/.exec(output)?.[1]);
      expect(alive(bootstrapPid)).toBe(true);

      parent.kill('SIGKILL');

      expect(await until(async () => !(await healthAnswers(port)), 15_000), output).toBe(true);
      expect(await until(async () => !alive(bootstrapPid), 15_000), output).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      // The bootstrap passes SIGTERM on to the server: nothing is left running if this failed.
      if (bootstrapPid > 0 && alive(bootstrapPid)) process.kill(bootstrapPid, 'SIGTERM');
    }
  }, 120_000);
});
