import type { Patient } from '@hms/core';
import type { DeskContext } from '../desk-module.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import type { CheckInLog } from './desk-check-ins.js';
import { mrnKey } from './mrn-corrections.js';
import type { MrnCorrections } from './mrn-corrections.js';

export interface ReceptionWritesDeps {
  ctx: DeskContext<'reception'>;
  checkIns: CheckInLog;
  corrections: MrnCorrections | undefined;
}

/**
 * What reception does once its writes left the desk: the server's answers kept in the copy and
 * the desk's list; a refusal marked there; a discarded offline registration's copy removed.
 */
export function receptionWrites({ ctx, checkIns, corrections }: ReceptionWritesDeps): OfflineWrites<'reception'> {
  const checkInsChanged = () => ctx.publish('reception.changed', { what: 'checkIns' });
  const copy = ctx.patientCopy;
  /** The server's answer to a write of a patient: kept, and open screens told. */
  const keepWritten = (patient: Patient) => {
    copy.keep(patient, 'full');
    ctx.publish('reception.changed', { what: 'patients', ids: [patient.id] });
  };

  /**
   * A registration made here offline printed its block MRN on the wristband at once. When the
   * patient has another (the server had the registration already, naming the block number
   * unused, or refused the number and gave its own), the desk is told until the wristband is replaced.
   */
  const checkPrintedMrn = (patient: Patient, unusedMrn: string | undefined) => {
    const printed = unusedMrn ?? ctx.offlineMrns?.takenFor(patient.id);
    if (printed === undefined || corrections === undefined || mrnKey(printed) === mrnKey(patient.mrn)) return;
    if (corrections.record(printed, patient, unusedMrn === undefined ? 'refusedMrn' : 'lostReply')) ctx.publish('reception.changed', { what: 'mrnCorrections' });
  };

  return {
    'patients.register': {
      applied: (result) => {
        keepWritten(result.patient);
        checkPrintedMrn(result.patient, result.unusedMrn);
      },
      // It never reached the server, so its offline copy goes.
      discarded: (conflict) => {
        const { id } = conflict.params;
        if (typeof id === 'string' && copy.index?.dropProvisional(id) === true) ctx.publish('reception.changed', { what: 'patients', ids: [id] });
      },
    },
    'patients.update': {
      applied: (result) => keepWritten(result.patient),
    },
    'visits.checkIn': {
      applied: ({ visit }, { idempotencyKey }) => {
        // A check-in corrected in the conflicts inbox and sent again is new to this desk's list.
        if (checkIns.applied(idempotencyKey, visit) === undefined) {
          checkIns.record({
            key: idempotencyKey, state: 'applied', serviceDate: visit.serviceDate, patient: visit.patient, department: visit.department,
            doctorId: visit.doctorId, visitType: visit.visitType, priority: visit.priority, complaint: visit.complaint, arrivedAt: visit.arrivedAt, visit,
          }, ctx.username());
        }
        checkInsChanged();
      },
      refused: (conflict) => {
        if (checkIns.rejected(conflict.idempotencyKey) !== undefined) checkInsChanged();
      },
      // Resolved, a refused check-in leaves the desk's list.
      discarded: checkInsChanged,
      resent: checkInsChanged,
    },
  };
}
