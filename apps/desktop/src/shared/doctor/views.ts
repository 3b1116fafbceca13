import type {
  Chart, Doctor, Drug, Encounter, EncounterNote, ErrorCode, Icd10Code, MethodName, NoteSections, PatientSummary, QueuePriority, SafetyAlert, Visit,
} from '@hms/core';
import type { DataSource, OutboxEntryView } from '../protocol/records.js';

/** One patient of "My patients": waiting for this doctor or their department, or in consultation with them. */
export interface DoctorQueueEntry {
  visitId: string;
  department: string;
  token: string;
  /** Null only when the board could not name the patient yet (it is read again at once). */
  patient: PatientSummary | null;
  /** Waiting only: the board does not carry it for those being served. */
  priority: QueuePriority | null;
  /** 'mine': in this doctor's own queue; 'pool': the department's, any of its doctors may call. */
  queue: 'mine' | 'pool';
  /** Waiting only. */
  queuedAt: string | null;
  /** Waiting: 1-based place among those this doctor would call. Null in consultation. */
  position: number | null;
  estimatedWaitMinutes: number | null;
  /** In consultation: when called and where; recalls so far. */
  calledAt: string | null;
  room: string | null;
  recallCount: number;
  /**
   * Started at this desk while the server could not be reached: the start waits in the outbox
   * (the server calls the patient in for this doctor when it arrives).
   */
  startedOffline: boolean;
}

export interface MyPatientsView {
  /** The signed-in doctor's id (their user id); null when no doctor is signed in. */
  doctorId: string | null;
  /** The departments followed: the doctor's, primary first. */
  departments: string[];
  waiting: DoctorQueueEntry[];
  inConsultation: DoctorQueueEntry[];
  /** Kept current by the server's events; false while offline (the last boards seen). */
  live: boolean;
  /** When the boards were last known current (the oldest of them). */
  asOf: string | null;
}

/** A chart as the desk shows it: the server's now, or the copy kept here while offline. */
export interface ChartView {
  chart: Chart;
  source: DataSource;
  /** When this copy was read from the server. */
  asOf: string;
  /** The desk follows the chart's events (charts.watch) and reads it again on each. */
  watched: boolean;
}

/** What became of one write of a consultation made at this desk. */
export type ConsultationWriteState = 'applied' | 'queued' | 'refused' | 'discarded' | 'resent';

export interface ConsultationWrite {
  idempotencyKey: string;
  method: MethodName;
  state: ConsultationWriteState;
  /** What was sent (or waits to be sent). */
  params: unknown;
  /** The desk's words for it, as the screen and the outbox show it ("J18.9 Pneumonia, unspecified organism"). */
  label: string;
  /** The server's answer once applied. */
  result: unknown;
  /** The server's refusal (in the conflicts inbox), with its details: a prescription's `alerts` when blocked. */
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> } | null;
  at: string;
}

export interface ConsultationView {
  visitId: string;
  patientId: string;
  /** As this desk named the patient when the consultation started (null if it could not). */
  patient: { name: string; mrn: string } | null;
  /** Chosen by this desk once for the visit and kept (encounters.start names it). */
  encounterId: string;
  doctorId: string;
  /**
   * 'starting': encounters.start waits in the outbox; 'open'; 'signed'; 'completed': the visit
   * ended; 'refused': the server refused the start (see the writes).
   */
  state: 'starting' | 'open' | 'signed' | 'completed' | 'refused';
  /** The server's encounter as last read; null before the start reached it. */
  encounter: Encounter | null;
  /** The draft as typed here (saved on this workstation at once), and what the server holds. */
  note: {
    sections: NoteSections;
    typedAt: string | null;
    /** typedAt of the latest save the server applied. */
    savedTypedAt: string | null;
    /** Typed here and not yet applied by the server (waiting in the outbox, or to be sent). */
    unsent: boolean;
    /** The server refused a save of it on replay (in the conflicts inbox: the encounter was signed, or never started). */
    refused: { code: ErrorCode; message: string } | null;
  };
  /** Every write of this consultation made at this desk, oldest first (notes.save excepted: see `note`). */
  writes: ConsultationWrite[];
  startedAt: string;
  updatedAt: string;
}

/** How a consultation write went: sent now, or queued in the outbox (offline). */
export type ConsultationOutcome =
  | { status: 'applied'; write: ConsultationWrite; consultation: ConsultationView }
  | { status: 'queued'; write: ConsultationWrite; entry: OutboxEntryView; consultation: ConsultationView };

export interface NoteSaveOutcome {
  /** 'server': applied now; 'queued': waits in the outbox; 'kept': saved here, sent with the next save or write. */
  status: 'server' | 'queued' | 'kept';
  typedAt: string;
  /** The server's note when it answered (applied false: it held newer words, which it returned). */
  note: EncounterNote | null;
}

/** The drug-safety check's answer, saying where it ran. */
export interface PrescriptionCheckView {
  /** 'server': prescriptions.check; 'local': core's checkPrescription over this desk's copies. */
  source: 'server' | 'local';
  alerts: SafetyAlert[];
  ruleSetVersion: number;
  /** The formulary revision checked against (null when the server's create answered without naming it). */
  formularyRevision: number | null;
  /** Local only: when the formulary and rules were read from the server, and the chart. */
  knowledgeAsOf: string | null;
  chartAsOf: string | null;
  /** Local only: prescriptions made here and not yet on the server, counted as current medication. */
  unsentPrescriptions: number;
  /** Local only: why the server was not asked. */
  reason: string | null;
}

export type PrescribeOutcome = ConsultationOutcome & {
  /** The prescription's id, chosen here: printed (barcode) at once, also offline. */
  prescriptionId: string;
  /** The check it passed before it was sent or queued. */
  check: PrescriptionCheckView;
};

export interface DrugSearchView {
  source: DataSource;
  items: Drug[];
  /** Cache only: the formulary copy searched (revision and when read). */
  formularyRevision: number | null;
  asOf: string | null;
}

export interface DrugsView {
  /** In the order asked, those found. */
  items: Drug[];
  /** Ids neither the kept formulary nor the server (when reachable) knows. */
  missing: string[];
}

export interface DiagnosisSearchView {
  source: DataSource;
  items: Icd10Code[];
  /** Cache only: says the offline list holds only codes this desk has searched or used. */
  note: string | null;
}

/** The formulary and rules kept here for offline checks. */
export interface DrugKnowledgeStatus {
  formulary: { revision: number; drugs: number; asOf: string } | null;
  rules: { version: number; rules: number; asOf: string } | null;
}

export interface DoctorOverview {
  /** The signed-in doctor's profile (departments, room), from the reference data. */
  doctor: Doctor | null;
  knowledge: DrugKnowledgeStatus;
  /** The user may read charts here (doctor, nurse, pharmacist). */
  mayReadCharts: boolean;
  /** The user may write consultations and prescribe (doctor). */
  mayPrescribe: boolean;
}

export interface CallOutcome {
  visit: Visit | null;
}

/** What changed in the doctor desk's host: open screens read it again. */
export type DoctorChange =
  | { what: 'chart'; patientId: string }
  | { what: 'consultation'; visitId: string; encounterId: string }
  | { what: 'knowledge' };
