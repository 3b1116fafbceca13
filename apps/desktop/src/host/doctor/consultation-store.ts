import { EncounterSchema, ErrorCodeSchema, NoteSectionsSchema, isMethodName } from '@hms/core';
import type { MethodName, NoteSections } from '@hms/core';
import { z } from 'zod';
import type { ConsultationView, ConsultationWrite, ConsultationWriteState } from '../../shared/doctor/views.js';
import type { KeyValueStore } from '../cache/local-cache.js';

const WriteSchema = z.object({
  idempotencyKey: z.string(),
  method: z.string().refine((name): name is MethodName => isMethodName(name)),
  state: z.enum(['applied', 'queued', 'refused', 'discarded', 'resent']),
  params: z.unknown(),
  label: z.string(),
  result: z.unknown(),
  error: z.object({ code: ErrorCodeSchema, message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
  at: z.string(),
});

const ConsultationSchema = z.object({
  serverUrl: z.string(),
  visitId: z.string(),
  patientId: z.string(),
  /** As the desk named the patient when the consultation started (outbox labels, offline lists). */
  patient: z.object({ name: z.string(), mrn: z.string() }).nullable(),
  encounterId: z.string(),
  doctorId: z.string(),
  state: z.enum(['starting', 'open', 'signed', 'completed', 'refused']),
  encounter: EncounterSchema.nullable(),
  writes: z.array(WriteSchema),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type StoredConsultation = z.infer<typeof ConsultationSchema>;

const DraftSchema = z.object({
  sections: NoteSectionsSchema,
  typedAt: z.string(),
  /** typedAt of the latest save handed to the write path (sent or queued). */
  handedTypedAt: z.string().nullable(),
  /** When the latest save was queued in the outbox (offline saves are spaced out). */
  queuedAt: z.string().nullable(),
  /** typedAt of the latest save the server applied. */
  savedTypedAt: z.string().nullable(),
});
export type NoteDraft = z.infer<typeof DraftSchema>;

const PointerSchema = z.object({ visitId: z.string() });
const ListSchema = z.array(z.object({ visitId: z.string(), doctorId: z.string(), startedAt: z.string() }));
/** Consultations listed at most (older ones stay readable by visit, and leave the list). */
const MAX_LISTED = 200;

const keys = {
  consultation: (visitId: string) => `doctor.consultation.${visitId}`,
  encounter: (encounterId: string) => `doctor.encounterVisit.${encounterId}`,
  write: (idempotencyKey: string) => `doctor.writeVisit.${idempotencyKey}`,
  draft: (encounterId: string) => `doctor.draft.${encounterId}`,
  list: 'doctor.consultations',
};

/**
 * The consultations started at this desk, in the key/value area (the cache's, which is on disk
 * before a write returns; in memory where there is no cache): for each visit the encounter id
 * chosen once, the server's encounter as last read, every write made with what became of it,
 * and the note's draft as typed.
 */
export class ConsultationStore {
  private readonly values: KeyValueStore;
  private readonly serverUrl: () => string;
  private readonly now: () => Date;

  constructor(values: KeyValueStore, serverUrl: () => string, now: () => Date) {
    this.values = values;
    this.serverUrl = serverUrl;
    this.now = now;
  }

  byVisit(visitId: string): StoredConsultation | undefined {
    const stored = this.values.getValue(keys.consultation(visitId), ConsultationSchema);
    return stored?.serverUrl === this.serverUrl() ? stored : undefined;
  }

  byEncounter(encounterId: string): StoredConsultation | undefined {
    const pointer = this.values.getValue(keys.encounter(encounterId), PointerSchema);
    return pointer === undefined ? undefined : this.byVisit(pointer.visitId);
  }

  byWrite(idempotencyKey: string): StoredConsultation | undefined {
    const pointer = this.values.getValue(keys.write(idempotencyKey), PointerSchema);
    return pointer === undefined ? undefined : this.byVisit(pointer.visitId);
  }

  /** Every consultation listed at this desk, whoever the doctor, latest first. */
  all(): StoredConsultation[] {
    return (this.values.getValue(keys.list, ListSchema) ?? []).flatMap((entry) => this.byVisit(entry.visitId) ?? []);
  }

  /** A doctor's consultations at this desk, latest first. */
  listed(doctorId: string): StoredConsultation[] {
    const list = this.values.getValue(keys.list, ListSchema) ?? [];
    return list.filter((entry) => entry.doctorId === doctorId).flatMap((entry) => this.byVisit(entry.visitId) ?? []);
  }

  create(consultation: Omit<StoredConsultation, 'serverUrl' | 'writes' | 'updatedAt'>): StoredConsultation {
    const stored: StoredConsultation = { ...consultation, serverUrl: this.serverUrl(), writes: [], updatedAt: consultation.startedAt };
    this.save(stored);
    const list = this.values.getValue(keys.list, ListSchema) ?? [];
    this.values.setValue(keys.list, [{ visitId: stored.visitId, doctorId: stored.doctorId, startedAt: stored.startedAt }, ...list.filter((entry) => entry.visitId !== stored.visitId)].slice(0, MAX_LISTED));
    return stored;
  }

  /** Another encounter id for the visit (the server had one already): the pointer moves. */
  update(visitId: string, change: (consultation: StoredConsultation) => StoredConsultation): StoredConsultation | undefined {
    const stored = this.byVisit(visitId);
    if (stored === undefined) return undefined;
    const next = { ...change(stored), updatedAt: this.now().toISOString() };
    this.save(next);
    return next;
  }

  /** Which visit a write belongs to, without logging it (note saves). */
  pointWrite(idempotencyKey: string, visitId: string): void {
    this.values.setValue(keys.write(idempotencyKey), { visitId });
  }

  recordWrite(visitId: string, write: ConsultationWrite): void {
    this.pointWrite(write.idempotencyKey, visitId);
    this.update(visitId, (consultation) => ({ ...consultation, writes: [...consultation.writes.filter((kept) => kept.idempotencyKey !== write.idempotencyKey), write] }));
  }

  /** What became of a write: the consultation it belongs to, updated, or undefined when it is not this desk's. */
  markWrite(idempotencyKey: string, state: ConsultationWriteState, change: Partial<Pick<ConsultationWrite, 'result' | 'error'>> = {}): StoredConsultation | undefined {
    const stored = this.byWrite(idempotencyKey);
    if (stored === undefined) return undefined;
    return this.update(stored.visitId, (consultation) => ({
      ...consultation,
      writes: consultation.writes.map((write) => (write.idempotencyKey === idempotencyKey ? { ...write, ...change, state, at: this.now().toISOString() } : write)),
    }));
  }

  draft(encounterId: string): NoteDraft | undefined {
    return this.values.getValue(keys.draft(encounterId), DraftSchema);
  }

  saveDraft(encounterId: string, draft: NoteDraft): void {
    this.values.setValue(keys.draft(encounterId), draft);
  }

  view(consultation: StoredConsultation): ConsultationView {
    const draft = this.draft(consultation.encounterId);
    const serverNote = consultation.encounter?.note;
    const sections: NoteSections = draft?.sections ?? serverNote?.sections ?? {};
    const savedTypedAt = draft?.savedTypedAt ?? serverNote?.typedAt ?? null;
    // Only refused saves are logged (a save a second would fill the log): the latest one still open says why.
    const refusedSave = consultation.writes.findLast((write) => write.method === 'notes.save' && write.state === 'refused');
    return {
      visitId: consultation.visitId,
      patientId: consultation.patientId,
      patient: consultation.patient,
      encounterId: consultation.encounterId,
      doctorId: consultation.doctorId,
      state: consultation.state,
      encounter: consultation.encounter,
      note: {
        sections,
        typedAt: draft?.typedAt ?? serverNote?.typedAt ?? null,
        savedTypedAt,
        unsent: draft !== undefined && (savedTypedAt === null || draft.typedAt > savedTypedAt),
        refused: refusedSave?.error === undefined || refusedSave.error === null ? null : { code: refusedSave.error.code, message: refusedSave.error.message },
      },
      writes: consultation.writes.filter((write) => write.method !== 'notes.save'),
      startedAt: consultation.startedAt,
      updatedAt: consultation.updatedAt,
    };
  }

  private save(consultation: StoredConsultation): void {
    this.values.setValue(keys.consultation(consultation.visitId), consultation);
    this.values.setValue(keys.encounter(consultation.encounterId), { visitId: consultation.visitId });
  }
}
