import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient, freePort, startServerProcess } from '../test-support/index.js';

const dataDir = await mkdtemp(join(tmpdir(), 'hms-embedded-'));
await chmod(dataDir, 0o755);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function startWithoutDatabaseUrl() {
  return startServerProcess({
    DATABASE_URL: '',
    HMS_DATA_DIR: dataDir,
    HMS_EMBEDDED_PG_PORT: String(await freePort()),
    HMS_DEMO: '1',
    HMS_DEMO_PASSWORD: 'demo passphrase 2026',
  });
}

describe('the server with no database configured', () => {
  it('runs an embedded PostgreSQL in its data folder, stops it cleanly, and keeps the data across restarts', async () => {
    const first = await startWithoutDatabaseUrl();
    const health = await fetch(`http://127.0.0.1:${first.port}/health`);
    expect(await health.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
    expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);

    const admin = await TestClient.connect(first.wsUrl);
    await admin.signIn('admin', 'demo passphrase 2026');
    await admin.call('system.announce', { message: 'written before the restart' });
    await admin.close();

    const exit = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
    first.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    // PostgreSQL stopped with it: its lock file is gone.
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await startWithoutDatabaseUrl();
    try {
      const again = await TestClient.connect(second.wsUrl);
      await again.signIn('admin', 'demo passphrase 2026');
      const { items } = await again.call('audit.query', { action: 'system.announce' });
      expect(items.map((item) => (item.details as { message: string }).message)).toEqual(['written before the restart']);
      await again.close();
    } finally {
      await second.stop();
    }
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});
