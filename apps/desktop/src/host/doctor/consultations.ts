import { HmsError } from '@hms/core';
import type { Encounter, NoteSections, ParamsIn } from '@hms/core';
import type { HostRequestParsed } from '../../shared/protocol/channels.js';
import type { ConsultationOutcome, ConsultationView, NoteSaveOutcome } from '../../shared/doctor/views.js';
import type { DeskContext } from '../desk-module.js';
import type { ConsultationStore, StoredConsultation } from './consultation-store.js';
import type { ConsultationWriter } from './consultation-writer.js';
import type { CodeMemory } from './code-memory.js';
import { toServerEncounter } from './encounter-retarget.js';

/** While offline, note saves are queued at most this often; the draft on disk holds every keystroke save. */
export const OFFLINE_NOTE_SPACING_MS = 15_000;

export interface ConsultationsDeps {
  ctx: DeskContext<'doctor'>;
  store: ConsultationStore;
  writer: ConsultationWriter;
  codes: CodeMemory;
  /** The patient's name and MRN as this desk knows them (My patients, the chart kept). */
  patientOf(patientId: string, visitId: string): { name: string; mrn: string } | undefined;
  changed(consultation: StoredConsultation): void;
  /** Those in consultation with this doctor now, as My patients shows them (the kept board, with this desk's starts and completions). */
  inConsultation(): ReadonlyArray<{ visitId: string; department: string; patient: { name: string } | null }>;
  /** The department a waiting visit is queued in, as My patients knows it. */
  departmentOf(visitId: string): string | undefined;
}

/**
 * The consultation at this desk: started with an encounter id chosen once per visit, then the
 * note (a draft on disk first), diagnoses, orders, signing and completing the visit, each a write
 * through the one write path, so that offline they wait in the outbox in the order they were made.
 */
export class Consultations {
  private readonly deps: ConsultationsDeps;
  private readonly noteTimers = new Map<string, () => void>();

  constructor(deps: ConsultationsDeps) {
    this.deps = deps;
  }

  view(visitId: string): ConsultationView | null {
    const consultation = this.deps.store.byVisit(visitId);
    return consultation === undefined ? null : this.deps.store.view(consultation);
  }

  /** The consultation of an encounter started at this desk, or NOT_FOUND. */
  requireEncounter(encounterId: string): StoredConsultation {
    const consultation = this.deps.store.byEncounter(encounterId);
    if (consultation === undefined) throw HmsError.notFound('A consultation started at this desk with this encounter', { encounterId });
    return consultation;
  }

  /** Open for more writes: not signed, not ended, its start not refused. */
  requireOpen(consultation: StoredConsultation): void {
    if (consultation.state === 'signed' || consultation.state === 'completed') {
      throw HmsError.conflict('The consultation is signed: later words are addenda.', { reason: 'encounter_signed', encounterId: consultation.encounterId });
    }
    if (consultation.state === 'refused') {
      throw HmsError.conflict('The server refused to start this consultation (see the conflicts inbox).', { reason: 'start_refused', encounterId: consultation.encounterId });
    }
  }

  async start(visitId: string, patientId: string): Promise<ConsultationView> {
    const { ctx, store } = this.deps;
    const doctorId = ctx.connection.currentSession?.user.id;
    if (doctorId === undefined) throw new HmsError('UNAUTHENTICATED', 'Please sign in.');
    let consultation = store.byVisit(visitId);
    if (consultation !== undefined && consultation.state !== 'starting' && consultation.state !== 'refused') return store.view(consultation);
    if (consultation === undefined && !ctx.online()) this.refuseWhileServing(visitId);
    consultation ??= store.create({
      visitId, patientId, patient: this.deps.patientOf(patientId, visitId) ?? null, encounterId: ctx.randomUUID(), doctorId, state: 'starting', encounter: null,
      startedAt: ctx.now().toISOString(),
    });
    try {
      await this.sendStart(consultation);
    } catch (error) {
      const existing = encounterExists(error);
      if (existing === undefined) throw error;
      // The server has this doctor's encounter for the visit already (started at another desk, or before this copy was kept): use it.
      consultation = store.update(visitId, (kept) => ({ ...kept, encounterId: existing, state: 'starting' }))!;
      await this.sendStart(consultation);
    }
    return store.view(store.byVisit(visitId)!);
  }

  /**
   * Offline, what the server would refuse on replay (CONFLICT still_serving: the doctor has another
   * patient in consultation in that department) is refused now, before anything is queued: the
   * doctor completes that visit first (queued in order before this start, so the replay takes both).
   */
  private refuseWhileServing(visitId: string): void {
    const department = this.deps.departmentOf(visitId);
    const other = this.deps.inConsultation().find((entry) => entry.visitId !== visitId && (department === undefined || entry.department === department));
    if (other === undefined) return;
    const name = other.patient?.name ?? 'Another patient';
    throw HmsError.conflict(`${name} is still in consultation with you: complete that visit before seeing the next patient.`, {
      reason: 'still_serving', visitId: other.visitId,
    });
  }

  private async sendStart(consultation: StoredConsultation): Promise<void> {
    // The encounter id is the desk's (contract: encounters.start {visitId, encounterId}).
    const params = { visitId: consultation.visitId, encounterId: consultation.encounterId };
    await this.deps.writer.send({ visitId: consultation.visitId, method: 'encounters.start', params, label: `Start the consultation (${this.patientLabel(consultation)})` });
  }

  /**
   * The replayed start met CONFLICT encounter_exists: the server has this doctor's encounter for
   * this visit already (started at another desk while this one was offline). Same visit, same
   * doctor: the desk adopts the server's encounter, re-targets the writes still queued under its
   * own id (note, diagnoses, orders, prescriptions, sign) before the replay sends them, and the
   * start's conflict is resolved with what was done. True when adopted.
   */
  adoptServerEncounter(conflict: { id: number; params: { visitId: string; encounterId?: string | undefined }; error: { details?: Record<string, unknown> | undefined } }): boolean {
    const { ctx, store } = this.deps;
    const serverId = conflict.error.details?.encounterId;
    const consultation = store.byVisit(conflict.params.visitId);
    const ownId = conflict.params.encounterId;
    if (typeof serverId !== 'string' || consultation === undefined || ownId === undefined || consultation.encounterId !== ownId) return false;
    if (consultation.doctorId !== ctx.connection.currentSession?.user.id || ctx.outbox === undefined) return false;
    ctx.outbox.retarget(toServerEncounter(ownId, serverId));
    const draft = store.draft(ownId);
    if (draft !== undefined) store.saveDraft(serverId, draft);
    const updated = store.update(consultation.visitId, (kept) => ({ ...kept, encounterId: serverId }));
    if (updated !== undefined) this.deps.changed(updated);
    ctx.outbox.resolveConflict(conflict.id, `The server had this consultation already (encounter ${serverId}, started at another desk): this desk took it over and sent its queued writes to it.`);
    void this.refreshEncounter(serverId);
    return true;
  }

  /** The server's encounter after a write or a read: kept with the consultation, its state following it. */
  keepEncounter(encounter: Encounter): StoredConsultation | undefined {
    const { store } = this.deps;
    const consultation = store.byEncounter(encounter.id) ?? store.byVisit(encounter.visitId);
    if (consultation === undefined) return undefined;
    const kept = consultation.encounter;
    if (kept !== null && kept.version > encounter.version) return consultation;
    const updated = store.update(consultation.visitId, (current) => ({ ...current, encounterId: encounter.id, encounter, state: stateAfter(current.state, encounter) }));
    if (updated !== undefined) this.deps.changed(updated);
    return updated;
  }

  /** Reads the encounter again (after a diagnosis, say); offline, the kept one stays. */
  async refreshEncounter(encounterId: string): Promise<void> {
    if (!this.deps.ctx.online()) return;
    try {
      const { encounter } = await this.deps.ctx.connection.call('encounters.get', { encounterId });
      this.keepEncounter(encounter);
    } catch {
      // Not there yet (the start is still queued) or offline: the next change reads it again.
    }
  }

  // --- the note -----------------------------------------------------------------------------

  /**
   * The draft is on disk before this answers (nothing lost on a crash). Online it is sent at
   * once; offline the outbox gets one save at most every OFFLINE_NOTE_SPACING_MS, and the latest
   * draft goes before any later write of the consultation and when the link is back.
   */
  async saveNote(askedId: string, sections: NoteSections, typedAt: string): Promise<NoteSaveOutcome> {
    const { store, ctx } = this.deps;
    const consultation = this.requireEncounter(askedId);
    // The id the screen holds may be the desk's own, since replaced by the server's (adoptServerEncounter).
    const { encounterId } = consultation;
    this.requireOpen(consultation);
    const draft = store.draft(encounterId);
    // A save typed before the draft held (a late renderer message) changes nothing.
    if (draft !== undefined && draft.typedAt > typedAt) return { status: 'kept', typedAt: draft.typedAt, note: null };
    store.saveDraft(encounterId, { sections, typedAt, handedTypedAt: draft?.handedTypedAt ?? null, queuedAt: draft?.queuedAt ?? null, savedTypedAt: draft?.savedTypedAt ?? null });
    this.deps.changed(consultation);
    const lastQueued = draft?.queuedAt;
    if (!ctx.online() && lastQueued != null && ctx.now().getTime() - Date.parse(lastQueued) < OFFLINE_NOTE_SPACING_MS) {
      this.scheduleFlush(encounterId, OFFLINE_NOTE_SPACING_MS - (ctx.now().getTime() - Date.parse(lastQueued)));
      return { status: 'kept', typedAt, note: null };
    }
    return this.sendDraft(consultation);
  }

  /** Sends (or queues) the draft if it holds words the server has not been handed yet. */
  async flushNote(encounterId: string): Promise<void> {
    const consultation = this.deps.store.byEncounter(encounterId);
    const draft = this.deps.store.draft(encounterId);
    if (consultation === undefined || draft === undefined || (draft.handedTypedAt !== null && draft.handedTypedAt >= draft.typedAt)) return;
    if (consultation.state === 'refused' || consultation.state === 'completed') return;
    this.noteTimers.get(encounterId)?.();
    this.noteTimers.delete(encounterId);
    await this.sendDraft(consultation);
  }

  /** Back online (and after a restart): every draft not yet handed over is sent. */
  async flushAllNotes(doctorId: string): Promise<void> {
    for (const consultation of this.deps.store.listed(doctorId)) {
      if (consultation.state === 'open' || consultation.state === 'starting') await this.flushNote(consultation.encounterId).catch(() => undefined);
    }
  }

  private async sendDraft(consultation: StoredConsultation): Promise<NoteSaveOutcome> {
    const { store, ctx, writer } = this.deps;
    const { encounterId } = consultation;
    const draft = store.draft(encounterId)!;
    const params: ParamsIn<'notes.save'> = { encounterId, sections: draft.sections, typedAt: draft.typedAt };
    const outcome = await writer.send({
      visitId: consultation.visitId, method: 'notes.save', params, label: `Consultation note (${this.patientLabel(consultation)})`,
      alongside: () => store.saveDraft(encounterId, { ...store.draft(encounterId)!, handedTypedAt: draft.typedAt, queuedAt: ctx.now().toISOString() }),
    });
    if (outcome.status === 'queued') return { status: 'queued', typedAt: draft.typedAt, note: null };
    const current = store.draft(encounterId)!;
    store.saveDraft(encounterId, { ...current, handedTypedAt: maxOf(current.handedTypedAt, draft.typedAt) });
    const result = outcome.write.result as { note: NonNullable<NoteSaveOutcome['note']> };
    return { status: 'server', typedAt: draft.typedAt, note: result.note };
  }

  private scheduleFlush(encounterId: string, ms: number): void {
    if (this.noteTimers.has(encounterId)) return;
    this.noteTimers.set(encounterId, this.deps.ctx.schedule(() => {
      this.noteTimers.delete(encounterId);
      void this.flushNote(encounterId).catch(() => undefined);
    }, Math.max(ms, 0)));
  }

  /** A save reached the server: what it holds now. */
  noteSaved(visitId: string, note: NonNullable<NoteSaveOutcome['note']>): void {
    const { store } = this.deps;
    const consultation = store.byVisit(visitId);
    if (consultation === undefined) return;
    const draft = store.draft(consultation.encounterId);
    if (draft !== undefined && note.typedAt !== null) store.saveDraft(consultation.encounterId, { ...draft, savedTypedAt: maxOf(draft.savedTypedAt, note.typedAt) });
    const updated = consultation.encounter === null ? consultation : store.update(visitId, (kept) => ({ ...kept, encounter: kept.encounter === null ? null : { ...kept.encounter, note } }))!;
    this.deps.changed(updated);
  }

  // --- diagnoses, orders, signing, completing -----------------------------------------------

  async addDiagnosis(request: HostRequestParsed<'doctor.addDiagnosis'>): Promise<ConsultationOutcome> {
    const consultation = this.requireEncounter(request.encounterId);
    this.requireOpen(consultation);
    const { description, ...asked } = request;
    const params = { ...asked, encounterId: consultation.encounterId };
    this.deps.codes.remember([{ code: request.code, description, billable: true }]);
    const outcome = await this.deps.writer.send({ visitId: consultation.visitId, method: 'diagnoses.add', params, label: `Diagnosis ${request.code} ${description}` });
    if (outcome.status === 'applied') void this.refreshEncounter(consultation.encounterId);
    return outcome;
  }

  async order(request: HostRequestParsed<'doctor.order'>): Promise<ConsultationOutcome> {
    const consultation = this.requireEncounter(request.encounterId);
    this.requireOpen(consultation);
    const params: ParamsIn<'orders.create'> = { encounterId: consultation.encounterId, items: request.items.map(({ name: _name, ...item }) => item) };
    const names = request.items.map((item) => item.name).join(', ');
    return this.deps.writer.send({ visitId: consultation.visitId, method: 'orders.create', params, label: `Order ${names} (${this.patientLabel(consultation)})` });
  }

  async sign(askedId: string): Promise<ConsultationOutcome> {
    const { store } = this.deps;
    const consultation = this.requireEncounter(askedId);
    const { encounterId } = consultation;
    this.requireOpen(consultation);
    // The last words go first: a sign locks the note.
    await this.flushNote(encounterId);
    const outcome = await this.deps.writer.send({
      visitId: consultation.visitId, method: 'encounters.sign', params: { encounterId }, label: `Sign the consultation (${this.patientLabel(consultation)})`,
      alongside: () => store.update(consultation.visitId, (kept) => ({ ...kept, state: 'signed' })),
    });
    return { ...outcome, consultation: store.view(store.byVisit(consultation.visitId)!) };
  }

  async complete(visitId: string, note: string | undefined): Promise<ConsultationOutcome> {
    const { store } = this.deps;
    const consultation = store.byVisit(visitId);
    if (consultation === undefined) throw HmsError.notFound('A consultation started at this desk for this visit', { visitId });
    if (consultation.state === 'open' || consultation.state === 'starting') await this.flushNote(consultation.encounterId);
    const params: ParamsIn<'visits.complete'> = note === undefined ? { id: visitId } : { id: visitId, note };
    const outcome = await this.deps.writer.send({
      visitId, method: 'visits.complete', params, label: `Complete the visit (${this.patientLabel(consultation)})`,
      alongside: () => store.update(visitId, (kept) => ({ ...kept, state: 'completed' })),
    });
    return { ...outcome, consultation: store.view(store.byVisit(visitId)!) };
  }

  /** The visit ended on the server (applied here, or from the outbox). */
  completed(visitId: string): void {
    const updated = this.deps.store.update(visitId, (kept) => ({ ...kept, state: 'completed' }));
    if (updated !== undefined) this.deps.changed(updated);
  }

  /** How the outbox names the patient: as the queue or the chart kept here named them. */
  patientLabel(consultation: StoredConsultation): string {
    return consultation.patient === null ? 'patient not named here' : `${consultation.patient.name}, ${consultation.patient.mrn}`;
  }
}

/**
 * What the consultation is once the server's encounter is known: signed with it, never back to
 * open while a sign or a completion made here is still on its way (the replay answers the start first).
 */
function stateAfter(current: StoredConsultation['state'], encounter: Encounter): StoredConsultation['state'] {
  if (current === 'completed' || encounter.status === 'signed') return current === 'completed' ? 'completed' : 'signed';
  return current === 'signed' ? 'signed' : 'open';
}

function encounterExists(error: unknown): string | undefined {
  if (!(error instanceof HmsError) || error.code !== 'CONFLICT' || error.details?.reason !== 'encounter_exists') return undefined;
  const id = error.details.encounterId;
  return typeof id === 'string' ? id : undefined;
}

function maxOf(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}
