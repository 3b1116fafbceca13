import type { Department, Doctor, ErrorCode, EventData, HospitalSettings, MethodName, ParamsIn } from '@hms/core';

/** Where an answer came from: the server, or this workstation's own copy while offline. */
export type DataSource = 'server' | 'cache';

/**
 * How much of a patient's record this workstation holds: the whole record, the summary a
 * search returned, or a registration made here offline that the server has not seen yet.
 */
export const PATIENT_DETAILS = ['provisional', 'brief', 'full'] as const;
export type PatientDetail = (typeof PATIENT_DETAILS)[number];

/** The offline identifier blocks in hand (MRNs reserved to this workstation). */
export interface MrnBlockStatus {
  /** Unused MRNs this workstation can give while offline. */
  remaining: number;
  /** When the block in use stops being used. */
  expiresAt: string | null;
}

/** The hospital's reference data, as every desk reads it (`reference.get`). */
export interface ReferenceView {
  /** The hospital's own settings (name and address on printouts and in the header); null before the first contact. */
  hospital: HospitalSettings | null;
  departments: Department[];
  doctors: Doctor[];
  source: DataSource;
  /** When the reference data were last read from the server. */
  fetchedAt: string | null;
}

/** A patient as the local cache keeps it for search; `data` is the server's record as is. */
export interface CachedPatient {
  id: string;
  mrn: string;
  /** Every name of the patient, as one display string. */
  names: string;
  phone: string | null;
  nationalId: string | null;
  birthDate: string | null;
  updatedAt: string;
  version: number;
  detail: PatientDetail;
  mergedInto: string | null;
  data: unknown;
}

export interface OutboxEntryView {
  id: number;
  idempotencyKey: string;
  method: MethodName;
  /** What the desk called it ("Register Amina Yusuf"). */
  label: string;
  queuedBy: string | null;
  queuedAt: string;
  attempts: number;
  lastError: string | null;
}

/**
 * The offline chart reads the workstation keeps for the audit log (host workstation/offline-reads.ts):
 * how many wait to be sent (for their reader to be signed in online), and those the server will
 * not record (it refused them, or they are older than it takes), each with why: shown, never dropped.
 */
export interface OfflineReadsView {
  waiting: number;
  unrecorded: Array<{ id: string; userId: string; patientId: string; at: string; why: string }>;
}

/** A write the server refused on replay, typed by its method: `method` narrows `params`. */
interface ConflictOf<M extends MethodName> {
  id: number;
  idempotencyKey: string;
  method: M;
  label: string;
  /** As queued: checked against the method's schema and the user's access before it was (Host.checkWrite). */
  params: ParamsIn<M>;
  queuedBy: string | null;
  queuedAt: string;
  failedAt: string;
  /** The server's refusal: a code of the contract's union. */
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
  resolvedAt: string | null;
  resolution: string | null;
}

export type ConflictView<M extends MethodName = MethodName> = { [K in M]: ConflictOf<K> }[M];

export type Announcement = EventData<'system.announcement'> & { seq: number };

export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
}

export interface DiscoveredDevices {
  serialPorts: SerialPortInfo[];
  /** System print queues (CUPS), for raw printing or the PDF fallback. */
  queues: string[];
}

export interface ScanEvent {
  source: 'serial' | 'keyboard';
  code: string;
  at: string;
}

export type SubmitOutcome<R = unknown> =
  | { status: 'applied'; result: R; idempotencyKey: string }
  | { status: 'queued'; entry: OutboxEntryView };
