import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { PAPER_STATUS_REQUEST } from '../node/printing/escpos.js';

/** A raw TCP printer on 127.0.0.1 (port 9100's stand-in) that keeps every job it receives. */
export interface FakePrinter {
  port: number;
  jobs: Buffer[];
  /** Connections over and done with: whatever they carried is in `jobs` by then. */
  readonly connectionsClosed: number;
  close(): Promise<void>;
}

export interface FakePrinterOptions {
  /** The byte answered to ESC/POS DLE EOT 4 (paper status); a Zebra ~HS answer otherwise. */
  status?: number;
  /** Never answer a status query (a printer that is on but hung). */
  silent?: boolean;
}

export async function startFakePrinter(options: FakePrinterOptions = {}): Promise<FakePrinter> {
  const jobs: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connectionsClosed = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    let kept = false;
    // A client may end with FIN ('end') or reset ('close' alone): the job is kept either way.
    const keep = () => {
      if (!kept && chunks.length > 0) jobs.push(Buffer.concat(chunks));
      kept = true;
    };
    socket.on('data', (chunk: Buffer) => {
      if (chunk.equals(Buffer.from(PAPER_STATUS_REQUEST)) || chunk.toString('latin1') === '~HS') {
        if (options.silent === true) return;
        if (options.status !== undefined) socket.write(Buffer.of(options.status));
        else socket.write('\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n\x02000,0,0,0,0,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n');
        return;
      }
      chunks.push(chunk);
    });
    socket.on('end', () => {
      keep();
      socket.end();
    });
    socket.on('close', () => {
      keep();
      sockets.delete(socket);
      connectionsClosed += 1;
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    jobs,
    get connectionsClosed() {
      return connectionsClosed;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
