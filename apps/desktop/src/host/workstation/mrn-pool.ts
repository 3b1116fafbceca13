import type { MrnBlock } from '@hms/core';
import type { MrnBlockStatus } from '../../shared/protocol/records.js';
import type { LocalCache } from '../cache/local-cache.js';

/** Whose numbers: blocks belong to one server and to the workstation id given at sign-in. */
export interface MrnOwner {
  serverUrl: string;
  workstationId: string;
}

/**
 * The MRN blocks this workstation reserved while online, kept in the cache so that a desk
 * registering offline hands out the final MRN at once. Numbers go out in order, each once;
 * an expired block is no longer used (the server still accepts the numbers it gave out).
 */
export class MrnPool {
  private readonly cache: LocalCache;

  constructor(cache: LocalCache) {
    this.cache = cache;
  }

  /** Keeps a block the server reserved; adding the same block twice changes nothing. */
  add(block: MrnBlock, owner: MrnOwner): void {
    this.cache.transaction(() => {
      const inserted = this.cache
        .prepare('insert or ignore into mrn_blocks (id, server_url, workstation_id, format, reserved_at, expires_at) values (?, ?, ?, ?, ?, ?)')
        .run(block.id, owner.serverUrl, owner.workstationId, block.format, block.reservedAt, block.expiresAt).changes;
      if (inserted === 0) return;
      const number = this.cache.prepare('insert or ignore into mrn_numbers (mrn, block_id, position) values (?, ?, ?)');
      // Numbers the server says are used already (by an earlier install of this desk) are skipped.
      block.mrns.forEach((mrn, position) => {
        if (position >= block.used) number.run(mrn, block.id, position);
      });
    });
  }

  /** Takes the next free MRN for `patientId`, or undefined when none is left. */
  take(owner: MrnOwner, patientId: string, now: Date): string | undefined {
    return this.cache.transaction(() => {
      const row = this.cache
        .prepare(`select n.mrn from mrn_numbers n join mrn_blocks b on b.id = n.block_id
                  where n.used_at is null and b.server_url = ? and b.workstation_id = ? and b.expires_at > ?
                  order by b.reserved_at, n.position limit 1`)
        .get(owner.serverUrl, owner.workstationId, now.toISOString()) as { mrn: string } | undefined;
      if (row === undefined) return undefined;
      this.cache.prepare('update mrn_numbers set used_at = ?, patient_id = ? where mrn = ?').run(now.toISOString(), patientId, row.mrn);
      return row.mrn;
    });
  }

  /** The MRN this workstation took for a patient it registered offline (and printed), if it did. */
  takenFor(patientId: string): string | undefined {
    const row = this.cache.prepare('select mrn from mrn_numbers where patient_id = ? order by used_at desc limit 1').get(patientId) as { mrn: string } | undefined;
    return row?.mrn;
  }

  status(owner: MrnOwner, now: Date): MrnBlockStatus {
    const row = this.cache
      .prepare(`select count(*) as remaining, min(b.expires_at) as expires from mrn_numbers n join mrn_blocks b on b.id = n.block_id
                where n.used_at is null and b.server_url = ? and b.workstation_id = ? and b.expires_at > ?`)
      .get(owner.serverUrl, owner.workstationId, now.toISOString()) as { remaining: number; expires: string | null };
    return { remaining: row.remaining, expiresAt: row.expires };
  }
}
