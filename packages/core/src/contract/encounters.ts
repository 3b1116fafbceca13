import { z } from 'zod';
import { CalendarDateSchema, InstantSchema, UuidSchema, text } from '../common.js';
import { CLINICAL_WRITER_ROLES, ENCOUNTER_READER_ROLES } from './clinical-roles.js';
import { DiagnosisSchema } from './diagnoses.js';
import { defineEvent, defineMethod } from './method.js';

export const ENCOUNTER_STATUSES = ['open', 'signed'] as const;
export const EncounterStatusSchema = z.enum(ENCOUNTER_STATUSES);
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];

export const NOTE_SECTIONS = ['complaint', 'history', 'examination', 'assessment', 'plan'] as const;
export type NoteSection = (typeof NOTE_SECTIONS)[number];

/** The longest a note section may be: a long history, not a book. */
export const MAX_NOTE_SECTION_CHARS = 20_000;
const section = () => text(MAX_NOTE_SECTION_CHARS, { multiline: true }).optional();
export const NoteSectionsSchema = z.object({
  complaint: section(),
  history: section(),
  examination: section(),
  assessment: section(),
  plan: section(),
});
export type NoteSections = z.infer<typeof NoteSectionsSchema>;

export const EncounterNoteSchema = z.object({
  sections: NoteSectionsSchema,
  /** Adds one with every save that was applied; 0 before the first. */
  version: z.number().int(),
  /** The desk's time of the text saved last (null before the first save). */
  typedAt: InstantSchema.nullable(),
  savedAt: InstantSchema.nullable(),
});
export type EncounterNote = z.infer<typeof EncounterNoteSchema>;

export const AddendumSchema = z.object({
  id: UuidSchema,
  text: z.string(),
  authorId: UuidSchema,
  authorName: z.string(),
  createdAt: InstantSchema,
});
export type Addendum = z.infer<typeof AddendumSchema>;

export const EncounterSchema = z.object({
  id: UuidSchema,
  visitId: UuidSchema,
  patientId: UuidSchema,
  doctorId: UuidSchema,
  doctorName: z.string(),
  department: z.string(),
  serviceDate: CalendarDateSchema,
  status: EncounterStatusSchema,
  startedAt: InstantSchema,
  signedAt: InstantSchema.nullable(),
  note: EncounterNoteSchema,
  diagnoses: z.array(DiagnosisSchema),
  addenda: z.array(AddendumSchema),
  version: z.number().int(),
});
export type Encounter = z.infer<typeof EncounterSchema>;

/** An encounter as a chart's timeline lists it. */
export const EncounterSummarySchema = z.object({
  id: UuidSchema,
  visitId: UuidSchema,
  doctorName: z.string(),
  department: z.string(),
  status: EncounterStatusSchema,
  startedAt: InstantSchema,
  signedAt: InstantSchema.nullable(),
  /** The primary diagnosis (or the first), if any. */
  diagnosis: z.object({ code: z.string(), description: z.string() }).nullable(),
  complaint: z.string().nullable(),
});
export type EncounterSummary = z.infer<typeof EncounterSummarySchema>;

export const ENCOUNTER_CHANGES = ['started', 'signed', 'addendum'] as const;

export const encountersMethods = {
  'encounters.start': defineMethod({
    summary:
      'Start (or return) the doctor\'s consultation for a visit: the visit must be in consultation with this doctor (called by them: ' +
      'CONFLICT not_called / called_by_other otherwise; visit_ended once it ended). encounterId is the desk\'s choice (once per visit, kept), ' +
      'so an offline desk names the encounter in the writes it queues. A second start by the same doctor with the same id (or none) returns ' +
      'the same encounter; another id is CONFLICT encounter_exists (details.encounterId: the one that exists); an id of another encounter ' +
      'is CONFLICT id_taken. A start WITH encounterId for a patient still waiting (the desk called them while its LAN was down) calls them ' +
      'in for this doctor in the same transaction, as queue.callNext would (CONFLICT in_other_queue / still_serving, FORBIDDEN not_in_department).',
    access: CLINICAL_WRITER_ROLES,
    writes: true,
    params: z.object({ visitId: UuidSchema, encounterId: UuidSchema.optional() }),
    result: z.object({ encounter: EncounterSchema }),
  }),
  'encounters.get': defineMethod({
    summary: 'One encounter with its note, diagnoses and addenda (audited read).',
    access: ENCOUNTER_READER_ROLES,
    writes: false,
    params: z.object({ encounterId: UuidSchema }),
    result: z.object({ encounter: EncounterSchema }),
  }),
  'encounters.sign': defineMethod({
    summary:
      'Sign the encounter (its own doctor only): its note and diagnoses are locked; later words are addenda. Signing a signed encounter is CONFLICT.',
    access: CLINICAL_WRITER_ROLES,
    writes: true,
    params: z.object({ encounterId: UuidSchema }),
    result: z.object({ encounter: EncounterSchema }),
  }),
  'encounters.addendum': defineMethod({
    summary: 'Add an addendum to a signed encounter (a new row; the signed note is never changed). CONFLICT while it is open: edit the note.',
    access: CLINICAL_WRITER_ROLES,
    writes: true,
    params: z.object({ encounterId: UuidSchema, text: text(MAX_NOTE_SECTION_CHARS, { multiline: true }) }),
    result: z.object({ encounter: EncounterSchema }),
  }),
  'notes.save': defineMethod({
    summary:
      'Save the draft note of an open encounter, as the doctor types (every second or so; offline desks replay them). typedAt is the desk\'s ' +
      'time of this text: a save typed before the one stored is not applied (applied: false, the stored note returned), so a late replay never ' +
      'overwrites newer words. The sections given replace the draft whole. CONFLICT encounter_signed once signed.',
    access: CLINICAL_WRITER_ROLES,
    writes: true,
    params: z.object({ encounterId: UuidSchema, sections: NoteSectionsSchema, typedAt: InstantSchema }),
    result: z.object({ note: EncounterNoteSchema, applied: z.boolean() }),
  }),
} as const;

export const encountersEvents = {
  'encounters.changed': defineEvent({
    summary: 'An encounter of the patient started, was signed or got an addendum (topic chart:<patientId>). No clinical text: re-read it.',
    data: z.object({ patientId: UuidSchema, encounterId: UuidSchema, visitId: UuidSchema, change: z.enum(ENCOUNTER_CHANGES), status: EncounterStatusSchema, at: InstantSchema }),
  }),
} as const;
