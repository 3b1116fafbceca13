import type { AllergyEntryStatus, AllergySeverity, AllergyStatus, AllergySubstanceKind, AllergySummary, LatestVitals, QueuePriority, Sex, VitalMeasurement } from '@hms/core';
import type { OutboxEntryView } from '../protocol/records.js';

/** What the nurse desk's writes change, as a queued write shows it until it reaches the server. */
export type PendingChange =
  | { kind: 'vitals'; takenAt: string; readings: Partial<Record<VitalMeasurement, number>> }
  | {
    kind: 'allergy';
    /** The allergy this is a revision of (marked inactive or refuted, a corrected severity); null: a new allergy. */
    allergyId: string | null;
    substance: { kind: AllergySubstanceKind; code: string | null; text: string };
    reaction: string | null;
    severity: AllergySeverity;
    status: AllergyEntryStatus;
  }
  | { kind: 'noneKnown' }
  | { kind: 'priority'; priority: QueuePriority };

/** A write of this desk waiting in the outbox (or refused on replay, until someone deals with it). */
export interface PendingWrite {
  /** The outbox entry's idempotency key. */
  key: string;
  patientId: string | null;
  visitId: string | null;
  label: string;
  queuedAt: string;
  state: 'queued' | 'refused';
  change: PendingChange;
}

/** One waiting patient on the triage list. */
export interface TriageEntry {
  visitId: string;
  token: string;
  tokenNumber: number;
  department: string;
  departmentName: string;
  /** The queue's priority, as the server has it. */
  priority: QueuePriority;
  /** A priority set here and not yet sent; the list orders by it meanwhile. */
  pendingPriority: QueuePriority | null;
  patient: { id: string; mrn: string; name: string } | null;
  doctorId: string | null;
  queuedAt: string;
  /** Place in its department's queue (the server's, as of the board). */
  position: number;
  estimatedWaitMinutes: number;
  /** When vitals were last taken during this visit, as far as this desk knows (its own, or the chart's read here), if they were. */
  vitalsAt: string | null;
  /** The allergy status as this desk knows it (the chart read here, and its own writes not yet sent); null: never read here. */
  allergies: { status: AllergyStatus; active: string[] } | null;
  /** This desk's writes for the visit or its patient still waiting to send. */
  queued: number;
  refused: number;
}

export interface TriageBoardState {
  department: string;
  departmentName: string;
  live: boolean;
  asOf: string | null;
  waitingCount: number;
  /** Not listed: beyond what the board carries. */
  beyond: number;
}

/** The waiting patients of the nurse's departments, in calling order across them. */
export interface TriageListView {
  departments: TriageBoardState[];
  entries: TriageEntry[];
  /** Every board is kept current by the server's events. */
  live: boolean;
}

export interface TriagePatientBanner {
  id: string;
  mrn: string;
  name: string;
  sex: Sex | null;
  birthDate: string | null;
  birthDateEstimated: boolean;
}

/** What the triage form shows for one waiting visit. */
export interface TriagePatientView {
  visitId: string;
  /** The visit as the triage list last saw it (null once it left the queue and was never seen here). */
  entry: TriageEntry | null;
  patient: TriagePatientBanner;
  /** The server's, or the copy kept here (`asOf`); null when neither was ever read. */
  allergies: AllergySummary | null;
  latestVitals: LatestVitals | null;
  source: 'server' | 'cache' | 'none';
  asOf: string | null;
  /** This desk's writes for the patient or the visit not yet applied. */
  pending: PendingWrite[];
}

/** A nurse desk write: done now, or queued in the outbox while the server is away. */
export type NurseWriteOutcome<R> =
  | { status: 'applied'; result: R }
  | { status: 'queued'; entry: OutboxEntryView; pending: PendingWrite };

/** What a substance box offers: a drug class or a formulary generic (its code ties it to the prescription checks). */
export interface SubstanceSuggestion {
  kind: 'drug' | 'drugClass';
  code: string;
  text: string;
}

export type NurseChange = { what: 'patient'; patientId: string } | { what: 'pending' };
