import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenSocket, Runtime } from '../../shared/connection/runtime.js';
import type { HostPlatform } from '../platform.js';
import { CacheDb } from './cache-db.js';
import { discoverDevices } from './devices/discover.js';
import { SerialScanner } from './devices/serial-scanner.js';
import { nodeRuntime, openWsSocket } from './node-runtime.js';
import { PrinterService } from './printing/printer-service.js';
import type { PrinterTimeouts } from './printing/transports.js';
import { scryptPasswordCheck } from './scrypt-password-check.js';

export interface NodePlatformOptions {
  /** Folder of this workstation's cache database. */
  dataDir: string;
  runtime?: Runtime;
  openSocket?: OpenSocket;
  lpCommand?: string;
  printerTimeouts?: Partial<PrinterTimeouts>;
  now?: () => Date;
}

/**
 * The desktop's platform (Electron's main process, the dev/test host): the SQLite cache (and so
 * the outbox), silent printing on raw and PDF printers, serial scanners, an offline unlock.
 */
export function nodePlatform(options: NodePlatformOptions): HostPlatform {
  const runtime = options.runtime ?? nodeRuntime;
  const now = options.now ?? (() => new Date(runtime.now()));
  return {
    kind: 'desktop',
    runtime,
    openSocket: options.openSocket ?? openWsSocket(),
    randomUUID: () => randomUUID(),
    openCache(migrations) {
      mkdirSync(options.dataDir, { recursive: true });
      return CacheDb.open(join(options.dataDir, 'workstation-cache.sqlite'), { now, migrations });
    },
    printing: {
      silent: true,
      create: (deps) => new PrinterService({
        ...deps,
        ...(options.lpCommand === undefined ? {} : { lpCommand: options.lpCommand }),
        ...(options.printerTimeouts === undefined ? {} : { timeouts: options.printerTimeouts }),
      }),
    },
    passwordCheck: scryptPasswordCheck,
    devices: {
      discover: () => discoverDevices(),
      serialScanner: (onScan) => new SerialScanner({ onScan }),
    },
  };
}
