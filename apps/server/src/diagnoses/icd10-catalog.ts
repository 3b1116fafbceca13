import { HmsError } from '@hms/core';
import type { Knex } from 'knex';
import { Icd10Index } from './icd10-index.js';
import type { Icd10Row } from './icd10-index.js';

export interface ActiveIcd10Release {
  id: string;
  label: string;
  loadedAt: Date;
  index: Icd10Index;
}

interface ReleaseRow {
  id: string;
  label: string;
  loaded_at: Date;
}

/** How stale the server's idea of the active release may be: an import shows in searches within this. */
const CHECK_MS = 2_000;

/**
 * The active release's index, kept per server process. Which release is active is checked in
 * the background at most every two seconds (an import from the CLI, or another server process,
 * is picked up without a restart); a new release's index is built in the background while
 * searches keep using the one before. Only the very first search waits for a build.
 */
export class Icd10Catalog {
  private readonly db: Knex;
  private active: ActiveIcd10Release | undefined;
  private checkedAt = -Infinity;
  private refreshing: Promise<void> | undefined;

  constructor(db: Knex) {
    this.db = db;
  }

  async current(nowMs: number): Promise<ActiveIcd10Release> {
    if (this.active === undefined) {
      // Searches arriving together wait for one build.
      await this.startRefresh(nowMs, { failLoudly: true });
    } else if ((nowMs - this.checkedAt > CHECK_MS || nowMs < this.checkedAt) && this.refreshing === undefined) {
      // A failed check keeps the index it has; the next search tries again.
      void this.startRefresh(nowMs, { failLoudly: false });
    }
    if (this.active === undefined) throw new HmsError('UNAVAILABLE', 'No ICD-10-CM list is loaded yet: the server loads the shipped one in the first minute after its first start; IT may load another with `hms reference import icd10 FILE`.');
    return this.active;
  }

  private startRefresh(nowMs: number, options: { failLoudly: boolean }): Promise<void> {
    this.refreshing ??= this.refresh(nowMs).finally(() => {
      this.refreshing = undefined;
    });
    return options.failLoudly ? this.refreshing : this.refreshing.catch(() => undefined);
  }

  private async refresh(nowMs: number): Promise<void> {
    const release = (await this.db('icd10_releases').where({ active: true }).first('id', 'label', 'loaded_at')) as ReleaseRow | undefined;
    this.checkedAt = nowMs;
    if (release === undefined || release.id === this.active?.id) return;
    const rows = (await this.db('icd10_codes').where({ release_id: release.id }).orderBy('position').select('code', 'billable', 'long_description')) as Icd10Row[];
    this.active = { id: release.id, label: release.label, loadedAt: release.loaded_at, index: new Icd10Index(rows) };
  }
}
