import type { Patient, PatientSearchItem, QueueBoard, QueuePriority, Visit, VisitType } from '@hms/core';
import type { Result } from '@hms/core';
import type { DataSource, MrnBlockStatus, OutboxEntryView, PatientDetail, ReferenceView } from './records.js';

// What the reception desk's host requests answer: plain JSON across every border.

// The workstation's own (records.ts), named here too for what imports them from reception's answers.
export { PATIENT_DETAILS } from './records.js';
export type { DataSource, MrnBlockStatus, PatientDetail } from './records.js';

/** One line of a patient list. */
export interface PatientListItem {
  id: string;
  mrn: string;
  givenName: string;
  middleName: string | null;
  familyName: string;
  sex: Patient['sex'];
  birthDate: string | null;
  birthDateEstimated: boolean;
  phone: string | null;
  nationalId: string | null;
  version: number;
  /** Registered on this workstation while offline, not on the server yet. */
  pending: boolean;
  matchedBy?: PatientSearchItem['matchedBy'];
}

export interface PatientSearchOutcome {
  source: DataSource;
  items: PatientListItem[];
  interpretedAs?: Result<'patients.search'>['interpretedAs'];
  /** Why the workstation's copy answered (the server could not be reached). */
  offlineReason?: string;
}

export interface PatientRecordView {
  /** The record; fields the workstation does not hold are null. */
  patient: Patient;
  source: DataSource;
  detail: PatientDetail;
  /** Reached through a merged record's id or MRN. */
  reachedThroughAlias: boolean;
}

/** The workstation's reference data (every desk's), with reception's offline MRNs. */
export interface ReceptionOverview extends ReferenceView {
  /** Only on hosts that can register offline. */
  mrnBlock: MrnBlockStatus | null;
}

export type RegisterOutcome =
  | { status: 'applied'; patient: Patient; duplicateReviewId?: string }
  /** Registered offline with an MRN from this workstation's block: final, printable at once. */
  | { status: 'queued'; patient: Patient; entry: OutboxEntryView };

export const DESK_CHECK_IN_STATES = ['queued', 'applied', 'rejected'] as const;
export type DeskCheckInState = (typeof DESK_CHECK_IN_STATES)[number];

/** A check-in made at this desk today: queued while offline, then the server's visit. */
export interface DeskCheckIn {
  /** Its idempotency key. */
  key: string;
  state: DeskCheckInState;
  serviceDate: string;
  patient: { id: string; mrn: string; name: string };
  department: string;
  doctorId: string | null;
  visitType: VisitType;
  priority: QueuePriority | null;
  complaint: string | null;
  arrivedAt: string;
  /** The server's visit (token, position, wait) once it has it. */
  visit: Visit | null;
}

export type CheckInOutcome =
  | { status: 'applied'; checkIn: DeskCheckIn; visit: Visit }
  | { status: 'queued'; checkIn: DeskCheckIn; entry: OutboxEntryView };

export interface QueueBoardView {
  department: string;
  board: QueueBoard | null;
  /** Kept current by the server's events; false while offline (the last board seen). */
  live: boolean;
  /** When the board was last known to be current. */
  asOf: string | null;
}

export const MRN_CORRECTION_REASONS = ['lostReply', 'refusedMrn'] as const;
export type MrnCorrectionReason = (typeof MRN_CORRECTION_REASONS)[number];

/**
 * A patient registered here offline whose wristband (and slip) show an MRN the patient does not
 * have: the server already had the registration (its first reply was lost) or refused the block
 * number and gave another. The desk shows it until a person says the printouts were replaced.
 */
export interface MrnCorrection {
  patientId: string;
  patientName: string;
  /** What the wristband and slip printed here show. */
  printedMrn: string;
  /** The patient's MRN. */
  mrn: string;
  /** The record to print again from. */
  patient: Patient;
  reason: MrnCorrectionReason;
  reportedAt: string;
}

/** What changed in the host's reception data, so open screens reload it. */
export type ReceptionChange =
  | { what: 'overview' }
  | { what: 'checkIns' }
  | { what: 'mrnCorrections' }
  | { what: 'patients'; ids: string[] };
