import { mayCall, methods } from '@hms/core';
import type { Role } from '@hms/core';
import type { ServerConnection } from '../../shared/connection/server-connection.js';
import type { MrnBlockStatus } from '../../shared/protocol/records.js';
import type { WorkstationSettings } from '../../shared/settings.js';
import type { LocalCache } from '../cache/local-cache.js';
import { MrnPool } from './mrn-pool.js';
import type { MrnOwner } from './mrn-pool.js';

export interface OfflineMrnsDeps {
  cache: LocalCache;
  connection: ServerConnection;
  settings: () => WorkstationSettings;
  roles: () => readonly Role[];
  /** How many MRNs to keep in hand for offline registration, and how many to ask for at a time. */
  lowWater?: number;
  blockSize?: number;
}

/**
 * The workstation's offline identifier blocks: MRNs reserved while online (`mrn.reserveBlock`),
 * kept in the cache, so any desk that registers patients offline hands out the final MRN at
 * once. Signed in as a user who may register, at least `lowWater` are kept in hand.
 */
export class OfflineMrns {
  readonly pool: MrnPool;
  private readonly deps: OfflineMrnsDeps;
  private toppingUp: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(deps: OfflineMrnsDeps) {
    this.deps = deps;
    this.pool = new MrnPool(deps.cache);
  }

  /** Called when a new block came in. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether the signed-in user may register patients (and so needs MRNs in hand). */
  mayRegister(): boolean {
    return mayCall(methods['patients.register'].access, this.deps.roles());
  }

  /** Whose numbers: this server, and the workstation id the session was opened with. */
  owner(): MrnOwner {
    const settings = this.deps.settings();
    return { serverUrl: settings.serverUrl, workstationId: settings.workstationId };
  }

  status(now: Date): MrnBlockStatus {
    return this.pool.status(this.owner(), now);
  }

  /** The next MRN for `patientId`, or undefined when none is left. */
  take(patientId: string, now: Date): string | undefined {
    return this.pool.take(this.owner(), patientId, now);
  }

  /** The MRN this workstation took for a patient it registered offline (and printed), if it did. */
  takenFor(patientId: string): string | undefined {
    return this.pool.takenFor(patientId);
  }

  /** Keeps enough MRNs in hand to register offline: reserves a new block when few are left. */
  topUp(now: Date): Promise<void> {
    this.toppingUp ??= (async () => {
      if (!this.mayRegister()) return;
      const owner = this.owner();
      if (this.pool.status(owner, now).remaining >= (this.deps.lowWater ?? 10)) return;
      const { block } = await this.deps.connection.call('mrn.reserveBlock', { size: this.deps.blockSize ?? 50 });
      // The block belongs to the workstation id the session was opened with.
      if (block.workstationId !== owner.workstationId) return;
      this.pool.add(block, owner);
      for (const listener of this.listeners) listener();
    })().finally(() => {
      this.toppingUp = undefined;
    });
    return this.toppingUp;
  }
}
