import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser, startTestServer, TestClient } from '../test-support/index.js';
import type { TestDatabase, TestServer } from '../test-support/index.js';
import { readCheckpoints } from './checkpoints.js';
import { verifyAuditChain } from './verify.js';

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({
    db: database.db,
    databaseUrl: database.url,
    auditKey: database.auditKey,
    auditCheckpoints: { file: database.auditCheckpointFile, intervalMs: 100 },
  });
});

afterAll(async () => {
  await server.stop();
  await database.drop();
});

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out');
}

describe('the running server', () => {
  it('checkpoints the chain\'s head on its own as the log grows, signed with its key', async () => {
    const user = await createTestUser(database.db, 'cp.admin', ['admin']);
    const client = await TestClient.connect(server.wsUrl);
    await client.signIn(user.username, user.password);
    await client.call('system.announce', { message: 'one' });
    const head = async () => (await database.db('audit_log').orderBy('seq', 'desc').first()) as { seq: number; hash: string };
    const first = await head();
    await until(async () => (await readCheckpoints(database.auditCheckpointFile)).find((checkpoint) => checkpoint.seq === first.seq));
    await client.call('system.announce', { message: 'two' });
    const second = await head();
    const checkpoint = await until(async () => (await readCheckpoints(database.auditCheckpointFile)).find((entry) => entry.seq === second.seq));
    expect(checkpoint.hash).toBe(second.hash);
    await client.close();
    const report = await verifyAuditChain(database.db, database.auditKey, await readCheckpoints(database.auditCheckpointFile));
    expect(report).toMatchObject({ ok: true, checkpoint: { seq: second.seq } });
  });
});
