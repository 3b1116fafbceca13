import { HmsError } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { findPayment } from './payments-repo.js';

interface ConflictRow { id: string; payment_id: string; reason: 'overpayment' | 'invoice_void'; excess_minor: string; detected_at: Date; resolved_at: Date | null; resolved_by_name: string | null; resolution: string | null }

function conflictRows(db: Knex) {
  return db('billing_payment_conflicts as c').leftJoin('users as u', 'u.id', 'c.resolved_by')
    .select('c.id', 'c.payment_id', 'c.reason', 'c.excess_minor', 'c.detected_at', 'c.resolved_at', 'u.display_name as resolved_by_name', 'c.resolution')
    .orderBy([{ column: 'c.detected_at' }, { column: 'c.id' }]);
}

async function toConflict(db: Knex, row: ConflictRow) {
  return {
    id: row.id, reason: row.reason, excessMinor: Number(row.excess_minor), payment: (await findPayment(db, row.payment_id))!, detectedAt: row.detected_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null, resolvedByName: row.resolved_by_name, resolution: row.resolution,
  };
}

/** The billing conflicts inbox: offline payments kept as money received but flagged at replay. */
export async function listConflicts(db: Knex, input: Params<'payments.conflicts'>) {
  const query = conflictRows(db).limit(input.limit);
  if (input.status === 'open') query.whereNull('c.resolved_at');
  const conflicts = await Promise.all(((await query) as ConflictRow[]).map((row) => toConflict(db, row)));
  return { conflicts };
}

/** A supervisor records how a conflict was settled; it is resolved once and stays on record. */
export async function resolveConflict(scope: WriteScope, actor: Actor, input: Params<'payments.resolveConflict'>, now: Date) {
  const { trx } = scope;
  const open: { id: string; resolved_at: Date | null } | undefined = await trx('billing_payment_conflicts').where({ id: input.conflictId }).forUpdate().first('id', 'resolved_at');
  if (open === undefined) throw HmsError.notFound('The payment conflict');
  if (open.resolved_at !== null) throw HmsError.conflict('This conflict is already resolved.', { reason: 'already_resolved' });
  await trx('billing_payment_conflicts').where({ id: open.id }).update({ resolved_at: now, resolved_by: actor.userId, resolution: input.resolution });
  const conflict = await toConflict(trx, (await conflictRows(trx).where('c.id', open.id).first()) as ConflictRow);
  scope.audit({ action: 'payments.resolveConflict', entityType: 'patient', entityId: conflict.payment.patientId, after: { conflictId: open.id, paymentId: conflict.payment.id, reason: conflict.reason, resolution: input.resolution } });
  return { conflict };
}
