import type { ClientEvent } from '@hms/core';
import type { OwnedHandlers } from '../../shared/protocol/channels.js';
import type { DeskContext, DeskHost } from '../desk-module.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import type { LabPartContext } from './lab-part.js';
import { LabStore } from './lab-store.js';
import { LabWorklist } from './lab-worklist.js';
import { resultPart } from './result-part.js';
import type { ResultPart } from './result-part.js';
import { specimenPart } from './specimen-part.js';
import type { SpecimenPart } from './specimen-part.js';

/**
 * The lab desk's work in the host, in two parts over one worklist: the specimen side
 * (specimen-part.ts: worklist, collection and labels, receipt, rejection, walk-ins) and the
 * result side (result-part.ts). The worklist is followed live on the lab topic and kept for offline.
 */
export class LabDesk implements DeskHost<'lab'> {
  readonly handlers: OwnedHandlers<'lab'>;
  readonly writes: OfflineWrites<'lab'>;
  readonly store: LabStore;
  readonly worklist: LabWorklist;
  private readonly results: ResultPart;
  private readonly specimens: SpecimenPart;

  constructor(ctx: DeskContext<'lab'>) {
    this.store = new LabStore(ctx.values, () => ctx.settings().serverUrl);
    this.worklist = new LabWorklist(ctx, this.store);
    const part: LabPartContext = { ctx, store: this.store, worklist: this.worklist };
    this.specimens = specimenPart(part);
    this.results = resultPart(part);
    this.handlers = { ...this.specimens.handlers, ...this.results.handlers };
    this.writes = { ...this.specimens.writes, ...this.results.writes };
  }

  offline(): void {
    this.worklist.offline();
    this.results.offline?.();
  }

  async whenOnline(): Promise<void> {
    // The session step re-subscribed; what was missed meanwhile is read again.
    this.worklist.changed(0);
    await this.specimens.whenOnline();
    await this.results.whenOnline?.();
  }

  onResync(): void {
    this.worklist.changed(0);
  }

  onSignOut(): void {
    this.worklist.stop();
    this.results.onSignOut?.();
  }

  onServerEvent(event: ClientEvent): void {
    switch (event.event) {
      case 'lab.changed':
      case 'orders.changed':
        this.worklist.changed();
        break;
      case 'lab.critical':
      case 'lab.resultReleased':
      case 'lab.criticalAcknowledged':
      case 'patients.changed':
      case 'system.announcement':
      case 'reference.changed':
      case 'queue.changed':
      case 'vitals.recorded':
      case 'allergies.changed':
      case 'encounters.changed':
      case 'diagnoses.added':
      case 'problems.changed':
      case 'prescriptions.changed':
      case 'dispensing.changed':
      case 'stock.changed':
        // The result side's, or not what the lab shows.
        break;
    }
    this.results.onServerEvent?.(event);
  }
}
