import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Knex } from 'knex';
import type { Logger } from '../log.js';
import type { Metrics } from './metrics.js';

export interface HttpDeps {
  db: Knex;
  metrics: Metrics;
  log: Logger;
  /** Extra routes (the browser workstation's files); return true when handled. */
  fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
}

const HEALTH_TIMEOUT_MS = 2_000;

export function createHttpServer(deps: HttpDeps): Server {
  return createServer((request, response) => {
    route(deps, request, response).catch((error: unknown) => {
      deps.log.error({ err: error, path: request.url }, 'http request failed');
      if (!response.headersSent) sendJson(response, 500, { error: { code: 'INTERNAL', message: 'Internal error.' } });
      else response.destroy();
    });
  });
}

async function route(deps: HttpDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method === 'GET' && path === '/health') {
    const database = await databaseHealth(deps.db);
    sendJson(response, database === 'ok' ? 200 : 503, { status: database === 'ok' ? 'ok' : 'degraded', checks: { database } });
    return;
  }
  if (request.method === 'GET' && path === '/metrics') {
    const body = await deps.metrics.registry.metrics();
    response.writeHead(200, { 'content-type': deps.metrics.registry.contentType, 'cache-control': 'no-store' });
    response.end(body);
    return;
  }
  if (deps.fallback !== undefined && (await deps.fallback(request, response))) return;
  sendJson(response, 404, { error: { code: 'NOT_FOUND', message: 'Not found.' } });
}

async function databaseHealth(db: Knex): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.raw('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('health check timed out')), HEALTH_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}
