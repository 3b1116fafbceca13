import type { DeskContext } from '../desk-module.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import type { ChartStore } from './chart-store.js';
import type { PendingStore } from './pending-store.js';
import type { VisitStore } from './visit-store.js';

export interface NurseWritesDeps {
  ctx: DeskContext<'nurse'>;
  charts: ChartStore;
  pending: PendingStore;
  visits: VisitStore;
  /** The triage list is worked out again and pushed. */
  listChanged(): void;
}

/**
 * What the nurse desk does once its writes left it: the server's answers folded into the chart
 * copy (allergies as they now stand, the latest readings), the queued entry dropped; a refusal
 * marked until a person fixes or discards it in the conflicts inbox.
 */
export function nurseOfflineWrites({ ctx, charts, pending, visits, listChanged }: NurseWritesDeps): OfflineWrites<'nurse'> {
  const patientChanged = (patientId: string) => ctx.publish('nurse.changed', { what: 'patient', patientId });
  const settled = (key: string) => {
    if (pending.remove(key)) {
      ctx.publish('nurse.changed', { what: 'pending' });
      listChanged();
    }
  };
  const refused = (key: string) => {
    if (pending.markRefused(key)) {
      ctx.publish('nurse.changed', { what: 'pending' });
      listChanged();
    }
  };
  // Resolved either way (discarded, or sent again as a write of its own), it is no longer this desk's to show.
  const resolved = { refused: ({ idempotencyKey }: { idempotencyKey: string }) => refused(idempotencyKey), discarded: ({ idempotencyKey }: { idempotencyKey: string }) => settled(idempotencyKey), resent: ({ idempotencyKey }: { idempotencyKey: string }) => settled(idempotencyKey) };
  const now = () => ctx.now().toISOString();
  return {
    'vitals.record': {
      applied: ({ vitals }, { idempotencyKey }) => {
        charts.addVitals(vitals);
        if (vitals.visitId !== null) visits.markVitals(vitals.visitId, vitals.takenAt);
        settled(idempotencyKey);
        patientChanged(vitals.patientId);
        listChanged();
      },
      ...resolved,
    },
    'allergies.record': {
      applied: ({ allergy, allergies }, { idempotencyKey }) => {
        charts.setAllergies(allergy.patientId, allergies, now());
        settled(idempotencyKey);
        patientChanged(allergy.patientId);
        listChanged();
      },
      ...resolved,
    },
    'allergies.noneKnown': {
      applied: ({ allergies }, { idempotencyKey }) => {
        const patientId = pending.all().find((write) => write.key === idempotencyKey)?.patientId;
        settled(idempotencyKey);
        if (patientId == null) return;
        charts.setAllergies(patientId, allergies, now());
        patientChanged(patientId);
        listChanged();
      },
      ...resolved,
    },
    'queue.triage': {
      // The queue's own event moves the patient on every board; the list drops the pending mark.
      applied: (_result, { idempotencyKey }) => settled(idempotencyKey),
      ...resolved,
    },
  };
}
