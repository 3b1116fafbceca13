import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { SerialPort } from 'serialport';
import type { Transport } from '@hms/core';
import { Backoff } from './backoff.js';
import type { Runner, RunnerContext } from './runner.js';

/** A byte stream to one peer: an accepted or opened socket, or a serial port. */
export interface Line {
  write(bytes: Uint8Array): void;
  onData(handler: (chunk: Buffer) => void): void;
  /** Once, when the line is gone (closed by either side, or broken). */
  onClose(handler: () => void): void;
  close(): void;
}

/** What a protocol does with each line while it is open. */
export type LineHandler = (line: Line) => void;

function socketLine(socket: Socket): Line {
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 10_000);
  socket.on('error', () => socket.destroy());
  return {
    write: (bytes) => { if (!socket.destroyed) socket.write(bytes); },
    onData: (handler) => socket.on('data', handler),
    onClose: (handler) => socket.once('close', handler),
    close: () => socket.destroy(),
  };
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Listens on the configured port; every sender that connects is its own line. A port lost or taken is retried. */
function tcpServer(ctx: RunnerContext, transport: Extract<Transport, { kind: 'tcp-server' }>, handle: LineHandler): Runner {
  const backoff = new Backoff();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const listen = () => {
    ctx.live.state('starting', ctx.clock.now());
    const current = createServer((socket) => {
      sockets.add(socket);
      ctx.live.connections(1);
      ctx.live.state('connected', ctx.clock.now());
      const line = socketLine(socket);
      line.onClose(() => {
        sockets.delete(socket);
        ctx.live.connections(-1);
        if (!stopped && sockets.size === 0) ctx.live.state('listening', ctx.clock.now());
      });
      handle(line);
    });
    server = current;
    current.on('error', (error) => {
      ctx.live.error(describe(error));
      current.close();
      if (stopped) return;
      const delay = backoff.next();
      ctx.live.state('waiting', ctx.clock.now(), new Date(ctx.clock.now().getTime() + delay));
      retry = setTimeout(listen, delay);
    });
    current.listen({ port: transport.port, host: transport.host ?? '0.0.0.0' }, () => {
      backoff.reset();
      ctx.live.state('listening', ctx.clock.now());
    });
  };
  listen();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server?.listening === true ? server.close(() => resolve()) : resolve()));
    },
  };
}

/**
 * Keeps one line open, opening it again with back-off whenever it is lost: a TCP connection
 * to the analyzer or middleware, or a serial port (a cable pulled or a USB adapter unplugged).
 */
function reconnecting(ctx: RunnerContext, open: (onOpen: (line: Line) => void, onFail: (error: unknown) => void) => () => void, handle: LineHandler): Runner {
  const backoff = new Backoff();
  let retry: NodeJS.Timeout | undefined;
  let closeCurrent: (() => void) | undefined;
  let stopped = false;
  const again = (error: unknown) => {
    if (stopped) return;
    if (error !== undefined) ctx.live.error(describe(error));
    const delay = backoff.next();
    ctx.live.state('waiting', ctx.clock.now(), new Date(ctx.clock.now().getTime() + delay));
    retry = setTimeout(attempt, delay);
  };
  const attempt = () => {
    if (stopped) return;
    ctx.live.state('connecting', ctx.clock.now());
    let settled = false;
    closeCurrent = open(
      (line) => {
        settled = true;
        backoff.reset();
        ctx.live.connections(1);
        ctx.live.state('connected', ctx.clock.now());
        line.onClose(() => {
          ctx.live.connections(-1);
          closeCurrent = undefined;
          again(new Error('the line closed'));
        });
        handle(line);
      },
      (error) => {
        if (settled) return;
        settled = true;
        closeCurrent = undefined;
        again(error);
      },
    );
  };
  attempt();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      closeCurrent?.();
    },
  };
}

function tcpClient(ctx: RunnerContext, transport: Extract<Transport, { kind: 'tcp-client' }>, handle: LineHandler): Runner {
  return reconnecting(ctx, (onOpen, onFail) => {
    const socket = createConnection({ host: transport.host, port: transport.port });
    socket.once('connect', () => onOpen(socketLine(socket)));
    socket.once('error', onFail);
    return () => socket.destroy();
  }, handle);
}

function serial(ctx: RunnerContext, transport: Extract<Transport, { kind: 'serial' }>, handle: LineHandler): Runner {
  return reconnecting(ctx, (onOpen, onFail) => {
    const port = new SerialPort({
      path: transport.path,
      baudRate: transport.baudRate,
      dataBits: transport.dataBits ?? 8,
      parity: transport.parity ?? 'none',
      stopBits: transport.stopBits ?? 1,
      rtscts: transport.flowControl === 'rtscts',
      xon: transport.flowControl === 'xonxoff',
      xoff: transport.flowControl === 'xonxoff',
      autoOpen: false,
    });
    let closed = false;
    const closeOnce = (handlers: (() => void)[]) => {
      if (closed) return;
      closed = true;
      for (const handler of handlers) handler();
    };
    port.open((error) => {
      if (error) {
        onFail(error);
        return;
      }
      const closeHandlers: (() => void)[] = [];
      port.on('close', () => closeOnce(closeHandlers));
      port.on('error', () => { if (port.isOpen) port.close(() => closeOnce(closeHandlers)); else closeOnce(closeHandlers); });
      onOpen({
        write: (bytes) => { if (port.isOpen) port.write(Buffer.from(bytes)); },
        onData: (handler) => port.on('data', handler),
        onClose: (handler) => closeHandlers.push(handler),
        close: () => { if (port.isOpen) port.close(); },
      });
    });
    return () => { if (port.isOpen) port.close(); };
  }, handle);
}

export function openTransport(ctx: RunnerContext, handle: LineHandler): Runner {
  const transport = ctx.config.transport;
  switch (transport.kind) {
    case 'tcp-server': return tcpServer(ctx, transport, handle);
    case 'tcp-client': return tcpClient(ctx, transport, handle);
    case 'serial': return serial(ctx, transport, handle);
  }
}
