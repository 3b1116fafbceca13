import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LoopbackServerFrame } from '../../../shared/ipc.js';
import type { Host } from '../../host.js';
import { createNodeHost } from '../create-host.js';
import { waitUntil } from '../../test-support/wait.js';
import { startLoopbackServer } from './loopback-server.js';
import type { LoopbackServer } from './loopback-server.js';

// The dev/test host's door: the token, the Host and Origin checks, and requests and events
// over the socket. The server address is unreachable on purpose (nothing needs it here).

let dir: string;
let host: Host;
let loopback: LoopbackServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-loopback-'));
  const renderer = join(dir, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>HMS</title>');
  await writeFile(join(renderer, 'assets', 'app-1234.js'), 'export {};');
  host = createNodeHost({ dataDir: join(dir, 'data'), defaults: { serverUrl: 'http://127.0.0.1:9', workstationId: 'desk-9' }, version: 'test', backoff: { baseMs: 5_000, capMs: 5_000 } });
  await host.start();
  loopback = await startLoopbackServer({ host, rendererDir: renderer });
});

afterAll(async () => {
  await loopback.close();
  await host.stop();
  await rm(dir, { recursive: true, force: true });
});

function open(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${loopback.port}/host${query}`, { headers: { origin: `http://127.0.0.1:${loopback.port}`, ...headers } });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('loopback server', () => {
  it('serves the renderer with a strict policy, and index.html for client routes', async () => {
    const page = await fetch(`http://127.0.0.1:${loopback.port}/settings/printers`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>HMS</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`http://127.0.0.1:${loopback.port}/assets/app-1234.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`http://127.0.0.1:${loopback.port}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${loopback.port}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect(loopback.url).toBe(`http://127.0.0.1:${loopback.port}/#hostToken=${encodeURIComponent(loopback.token)}`);
  });

  it('refuses a socket without the token, from another origin, or under another host name', async () => {
    await expect(open('')).rejects.toThrow(/403/);
    await expect(open('?hostToken=wrong')).rejects.toThrow(/403/);
    await expect(open(`?hostToken=${loopback.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(open(`?hostToken=${loopback.token}`, { host: 'evil.example' })).rejects.toThrow(/403/);
  });

  it('answers requests as HostResults and pushes host events', async () => {
    const socket = await open(`?hostToken=${encodeURIComponent(loopback.token)}`);
    const frames: LoopbackServerFrame[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data)) as LoopbackServerFrame));
    try {
      socket.send(JSON.stringify({ id: 1, channel: 'host.info', request: {} }));
      socket.send(JSON.stringify({ id: 2, channel: 'settings.update', request: { serverUrl: 'not a url', workstationId: 'desk-9' } }));
      socket.send(JSON.stringify({ id: 3, channel: 'no.such.thing', request: {} }));
      socket.send(JSON.stringify({ id: 4, channel: 'cache.searchPatients', request: { query: 'amina' } }));
      socket.send(JSON.stringify({ id: 5, channel: 'server.call', request: { method: 'system.ping', params: {} } }));
      await waitUntil(() => frames.filter((frame) => 'id' in frame).length === 5, 'five replies');
      const reply = (id: number) => frames.find((frame) => 'id' in frame && frame.id === id);
      expect(reply(1)).toEqual({ id: 1, result: { ok: true, value: { kind: 'desktop', version: 'test', cache: true, outbox: true, serial: true, silentPrinting: true } } });
      expect(reply(2)).toMatchObject({ result: { ok: false, error: { code: 'VALIDATION', details: { fields: { serverUrl: 'an address such as http://hms-server:7400' } } } } });
      expect(reply(3)).toMatchObject({ result: { ok: false, error: { code: 'BAD_REQUEST' } } });
      expect(reply(4)).toMatchObject({ result: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
      expect(reply(5)).toMatchObject({ result: { ok: false, error: { code: 'UNAVAILABLE' } } });

      socket.send(JSON.stringify({ id: 6, channel: 'settings.update', request: { ...host.settings.get(), hospitalName: 'St. Mary Hospital' } }));
      await waitUntil(() => frames.some((frame) => 'id' in frame && frame.id === 6), 'the update');
      expect(host.settings.get().hospitalName).toBe('St. Mary Hospital');
      socket.send(JSON.stringify({ id: 7, channel: 'session.lock', request: {} }));
      await waitUntil(() => frames.some((frame) => 'event' in frame && frame.event === 'status'), 'a status event');
    } finally {
      socket.close();
    }
  });
});
