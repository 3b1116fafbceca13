import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../db/connect.js';
import type { Knex } from '../db/connect.js';
import { TcpProxy, TestClient, createTestDatabase, createTestUser, startTestServer } from '../test-support/index.js';
import type { TestDatabase, TestServer } from '../test-support/index.js';

let database: TestDatabase;
let proxy: TcpProxy;
let proxiedDb: Knex;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  const proxied = new URL(database.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  proxiedDb = createDatabase({ url: proxied.toString(), poolMax: 5 });
  server = await startTestServer({ db: proxiedDb, databaseUrl: database.url });
});

afterAll(async () => {
  await server.stop();
  await proxiedDb.destroy();
  await proxy.stop();
  await database.drop();
});

describe('GET /health', () => {
  it('is 200 ok while the database answers', async () => {
    const response = await fetch(`${server.httpUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('is 503 degraded when the database is unreachable, and ok again when it is back', async () => {
    proxy.cut();
    const down = await fetch(`${server.httpUrl}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'degraded', checks: { database: 'unreachable' } });
    proxy.restore();
    await expect.poll(async () => (await fetch(`${server.httpUrl}/health`)).status, { timeout: 10_000 }).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('reports requests by method and outcome, latency, open sockets and pool use in Prometheus text', async () => {
    const user = await createTestUser(database.db, 'metrics.nurse', ['nurse']);
    const client = await TestClient.connect(server.wsUrl);
    await client.signIn(user.username, user.password);
    await client.call('system.ping', {});
    await client.callError('users.list', {});
    const response = await fetch(`${server.httpUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/hms_requests_total\{method="system.ping",outcome="ok"\} 1/);
    expect(text).toMatch(/hms_requests_total\{method="users.list",outcome="FORBIDDEN"\} 1/);
    expect(text).toMatch(/hms_request_duration_seconds_bucket\{le="0.005",method="system.ping"\}/);
    expect(text).toMatch(/^hms_open_sockets 1$/m);
    expect(text).toMatch(/^hms_db_pool_max 5$/m);
    expect(text).toMatch(/^hms_db_pool_used \d+$/m);
    expect(text).not.toMatch(/metrics\.nurse|correct horse/);
    await client.close();
  });

  it('answers 404 with a typed error elsewhere', async () => {
    const response = await fetch(`${server.httpUrl}/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
