import { PATIENT_READ_ROLES, mayCall } from '@hms/core';
import type { EventData, Patient, Result } from '@hms/core';
import type { PatientDetail } from '../../shared/protocol/reception.js';
import { patientFromBrief, patientName } from '../../shared/reception/patients.js';
import type { DeskContext } from '../desk-module.js';
import type { PatientIndex, PatientIndexEntry } from '../cache/patient-index.js';

/** Patients not seen for this long leave the workstation's copy. */
const PATIENT_KEEP_DAYS = 30;
/** Ids per patients.summaries call (the contract's most). */
const SUMMARIES_BATCH = 200;

export function indexEntry(patient: Patient, detail: PatientDetail): PatientIndexEntry {
  return {
    id: patient.id,
    mrn: patient.mrn,
    names: patientName(patient),
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

/**
 * Reception's care of the workstation's patient copy: what the server answers is kept (an
 * older version never replaces a newer one), and patients other desks changed are read again.
 * Without a cache (the browser) only the open screens are told.
 */
export class PatientCopy {
  private readonly ctx: DeskContext<'reception'>;
  /** Cached patients the server announced newer versions of, not read yet. */
  private readonly stale = new Set<string>();
  private refreshing: Promise<void> | undefined;

  constructor(ctx: DeskContext<'reception'>) {
    this.ctx = ctx;
    // Patient events keep the cached copies fresh; the subscription is per socket, so it is redone on every session.
    ctx.connection.addSessionStep('patients', async (call) => {
      if (mayCall(PATIENT_READ_ROLES, ctx.roles())) await call('patients.watch', {});
    });
    ctx.patients?.prune(new Date(ctx.now().getTime() - PATIENT_KEEP_DAYS * 86_400_000).toISOString());
  }

  get index(): PatientIndex | undefined {
    return this.ctx.patients;
  }

  keep(patient: Patient, detail: PatientDetail): void {
    this.ctx.patients?.upsert([indexEntry(patient, detail)]);
  }

  /** The server's answer to a write of a patient: kept, and open screens told. */
  keepWritten(patient: Patient): void {
    this.keep(patient, 'full');
    this.ctx.publish('reception.changed', { what: 'patients', ids: [patient.id] });
  }

  async onChanged(data: EventData<'patients.changed'>): Promise<void> {
    const { patients } = this.ctx;
    if (patients !== undefined) {
      for (const changed of data.patients) patients.setMergedInto(changed.id, changed.mergedInto);
      for (const id of patients.staleAmong(data.patients)) this.stale.add(id);
      await this.refreshStale();
    }
    this.ctx.publish('reception.changed', { what: 'patients', ids: data.patients.map((changed) => changed.id) });
  }

  /**
   * Reads the current summaries of cached patients the server said changed: one
   * `patients.summaries` call per batch (not an audited read: no one here opened the records).
   * Changes announced meanwhile join the next batch.
   */
  refreshStale(): Promise<void> {
    this.refreshing ??= (async () => {
      while (this.stale.size > 0 && this.ctx.online()) {
        const ids = [...this.stale].slice(0, SUMMARIES_BATCH);
        for (const id of ids) this.stale.delete(id);
        try {
          const { items } = await this.ctx.connection.call('patients.summaries', { ids });
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
    const { patients } = this.ctx;
    if (patients === undefined) return;
    const seenAt = this.ctx.now().toISOString();
    patients.upsert(items.map((item) => indexEntry(patientFromBrief(item.patient, seenAt), 'brief')));
    for (const item of items) if (item.requestedId !== item.patient.id) patients.setMergedInto(item.requestedId, item.patient.id);
  }
}
