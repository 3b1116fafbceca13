import type { Patient } from '@hms/core';
import type { MrnCorrection, MrnCorrectionReason } from '../../shared/protocol/reception.js';
import { patientName } from '../../shared/reception/patients.js';
import type { LocalCache } from '../cache/local-cache.js';

interface CorrectionRow {
  patient_id: string;
  printed_mrn: string;
  mrn: string;
  patient_name: string;
  patient: string;
  reason: MrnCorrectionReason;
  reported_at: string;
}

/** An MRN as scanners and people type it, the way the server compares them: upper case, letters and digits only. */
export function mrnKey(mrn: string): string {
  return mrn.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * Wristbands printed at this desk with an MRN the patient does not have, kept in the cache so
 * that the desk is told until a person says the wristband was replaced, across restarts.
 */
export class MrnCorrections {
  private readonly cache: LocalCache;

  constructor(cache: LocalCache) {
    this.cache = cache;
  }

  /** Records one; the same printed MRN reported again (a replayed answer) changes nothing. Returns whether it is new. */
  record(printedMrn: string, patient: Patient, reason: MrnCorrectionReason): boolean {
    return this.cache
      .prepare(`insert into mrn_corrections (patient_id, printed_mrn, printed_key, mrn, patient_name, patient, reason, reported_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (patient_id, printed_mrn) do nothing`)
      .run(patient.id, printedMrn, mrnKey(printedMrn), patient.mrn, patientName(patient), JSON.stringify(patient), reason, this.cache.nowIso()).changes > 0;
  }

  /** Those not yet acknowledged, oldest first. */
  open(): MrnCorrection[] {
    const rows = this.cache.prepare('select * from mrn_corrections where acknowledged_at is null order by reported_at, patient_id').all() as CorrectionRow[];
    return rows.map(toCorrection);
  }

  acknowledge(patientId: string, printedMrn: string, by: string | null): boolean {
    return this.cache
      .prepare('update mrn_corrections set acknowledged_at = ?, acknowledged_by = ? where patient_id = ? and printed_mrn = ? and acknowledged_at is null')
      .run(this.cache.nowIso(), by, patientId, printedMrn).changes > 0;
  }

  /** The patient whose wristband printed here shows this MRN (scanned before it was replaced, or after). */
  patientPrintedAs(mrn: string): string | undefined {
    const row = this.cache.prepare('select patient_id from mrn_corrections where printed_key = ? order by reported_at desc limit 1').get(mrnKey(mrn)) as
      | { patient_id: string }
      | undefined;
    return row?.patient_id;
  }
}

function toCorrection(row: CorrectionRow): MrnCorrection {
  return {
    patientId: row.patient_id,
    patientName: row.patient_name,
    printedMrn: row.printed_mrn,
    mrn: row.mrn,
    patient: JSON.parse(row.patient) as Patient,
    reason: row.reason,
    reportedAt: row.reported_at,
  };
}
