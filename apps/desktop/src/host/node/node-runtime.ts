import { randomInt } from 'node:crypto';
import WebSocket from 'ws';
import type { OpenSocket, Runtime } from '../../shared/connection/runtime.js';

export const nodeRuntime: Runtime = {
  now: () => Date.now(),
  schedule(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
  random: () => randomInt(0, 2 ** 31) / 2 ** 31,
};

/** The connection's sockets in Node: `ws`, with a handshake deadline so a dead LAN fails fast. */
export function openWsSocket(handshakeTimeoutMs = 5_000): OpenSocket {
  return (url, events) => {
    const socket = new WebSocket(url, { handshakeTimeout: handshakeTimeoutMs, perMessageDeflate: false });
    socket.on('open', () => events.open());
    socket.on('message', (data, isBinary) => {
      if (!isBinary) events.message(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'));
    });
    socket.on('error', (error) => events.error(describeSocketError(error)));
    socket.on('close', (code, reason) => events.close(code, reason.toString('utf8')));
    return {
      send(text) {
        if (socket.readyState !== WebSocket.OPEN) throw new Error('not connected');
        socket.send(text);
      },
      close(code, reason) {
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
        else socket.close(code, reason);
      },
    };
  };
}

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'The server refused the connection (is it running?).',
  ENOTFOUND: 'The server name could not be found on the network.',
  EAI_AGAIN: 'The server name could not be found on the network.',
  EHOSTUNREACH: 'The server cannot be reached on the network.',
  ENETUNREACH: 'The server cannot be reached on the network.',
  ETIMEDOUT: 'The server did not answer in time.',
};

function describeSocketError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === undefined ? undefined : SOCKET_ERRORS[code]) ?? error.message;
}
