import {
  CheckItemSchema, DepartmentCodeSchema, DiagnosisCertaintySchema, DiagnosisRankSchema, InstantSchema, NoteSectionsSchema, ORDER_KINDS, ORDER_PRIORITIES,
  OrderCodeSchema, OverrideInputSchema, PrescriptionItemInputSchema, UuidSchema, text, wireString,
} from '@hms/core';
import type { MethodName } from '@hms/core';
import { z } from 'zod';
import { NoPayload, hostEvent, hostRequest } from '../protocol/define.js';
import type {
  CallOutcome, ChartView, ConsultationOutcome, ConsultationView, DiagnosisSearchView, DoctorChange, DoctorOverview, DrugSearchView, DrugsView, MyPatientsView, NoteSaveOutcome,
  PrescribeOutcome, PrescriptionCheckView,
} from './views.js';

const VisitOnly = z.object({ visitId: UuidSchema }).strict();
const EncounterOnly = z.object({ encounterId: UuidSchema }).strict();

// The doctor desk's host requests: what needs the cache, the outbox or the offline checks lives in
// the host. Plain online reads (orders.catalogue, prescriptions.forPatient...) the renderer calls
// with `server.call`. Payloads and answers: /work/wt/doctor-NOTES.md and views.ts.
export const doctorRequests = {
  'doctor.overview': hostRequest<DoctorOverview>()({
    owner: 'doctor',
    summary: 'The signed-in doctor\'s profile and the formulary and rules kept for offline checks; `refresh` reads them again now.',
    payload: z.object({ refresh: z.boolean().default(false) }).strict(),
  }),
  'doctor.myPatients': hostRequest<MyPatientsView>()({
    owner: 'doctor',
    summary: 'Today\'s patients waiting for this doctor or their departments, and those in consultation with them: live, or the last kept offline (doctor.myPatients pushes).',
    payload: NoPayload,
  }),
  'doctor.callNext': hostRequest<CallOutcome>()({
    owner: 'doctor',
    summary: 'Calls the next patient (queue.callNext, online only). Offline, start a waiting patient\'s consultation instead (doctor.startConsultation).',
    payload: z.object({ department: DepartmentCodeSchema.optional(), room: text(40).optional() }).strict(),
  }),
  'doctor.recall': hostRequest<CallOutcome>()({ owner: 'doctor', summary: 'Calls the patient in consultation again (queue.recall, online only).', payload: VisitOnly }),
  'doctor.transfer': hostRequest<CallOutcome>()({
    owner: 'doctor',
    summary: 'Moves a waiting or called visit to another doctor or department (queue.transfer, online only).',
    payload: z.object({
      visitId: UuidSchema,
      department: DepartmentCodeSchema.optional(),
      doctorId: UuidSchema.nullable().optional(),
      reason: text(200).optional(),
    }).strict().refine((value) => value.department !== undefined || value.doctorId !== undefined, { message: 'give a department or a doctorId', path: ['department'] }),
  }),
  'doctor.chart': hostRequest<ChartView>()({
    owner: 'doctor',
    summary: 'A patient\'s chart: the server\'s (kept here and followed live), or the copy kept here while offline, with its time. Clinical roles only.',
    payload: z.object({ patientId: UuidSchema, refresh: z.boolean().default(false) }).strict(),
  }),
  'doctor.closeChart': hostRequest<{ ok: true }>()({
    owner: 'doctor',
    summary: 'The desk no longer shows this chart: it stops following it unless the patient is in My patients.',
    payload: z.object({ patientId: UuidSchema }).strict(),
  }),
  'doctor.consultation': hostRequest<ConsultationView | null>()({
    owner: 'doctor',
    summary: 'The consultation of a visit at this desk (its encounter, draft, and every write with what became of it), or null before it started.',
    payload: VisitOnly,
  }),
  'doctor.startConsultation': hostRequest<ConsultationView>()({
    owner: 'doctor',
    summary: 'Starts (or returns) the consultation: encounters.start with the encounter id this desk chose once for the visit; queued while offline.',
    payload: z.object({ visitId: UuidSchema, patientId: UuidSchema }).strict(),
  }),
  'doctor.saveNote': hostRequest<NoteSaveOutcome>()({
    owner: 'doctor',
    summary: 'Saves the draft here at once (crash-safe), then sends notes.save with typedAt (queued while offline, at most one every 15 s). Send every section, as typed.',
    payload: z.object({ encounterId: UuidSchema, sections: NoteSectionsSchema, typedAt: InstantSchema.optional() }).strict(),
  }),
  'doctor.addDiagnosis': hostRequest<ConsultationOutcome>()({
    owner: 'doctor',
    summary: 'diagnoses.add through the write path; the code and its words are remembered for offline diagnosis search.',
    payload: z.object({
      encounterId: UuidSchema,
      code: wireString(10, { trim: true }).min(1, 'must not be empty'),
      description: text(300),
      certainty: DiagnosisCertaintySchema,
      rank: DiagnosisRankSchema.optional(),
    }).strict(),
  }),
  'doctor.order': hostRequest<ConsultationOutcome>()({
    owner: 'doctor',
    summary: 'orders.create through the write path; `name` is each item\'s name as the screen showed it (for the offline view and the outbox).',
    payload: z.object({
      encounterId: UuidSchema,
      items: z.array(z.object({
        kind: z.enum(ORDER_KINDS),
        code: OrderCodeSchema,
        name: text(200),
        priority: z.enum(ORDER_PRIORITIES).default('routine'),
        note: text(300, { multiline: true }).optional(),
      }).strict()).min(1).max(30),
    }).strict(),
  }),
  'doctor.checkPrescription': hostRequest<PrescriptionCheckView>()({
    owner: 'doctor',
    summary: 'The drug-safety alerts: the server\'s prescriptions.check online; offline, core\'s checkPrescription over the kept formulary, rules and chart (says which).',
    payload: z.object({ patientId: UuidSchema, items: z.array(CheckItemSchema).min(1).max(30) }).strict(),
  }),
  'doctor.prescribe': hostRequest<PrescribeOutcome>()({
    owner: 'doctor',
    summary:
      'prescriptions.create with an id chosen here (printable at once). Checked first (as doctor.checkPrescription): a blocking alert without an override is ' +
      'CONFLICT blocking_alerts with the alerts, nothing sent or queued. Queued while offline; refused on replay it lands in the conflicts inbox.',
    payload: z.object({
      encounterId: UuidSchema,
      items: z.array(PrescriptionItemInputSchema).min(1).max(30),
      overrides: z.array(OverrideInputSchema).max(60).default([]),
    }).strict(),
  }),
  'doctor.sign': hostRequest<ConsultationOutcome>()({
    owner: 'doctor',
    summary: 'encounters.sign through the write path, after the draft note (queued in order while offline).',
    payload: EncounterOnly,
  }),
  'doctor.complete': hostRequest<ConsultationOutcome>()({
    owner: 'doctor',
    summary: 'visits.complete through the write path (queued while offline): the visit leaves My patients.',
    payload: z.object({ visitId: UuidSchema, note: text(500, { multiline: true }).optional() }).strict(),
  }),
  'doctor.searchDrugs': hostRequest<DrugSearchView>()({
    owner: 'doctor',
    summary: 'drugs.search online; offline, the formulary kept here (active products, by words of the name, strength and form).',
    payload: z.object({ query: text(100), limit: z.number().int().min(1).max(50).default(20) }).strict(),
  }),
  'doctor.drugs': hostRequest<DrugsView>()({
    owner: 'doctor',
    summary: 'Formulary products by id (a prescription\'s items, to print or show): from the formulary kept here, else the server\'s; `missing` names those found nowhere.',
    payload: z.object({ ids: z.array(UuidSchema).min(1).max(60) }).strict(),
  }),
  'doctor.searchDiagnoses': hostRequest<DiagnosisSearchView>()({
    owner: 'doctor',
    summary: 'diagnoses.search online; offline, only the codes this desk has searched or used (says so).',
    payload: z.object({ query: wireString(100, { trim: true }).min(1, 'must not be empty'), limit: z.number().int().min(1).max(50).default(20) }).strict(),
  }),
} as const;

/** The doctor desk's writes that may wait in the outbox (shared/protocol/channels.ts, deskWrites). */
export const doctorWrites = [
  'encounters.start', 'notes.save', 'diagnoses.add', 'orders.create', 'prescriptions.create', 'encounters.sign', 'visits.complete',
  'encounters.addendum', 'problems.resolve', 'orders.cancel', 'prescriptions.cancel',
] as const satisfies readonly MethodName[];

export const doctorEvents = {
  'doctor.myPatients': hostEvent<MyPatientsView>()({ owner: 'doctor', summary: 'My patients changed (or went offline).' }),
  'doctor.changed': hostEvent<DoctorChange>()({ owner: 'doctor', summary: 'A chart, a consultation or the drug knowledge kept here changed: open screens read it again.' }),
} as const;
