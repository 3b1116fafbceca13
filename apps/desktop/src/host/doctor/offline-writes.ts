import type { MethodName } from '@hms/core';
import type { ConflictView } from '../../shared/protocol/records.js';
import type { ConsultationWriteState } from '../../shared/doctor/views.js';
import type { OfflineWrite, OfflineWrites } from '../writes/offline-writes.js';
import type { ConsultationStore, StoredConsultation } from './consultation-store.js';
import type { ConsultationWriter, DoctorWrite } from './consultation-writer.js';
import type { Consultations } from './consultations.js';

export interface DoctorWritesDeps {
  store: ConsultationStore;
  writer: ConsultationWriter;
  consultations: Consultations;
  changed(consultation: StoredConsultation): void;
}

/**
 * What the doctor desk does once its writes left it (at once, or from the outbox): the server's
 * answers kept with the consultation; a refusal (now in the conflicts inbox) shown there, with
 * its error and details (a prescription refused on replay carries the blocking alerts); a
 * discarded or resent one marked so.
 */
export function doctorWrites({ store, writer, consultations, changed }: DoctorWritesDeps): OfflineWrites<'doctor'> {
  const mark = (key: string, state: ConsultationWriteState, conflict?: ConflictView) => {
    const updated = store.markWrite(key, state, conflict === undefined ? {} : { error: conflict.error });
    if (updated !== undefined) changed(updated);
    return updated;
  };
  /** Refused, discarded and resent: the same for every write of a consultation. */
  const lifecycle = <M extends MethodName>(): Pick<OfflineWrite<M>, 'refused' | 'discarded' | 'resent'> => ({
    refused: (conflict) => mark(conflict.idempotencyKey, 'refused', conflict as ConflictView),
    discarded: (conflict) => mark(conflict.idempotencyKey, 'discarded'),
    resent: (conflict) => mark(conflict.idempotencyKey, 'resent'),
  });
  const applied = (key: string, method: DoctorWrite, result: unknown, owner: { encounterId?: string | undefined; visitId?: string } = {}) => {
    const visitId = writer.applied(key, method, result, owner);
    const consultation = visitId === undefined ? undefined : store.byVisit(visitId);
    if (consultation !== undefined) changed(consultation);
    return consultation;
  };

  return {
    'encounters.start': {
      applied: (result, { idempotencyKey }) => {
        applied(idempotencyKey, 'encounters.start', result, { encounterId: result.encounter.id });
        consultations.keepEncounter(result.encounter);
      },
      ...lifecycle<'encounters.start'>(),
      refused: (conflict) => {
        // The server's encounter for this visit and doctor exists: taken over, the queued writes follow it.
        if (conflict.error.details?.reason === 'encounter_exists' && consultations.adoptServerEncounter(conflict)) {
          mark(conflict.idempotencyKey, 'resent', conflict);
          return;
        }
        mark(conflict.idempotencyKey, 'refused', conflict);
        const updated = store.update(conflict.params.visitId, (kept) => ({ ...kept, state: 'refused' }));
        if (updated !== undefined) changed(updated);
      },
    },
    'notes.save': {
      applied: (result, { idempotencyKey }) => {
        const consultation = applied(idempotencyKey, 'notes.save', result);
        if (consultation !== undefined) consultations.noteSaved(consultation.visitId, result.note);
      },
      ...lifecycle<'notes.save'>(),
      // Saves are not logged one by one: a refused one is, so the consultation shows why its words did not arrive.
      refused: (conflict) => {
        const consultation = store.byEncounter(conflict.params.encounterId);
        if (consultation === undefined) return;
        store.recordWrite(consultation.visitId, {
          idempotencyKey: conflict.idempotencyKey, method: 'notes.save', state: 'refused', params: conflict.params, label: conflict.label, result: null, error: conflict.error, at: conflict.failedAt,
        });
        changed(store.byVisit(consultation.visitId)!);
      },
    },
    'diagnoses.add': {
      applied: (result, { idempotencyKey }) => {
        applied(idempotencyKey, 'diagnoses.add', result, { encounterId: result.diagnosis.encounterId });
        void consultations.refreshEncounter(result.diagnosis.encounterId);
      },
      ...lifecycle<'diagnoses.add'>(),
    },
    'orders.create': {
      applied: (result, { idempotencyKey }) => applied(idempotencyKey, 'orders.create', result, { encounterId: result.items[0]?.encounterId }),
      ...lifecycle<'orders.create'>(),
    },
    'prescriptions.create': {
      applied: (result, { idempotencyKey }) => applied(idempotencyKey, 'prescriptions.create', result, { encounterId: result.prescription.encounterId }),
      ...lifecycle<'prescriptions.create'>(),
    },
    'encounters.sign': {
      applied: (result, { idempotencyKey }) => {
        applied(idempotencyKey, 'encounters.sign', result, { encounterId: result.encounter.id });
        consultations.keepEncounter(result.encounter);
      },
      ...lifecycle<'encounters.sign'>(),
      refused: (conflict) => {
        mark(conflict.idempotencyKey, 'refused', conflict);
        // Signed here, refused there: open again here until the server's encounter says otherwise.
        const consultation = store.byEncounter(conflict.params.encounterId);
        if (consultation?.state === 'signed') changed(store.update(consultation.visitId, (kept) => ({ ...kept, state: 'open' }))!);
        void consultations.refreshEncounter(conflict.params.encounterId);
      },
    },
    'visits.complete': {
      applied: (result, { idempotencyKey }) => {
        applied(idempotencyKey, 'visits.complete', result, { visitId: result.visit.id });
        consultations.completed(result.visit.id);
      },
      ...lifecycle<'visits.complete'>(),
    },
    // Sent by the renderer through server.submit (no desk request): the consultation follows the server's encounter.
    'encounters.addendum': {
      applied: (result) => {
        consultations.keepEncounter(result.encounter);
      },
    },
    'problems.resolve': {},
    'orders.cancel': {},
    'prescriptions.cancel': {},
  };
}
