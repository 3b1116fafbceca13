import { PATIENT_READ_ROLES, mayCall, personDisplayName } from '@hms/core';
import type { EventData, Patient, Result, Role } from '@hms/core';
import type { ServerConnection } from '../../shared/connection/server-connection.js';
import { patientFromBrief } from '../../shared/patient-records.js';
import type { PatientDetail } from '../../shared/protocol/records.js';
import type { PatientIndex, PatientIndexEntry } from '../cache/patient-index.js';

/** Patients not seen for this long leave the workstation's copy. */
const PATIENT_KEEP_DAYS = 30;
/** Ids per patients.summaries call (the contract's most). */
const SUMMARIES_BATCH = 200;

export function indexEntry(patient: Patient, detail: PatientDetail): PatientIndexEntry {
  return {
    id: patient.id,
    mrn: patient.mrn,
    names: personDisplayName(patient),
    phone: patient.phone,
    nationalId: patient.nationalId,
    birthDate: patient.birthDate,
    version: patient.version,
    detail,
    updatedAt: patient.updatedAt,
    mergedInto: patient.mergedInto,
    data: patient,
  };
}

export interface PatientCopyDeps {
  connection: ServerConnection;
  /** The cache's patient index; absent without a cache (then desks are only told what changed). */
  index: PatientIndex | undefined;
  roles: () => readonly Role[];
  now: () => Date;
  online: () => boolean;
}

/**
 * The workstation's copy of patients, for every desk: what the server answers is kept (an
 * older version never replaces a newer one), patients the server says changed are read again,
 * and desks are told which changed (`onChange`).
 */
export class PatientCopy {
  readonly index: PatientIndex | undefined;
  private readonly deps: PatientCopyDeps;
  /** Cached patients the server announced newer versions of, not read yet. */
  private readonly stale = new Set<string>();
  private refreshing: Promise<void> | undefined;
  private readonly listeners = new Set<(ids: string[]) => void>();

  constructor(deps: PatientCopyDeps) {
    this.deps = deps;
    this.index = deps.index;
    // Patient events keep the cached copies fresh; the subscription is per socket, so it is redone on every session.
    deps.connection.addSessionStep('patients', async (call) => {
      if (mayCall(PATIENT_READ_ROLES, deps.roles())) await call('patients.watch', {});
    });
    deps.index?.prune(new Date(deps.now().getTime() - PATIENT_KEEP_DAYS * 86_400_000).toISOString());
  }

  /** Told the ids of patients that changed on the server (after the copy caught up with them). */
  onChange(listener: (ids: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  keep(patient: Patient, detail: PatientDetail): void {
    this.index?.upsert([indexEntry(patient, detail)]);
  }

  async onChanged(data: EventData<'patients.changed'>): Promise<void> {
    const { index } = this;
    if (index !== undefined) {
      for (const changed of data.patients) index.setMergedInto(changed.id, changed.mergedInto);
      for (const id of index.staleAmong(data.patients)) this.stale.add(id);
      await this.refreshStale();
    }
    const ids = data.patients.map((changed) => changed.id);
    for (const listener of this.listeners) listener(ids);
  }

  /**
   * Reads the current summaries of cached patients the server said changed: one
   * `patients.summaries` call per batch (not an audited read: no one here opened the records).
   * Changes announced meanwhile join the next batch.
   */
  refreshStale(): Promise<void> {
    this.refreshing ??= (async () => {
      while (this.stale.size > 0 && this.deps.online()) {
        const ids = [...this.stale].slice(0, SUMMARIES_BATCH);
        for (const id of ids) this.stale.delete(id);
        try {
          const { items } = await this.deps.connection.call('patients.summaries', { ids });
          this.keepSummaries(items);
        } catch {
          // Offline again, or refused: the next change or search refreshes them.
        }
      }
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Current summaries; a merged id answered by its survivor stays, findable, as an alias of it. */
  private keepSummaries(items: Result<'patients.summaries'>['items']): void {
    const { index } = this;
    if (index === undefined) return;
    const seenAt = this.deps.now().toISOString();
    index.upsert(items.map((item) => indexEntry(patientFromBrief(item.patient, seenAt), 'brief')));
    for (const item of items) if (item.requestedId !== item.patient.id) index.setMergedInto(item.requestedId, item.patient.id);
  }
}
