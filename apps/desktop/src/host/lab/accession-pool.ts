import { LabAccessionBlockSchema } from '@hms/core';
import type { LabAccessionBlock } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const KEY = 'lab.accessions';
/** Kept in hand for labelling offline: a morning's collections at a busy bench. */
const LOW_WATER = 20;
const BLOCK_SIZE = 100;

const StoredSchema = z.object({
  serverUrl: z.string(),
  workstationId: z.string(),
  blocks: z.array(LabAccessionBlockSchema.pick({ id: true, accessions: true, expiresAt: true })),
  /** Accession -> what took it (an order, a walk-in), so a second container of the same request gets the same number. */
  taken: z.record(z.string(), z.string()),
});
type Stored = z.infer<typeof StoredSchema>;

export interface AccessionPoolDeps {
  values: KeyValueStore;
  /** Whose numbers: this server, and the workstation id the session was opened with. */
  owner(): { serverUrl: string; workstationId: string };
  /** Online and signed in as a user who may reserve (lab.reserveAccessions). */
  mayReserve(): boolean;
  reserve(size: number): Promise<LabAccessionBlock>;
}

export interface AccessionStatus {
  remaining: number;
  /** When the soonest block in hand stops being used. */
  expiresAt: string | null;
}

/**
 * This workstation's accession numbers for labelling while the LAN is down, as offline MRNs are
 * kept (workstation/offline-mrns.ts): blocks reserved while online (`lab.reserveAccessions`,
 * for the workstation id the session was opened with), kept in the key/value area per server
 * and workstation. Offline, a request without an accession takes the next unused one; the
 * server accepts it on replay only from this workstation's block, once.
 */
export class AccessionPool {
  private readonly deps: AccessionPoolDeps;
  private toppingUp: Promise<void> | undefined;

  constructor(deps: AccessionPoolDeps) {
    this.deps = deps;
  }

  status(now: Date): AccessionStatus {
    const stored = this.stored();
    const usable = stored.blocks.filter((block) => block.expiresAt > now.toISOString());
    const remaining = usable.reduce((sum, block) => sum + block.accessions.filter((accession) => stored.taken[accession] === undefined).length, 0);
    const expiresAt = usable.map((block) => block.expiresAt).sort()[0] ?? null;
    return { remaining, expiresAt };
  }

  /** The accession `owner` took before, or the next unused one of a block in force; undefined when none is left. */
  take(owner: string, now: Date): string | undefined {
    const stored = this.stored();
    const before = Object.entries(stored.taken).find(([, taker]) => taker === owner)?.[0];
    if (before !== undefined) return before;
    for (const block of [...stored.blocks].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))) {
      if (block.expiresAt <= now.toISOString()) continue;
      const next = block.accessions.find((accession) => stored.taken[accession] === undefined);
      if (next === undefined) continue;
      this.save({ ...stored, taken: { ...stored.taken, [next]: owner } });
      return next;
    }
    return undefined;
  }

  add(block: LabAccessionBlock): void {
    const stored = this.stored();
    if (block.workstationId !== stored.workstationId || stored.blocks.some((kept) => kept.id === block.id)) return;
    this.save({ ...stored, blocks: [...stored.blocks, { id: block.id, accessions: block.accessions, expiresAt: block.expiresAt }] });
  }

  /** Keeps enough numbers in hand: reserves a block when few are left (online, for a user of the lab). */
  topUp(now: Date): Promise<void> {
    this.toppingUp ??= (async () => {
      if (!this.deps.mayReserve() || this.status(now).remaining >= LOW_WATER) return;
      this.add(await this.deps.reserve(BLOCK_SIZE));
    })().finally(() => {
      this.toppingUp = undefined;
    });
    return this.toppingUp;
  }

  private stored(): Stored {
    const { serverUrl, workstationId } = this.deps.owner();
    const kept = this.deps.values.getValue(KEY, StoredSchema);
    // Another server's or workstation's numbers are not this desk's to use.
    return kept !== undefined && kept.serverUrl === serverUrl && kept.workstationId === workstationId ? kept : { serverUrl, workstationId, blocks: [], taken: {} };
  }

  private save(stored: Stored): void {
    this.deps.values.setValue(KEY, stored);
  }
}
