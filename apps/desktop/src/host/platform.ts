import type { OpenSocket, Runtime } from '../shared/connection/runtime.js';
import type { PrintDocument, PrintOutcome } from '../shared/printing/documents.js';
import type { DiscoveredDevices } from '../shared/protocol/records.js';
import type { HostKind } from '../shared/protocol/status.js';
import type { ScannerSettings, WorkstationSettings } from '../shared/settings.js';
import type { KeyValueStore, LocalCache } from './cache/local-cache.js';
import type { CacheMigration } from './cache/migrations.js';
import type { PasswordCheck } from './workstation/session-lock.js';

/** Prints a document on this workstation's printer for its role. */
export interface PrintService {
  print(document: PrintDocument): Promise<PrintOutcome>;
}

export interface PrintDeps {
  settings: () => WorkstationSettings;
  /** The hospital as the server names it; the workstation's own setting until the server was reached. */
  hospital: () => { name: string; address: string | null } | undefined;
  now: () => Date;
}

/** A serial scanner: opened from settings, reopened when unplugged. */
export interface SerialScannerPort {
  configure(settings: ScannerSettings['serial']): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * What a runtime gives the Host kernel: everything that is not plain TypeScript (time, sockets,
 * storage, printers, devices). A capability this runtime lacks is absent, and the host and its
 * desks do without it (HostInfo reports which are there).
 */
export interface HostPlatform {
  readonly kind: HostKind;
  readonly runtime: Runtime;
  readonly openSocket: OpenSocket;
  randomUUID(): string;
  /** Opens the local database with these migrations (capabilities `cache` and `outbox`). */
  openCache?(migrations: readonly CacheMigration[]): LocalCache;
  /** Where settings are kept; the cache's key/value area when absent. */
  readonly settingsValues?: KeyValueStore;
  /** Settings this runtime decides itself (the browser talks to the server that served it). */
  pinSettings?(settings: WorkstationSettings): WorkstationSettings;
  /** `silent`: straight to the chosen printer, no dialog (capability `silentPrinting`). */
  readonly printing: { readonly silent: boolean; create(deps: PrintDeps): PrintService };
  /** How an unlock is checked offline; absent, the server checks it (the same user signs in again). */
  readonly passwordCheck?: PasswordCheck;
  /** Serial ports and system print queues (capability `serial`). */
  readonly devices?: {
    discover(): Promise<DiscoveredDevices>;
    serialScanner(onScan: (code: string) => void): SerialScannerPort;
  };
}
