import type { MethodName } from '@hms/core';
import { DepartmentCodeSchema, PatientDemographicsSchema, PayerSchema, QueuePrioritySchema, UuidSchema, VisitTypeSchema } from '@hms/core';
import { z } from 'zod';
import { NoPayload, hostEvent, hostRequest } from '../protocol/define.js';
import type {
  CheckInOutcome, DeskCheckIn, MrnCorrection, PatientRecordView, PatientSearchOutcome, QueueBoardView, ReceptionChange, ReceptionOverview, RegisterOutcome,
} from '../protocol/reception.js';

// The reception desk's host requests: what needs the cache, the MRN block or the outbox lives in the host.
export const receptionRequests = {
  'reception.overview': hostRequest<ReceptionOverview>()({
    owner: 'reception',
    summary: 'The hospital\'s settings, departments, doctors, and the offline MRN block; `refresh` reads them again now.',
    payload: z.object({ refresh: z.boolean().default(false) }).strict(),
  }),
  'reception.search': hostRequest<PatientSearchOutcome>()({
    owner: 'reception',
    summary: 'The server\'s search; this workstation\'s copy while offline.',
    payload: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }).strict(),
  }),
  'reception.patient': hostRequest<PatientRecordView>()({
    owner: 'reception',
    summary: 'One patient by id or MRN (a scan): the server\'s record, or this workstation\'s copy while offline.',
    payload: z.union([z.object({ id: UuidSchema }).strict(), z.object({ mrn: z.string().trim().min(1).max(60) }).strict()]),
  }),
  'reception.register': hostRequest<RegisterOutcome>()({
    owner: 'reception',
    summary: 'Registers a patient: at once, or offline with an MRN from this workstation\'s block. Sex is checked by the rules, with their message.',
    payload: PatientDemographicsSchema.partial({ sex: true }).extend({ confirmedNotDuplicate: z.boolean().optional() }).strict(),
  }),
  'reception.checkIn': hostRequest<CheckInOutcome>()({
    owner: 'reception',
    summary: 'Checks a patient in: at once (the token), or queued with the arrival time while offline.',
    payload: z.object({
      patient: z.object({ id: UuidSchema, mrn: z.string().trim().min(1).max(60), name: z.string().trim().min(1).max(240) }).strict(),
      visitType: VisitTypeSchema,
      department: DepartmentCodeSchema,
      priority: QueuePrioritySchema.optional(),
      doctorId: UuidSchema.optional(),
      complaint: z.string().trim().min(1).max(500).optional(),
      payer: PayerSchema.optional(),
    }).strict(),
  }),
  'reception.checkIns': hostRequest<DeskCheckIn[]>()({ owner: 'reception', summary: 'Today\'s check-ins at this desk, latest first.', payload: NoPayload }),
  'reception.watchQueue': hostRequest<QueueBoardView>()({
    owner: 'reception',
    summary: 'Keeps a department\'s board live (reception.queue pushes) and answers it now.',
    payload: z.object({ department: DepartmentCodeSchema }).strict(),
  }),
  'reception.unwatchQueue': hostRequest<{ ok: true }>()({
    owner: 'reception',
    summary: 'Stops following a department\'s board.',
    payload: z.object({ department: DepartmentCodeSchema }).strict(),
  }),
  'reception.mrnCorrections': hostRequest<MrnCorrection[]>()({
    owner: 'reception',
    summary: 'Wristbands printed here with an MRN the patient does not have, not yet replaced.',
    payload: NoPayload,
  }),
  'reception.acknowledgeMrnCorrection': hostRequest<{ ok: true }>()({
    owner: 'reception',
    summary: 'A person says the wristband (and slip) of this correction were replaced.',
    payload: z.object({ patientId: UuidSchema, printedMrn: z.string().trim().min(1).max(60) }).strict(),
  }),
} as const;

/** Reception's writes that may wait in the outbox (shared/protocol/channels.ts, deskWrites). */
export const receptionWrites = ['patients.register', 'patients.update', 'visits.checkIn'] as const satisfies readonly MethodName[];

export const receptionEvents = {
  'reception.queue': hostEvent<QueueBoardView>()({ owner: 'reception', summary: 'A watched queue board changed (or went offline).' }),
  'reception.changed': hostEvent<ReceptionChange>()({ owner: 'reception', summary: 'Reception data the host keeps changed: open screens read it again.' }),
} as const;
