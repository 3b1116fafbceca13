import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticFiles } from './static-files.js';

// The browser workstation's files, served by a real HTTP server on loopback.

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-static-'));
  const root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>HMS</title>');
  await writeFile(join(root, 'assets', 'index-DNGyLRkT.js'), 'console.log(1);');
  await writeFile(join(root, 'assets', 'Roboto-Regular-HRLVdr_s.ttf'), 'font');
  await writeFile(join(root, 'favicon.svg'), '<svg/>');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(dir, 'outside.txt'), 'outside');
  await symlink(join(dir, 'outside.txt'), join(root, 'assets', 'link.txt'));
  const serve = createStaticFiles({ root });
  server = createServer((request, response) => {
    void serve(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** A raw request, so that paths reach the server exactly as written (fetch would normalise "..") */
function raw(path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files of the browser workstation', () => {
  it('serves index.html at / and for client routes, with the page policy and revalidation', async () => {
    for (const path of ['/', '/reception', '/settings/printers']) {
      const response = await raw(path);
      expect(response.status).toBe(200);
      expect(response.body).toContain('<title>HMS</title>');
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('caches hashed assets for a year and gives each its content type', async () => {
    const script = await raw('/assets/index-DNGyLRkT.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-security-policy']).toBeUndefined();
    expect((await raw('/assets/Roboto-Regular-HRLVdr_s.ttf')).headers['content-type']).toBe('font/ttf');
    const icon = await raw('/favicon.svg');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers 304 to a matching If-None-Match, and HEAD without a body', async () => {
    const first = await raw('/assets/index-DNGyLRkT.js');
    const again = await raw('/assets/index-DNGyLRkT.js', 'GET', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const head = await raw('/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
  });

  it('serves nothing outside its folder, no dotfiles, and no missing asset as a page', async () => {
    for (const path of ['/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/assets/%2e%2e%2f%2e%2e%2foutside.txt', '/.env', '/assets/missing.js', '/a%00b', '/%E0%A4%A']) {
      const response = await raw(path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('outside');
      expect(response.body).not.toContain('SECRET');
    }
    expect((await raw('/', 'POST')).status).toBe(404);
  });

  it('does not follow a symlink out of its folder', async () => {
    const response = await raw('/assets/link.txt');
    expect(response.status).toBe(404);
  });

  it('says how to build the renderer when it is missing', async () => {
    const serve = createStaticFiles({ root: join(dir, 'not-built') });
    const missing = createServer((request, response) => {
      void serve(request, response).then((handled) => (handled ? undefined : response.writeHead(404).end()));
    });
    await new Promise<void>((resolve) => missing.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(missing.address() as AddressInfo).port}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('build:renderer');
    } finally {
      await new Promise<void>((resolve) => missing.close(() => resolve()));
    }
  });

  it('serves workstation updates under their mount path, without the single-page fallback', async () => {
    const updates = join(dir, 'updates');
    await mkdir(updates, { recursive: true });
    await writeFile(join(updates, 'latest.yml'), 'version: 0.2.0\npath: hms-workstation-0.2.0.exe\n');
    const serve = createStaticFiles({ root: updates, mountPath: '/updates/desktop', spaFallback: false });
    const server = createServer((request, response) => {
      void serve(request, response).then((handled) => (handled ? undefined : response.writeHead(404).end()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const latest = await fetch(`${at}/updates/desktop/latest.yml`);
      expect(latest.status).toBe(200);
      expect(latest.headers.get('content-type')).toBe('text/yaml; charset=utf-8');
      expect(latest.headers.get('cache-control')).toBe('no-cache');
      expect(await latest.text()).toContain('version: 0.2.0');
      expect((await fetch(`${at}/updates/desktop/no-such-release`)).status).toBe(404);
      expect((await fetch(`${at}/latest.yml`)).status).toBe(404);
      expect((await fetch(`${at}/updates/desktop/../renderer/index.html`)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
