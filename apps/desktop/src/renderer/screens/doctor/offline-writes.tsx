import type { OfflineWrites } from '../../app/desk-module.js';
import { PrescriptionFix } from './PrescriptionFix.js';

/**
 * The doctor desk's offline writes, as the outbox and the conflicts inbox show them: one entry
 * for each write its host part queues (shared/doctor/host-requests.ts, doctorWrites).
 */
export const doctorOfflineWrites: OfflineWrites<'doctor'> = {
  'encounters.start': { label: 'Consultation start' },
  'notes.save': { label: 'Consultation note' },
  'diagnoses.add': { label: 'Diagnosis' },
  'orders.create': { label: 'Order' },
  'prescriptions.create': { label: 'Prescription', Fix: PrescriptionFix },
  'encounters.sign': { label: 'Signature' },
  'visits.complete': { label: 'Visit completion' },
  'encounters.addendum': { label: 'Addendum' },
  'problems.resolve': { label: 'Problem resolved' },
  'orders.cancel': { label: 'Order cancellation' },
  'prescriptions.cancel': { label: 'Prescription cancellation' },
};
