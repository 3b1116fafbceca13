import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { LOOPBACK_PATH, LOOPBACK_TOKEN_PARAM } from '../../../shared/ipc.js';
import type { LoopbackServerFrame } from '../../../shared/ipc.js';
import { dispatchHostRequest } from '../../../shared/protocol/channels.js';
import type { Host } from '../../host.js';
import { serveRenderer } from './static-site.js';

export interface LoopbackServerOptions {
  host: Host;
  rendererDir: string;
  port?: number;
  /** Fixed for tests; random (32 bytes) otherwise. */
  token?: string;
}

export interface LoopbackServer {
  port: number;
  token: string;
  /** The page to open: the token rides in the fragment, which never reaches a server log. */
  url: string;
  close(): Promise<void>;
}

const MAX_FRAME = 1024 * 1024;

/**
 * The dev/test host's door for a renderer running in an ordinary browser: the built renderer
 * over HTTP and the HostApi over a WebSocket, on 127.0.0.1 only. The socket needs the random
 * token, a loopback Host header (no DNS rebinding) and an Origin of this very server.
 */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  let port = 0;
  const loopbackHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const http = createServer((request, response) => {
    if (!loopbackHosts().has(request.headers.host ?? '')) {
      response.writeHead(421).end();
      return;
    }
    serveRenderer(options.rendererDir, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();
  const unsubscribe = options.host.onEvent((envelope) => {
    const frame: LoopbackServerFrame = { event: envelope.event, data: envelope.data };
    const text = JSON.stringify(frame);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  });

  const authorised = (request: IncomingMessage): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== LOOPBACK_PATH) return false;
    if (!loopbackHosts().has(request.headers.host ?? '')) return false;
    const origin = request.headers.origin;
    if (origin !== undefined && !loopbackHosts().has(origin.replace(/^http:\/\//, ''))) return false;
    const given = Buffer.from(url.searchParams.get(LOOPBACK_TOKEN_PARAM) ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  http.on('upgrade', (request, socket, head) => {
    if (!authorised(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => undefined);
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        void answer(ws, String(data));
      });
    });
  });

  const answer = async (ws: WebSocket, text: string): Promise<void> => {
    let frame: { id?: unknown; channel?: unknown; request?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null || typeof frame.id !== 'number') return;
    const result = await dispatchHostRequest(options.host.handlers, frame.channel, frame.request);
    const reply: LoopbackServerFrame = { id: frame.id, result };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  port = (http.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#${LOOPBACK_TOKEN_PARAM}=${encodeURIComponent(token)}`,
    close: async () => {
      unsubscribe();
      for (const socket of sockets) socket.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
