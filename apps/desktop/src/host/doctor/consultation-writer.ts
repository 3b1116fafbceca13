import type { ParamsIn } from '@hms/core';
import type { DeskWrite } from '../../shared/protocol/channels.js';
import type { ConsultationOutcome, ConsultationWrite } from '../../shared/doctor/views.js';
import type { DeskContext } from '../desk-module.js';
import type { ConsultationStore } from './consultation-store.js';

export type DoctorWrite = DeskWrite<'doctor'>;

export interface WriteRequest<M extends DoctorWrite> {
  visitId: string;
  method: M;
  params: ParamsIn<M>;
  label: string;
  /** Runs before the write is queued (offline), inside the queueing transaction: a throw queues nothing. */
  beforeQueue?: () => void;
  /** Done beside the queued entry, in the same transaction (the consultation's own state). */
  alongside?: () => void;
}

/**
 * Every write of a consultation goes through here and then the one write path: the desk picks
 * the idempotency key, so that it knows the write when the write path tells it what became of
 * it (at once, or from the outbox), and logs it with the consultation, in the same transaction
 * as the enqueue when it is queued.
 */
export class ConsultationWriter {
  private readonly ctx: DeskContext<'doctor'>;
  private readonly store: ConsultationStore;
  /** Writes being sent now, by key: the applied hook logs them (it runs before `send` returns). */
  private readonly inFlight = new Map<string, { visitId: string; write: ConsultationWrite }>();

  constructor(ctx: DeskContext<'doctor'>, store: ConsultationStore) {
    this.ctx = ctx;
    this.store = store;
  }

  async send<M extends DoctorWrite>(request: WriteRequest<M>): Promise<ConsultationOutcome> {
    const { ctx, store } = this;
    const idempotencyKey = `doctor:${ctx.settings().workstationId.slice(0, 40)}:${ctx.randomUUID()}`;
    const write: ConsultationWrite = {
      idempotencyKey, method: request.method, state: 'queued', params: request.params, label: request.label, result: null, error: null, at: ctx.now().toISOString(),
    };
    this.inFlight.set(idempotencyKey, { visitId: request.visitId, write });
    try {
      const outcome = await ctx.writes.send(request.method, request.params, {
        label: request.label,
        idempotencyKey,
        whenQueued: () => {
          request.beforeQueue?.();
          return {
            params: request.params,
            alongside: (entry) => {
              // Note saves are not logged one by one (one a second): the draft says what is unsent.
              if (request.method === 'notes.save') store.pointWrite(entry.idempotencyKey, request.visitId);
              else store.recordWrite(request.visitId, { ...write, idempotencyKey: entry.idempotencyKey });
              request.alongside?.();
            },
          };
        },
      });
      const consultation = this.consultationView(request.visitId);
      if (outcome.status === 'applied') {
        return { status: 'applied', write: { ...write, state: 'applied', result: outcome.result }, consultation };
      }
      return { status: 'queued', write: { ...write, idempotencyKey: outcome.entry.idempotencyKey }, entry: outcome.entry, consultation };
    } finally {
      this.inFlight.delete(idempotencyKey);
    }
  }

  /**
   * The write path says a write was applied: logged as this desk's, if it is one of them. A write
   * it does not know (a refused one corrected and sent again from the conflicts inbox, under a new
   * key) joins the consultation its result names. Returns its visit.
   */
  applied(idempotencyKey: string, method: DoctorWrite, result: unknown, owner: { encounterId?: string | undefined; visitId?: string } = {}): string | undefined {
    const at = this.ctx.now().toISOString();
    const sending = this.inFlight.get(idempotencyKey);
    if (sending !== undefined) {
      if (sending.write.method !== 'notes.save') this.store.recordWrite(sending.visitId, { ...sending.write, state: 'applied', result, at });
      return sending.visitId;
    }
    const known = this.store.markWrite(idempotencyKey, 'applied', { result }) ?? this.store.byWrite(idempotencyKey);
    if (known !== undefined) return known.visitId;
    const consultation = owner.encounterId !== undefined ? this.store.byEncounter(owner.encounterId) : owner.visitId === undefined ? undefined : this.store.byVisit(owner.visitId);
    if (consultation === undefined || method === 'notes.save') return consultation?.visitId;
    this.store.recordWrite(consultation.visitId, { idempotencyKey, method, state: 'applied', params: null, label: 'Sent again from the conflicts inbox', result, error: null, at });
    return consultation.visitId;
  }

  private consultationView(visitId: string) {
    const consultation = this.store.byVisit(visitId);
    if (consultation === undefined) throw new Error(`The consultation of visit ${visitId} is not kept.`);
    return this.store.view(consultation);
  }
}
