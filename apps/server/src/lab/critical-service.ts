import { HmsError, LAB_TOPIC, clinicianTopic } from '@hms/core';
import type { LabCriticalAlert } from '@hms/core';
import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import type { Clock } from '../clock.js';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { runWrite } from '../gateway/write-scope.js';
import type { Logger } from '../log.js';
import { deskTime } from './lab-common.js';
import { getLabSettings } from './lab-settings.js';
import { alertViews, toAlert } from './lab-views.js';

type AlertRow = Parameters<typeof toAlert>[0];

/** Lab staff see every alert; a clinician those sent to them. */
function seesAll(actor: Actor): boolean {
  return actor.roles.includes('lab_technician') || actor.roles.includes('lab_supervisor');
}

export async function listAlerts(db: Knex, actor: Actor, input: { includeAcknowledged: boolean; limit: number }): Promise<LabCriticalAlert[]> {
  const query = alertViews(db).orderBy('a.raised_at', 'desc').limit(input.limit);
  if (!input.includeAcknowledged) query.whereNull('a.acknowledged_at');
  if (!seesAll(actor)) query.where('a.notify_user_id', actor.userId);
  return ((await query) as AlertRow[]).map(toAlert);
}

export async function acknowledgeAlert(scope: WriteScope, actor: Actor, input: { alertId: string; toldName: string; toldAt: string }, now: Date): Promise<LabCriticalAlert> {
  const { trx } = scope;
  const row: { id: string; patient_id: string; notify_user_id: string | null; raised_at: Date; acknowledged_at: Date | null } | undefined =
    await trx('lab_critical_alerts').where({ id: input.alertId }).forUpdate().first('id', 'patient_id', 'notify_user_id', 'raised_at', 'acknowledged_at');
  if (row === undefined) throw HmsError.notFound('The critical alert');
  if (!seesAll(actor) && row.notify_user_id !== actor.userId) throw new HmsError('FORBIDDEN', 'This alert was sent to another clinician.');
  if (row.acknowledged_at !== null) throw HmsError.conflict('This alert is already acknowledged.', { reason: 'already_acknowledged' });
  const toldAt = deskTime(input.toldAt, now, 'toldAt');
  if (toldAt.getTime() < row.raised_at.getTime()) throw HmsError.validation({ toldAt: 'is before the alert was raised' });
  await trx('lab_critical_alerts').where({ id: row.id }).update({ acknowledged_by: actor.userId, acknowledged_at: now, told_name: input.toldName, told_at: toldAt, read_back: true });
  scope.audit({ action: 'lab.acknowledgeCritical', entityType: 'patient', entityId: row.patient_id, after: { alertId: row.id, toldName: input.toldName, toldAt: toldAt.toISOString(), readBack: true } });
  // Every desk showing the alert takes it down: the doctor's other workstations and the lab.
  const data = { alertId: row.id, patientId: row.patient_id, at: now.toISOString() };
  if (row.notify_user_id !== null) scope.emit('lab.criticalAcknowledged', clinicianTopic(row.notify_user_id), data);
  scope.emit('lab.criticalAcknowledged', LAB_TOPIC, data);
  const [alert] = ((await alertViews(trx).where('a.id', row.id)) as AlertRow[]).map(toAlert);
  return alert!;
}

/** Read on every run, so an administrator's change (lab.updateSettings) applies to alerts already open. */
export async function escalationMinutes(db: Knex | Knex.Transaction): Promise<number> {
  return (await getLabSettings(db)).criticalEscalationMinutes;
}

/**
 * Alerts nobody acknowledged within the lab's escalation minutes are told again, marked
 * escalated, to the lab (whose supervisor phones) and the ordering doctor. Each is escalated
 * once; the row lock makes two servers running this at once escalate it once between them.
 */
export async function escalateCriticalAlerts(db: Knex, auditKey: AuditKey, now: Date): Promise<number> {
  return runWrite(db, { auditKey, stamp: () => ({ at: now, actor: null, origin: null }) }, async (scope) => {
    const minutes = await escalationMinutes(scope.trx);
    const due = (await scope.trx('lab_critical_alerts')
      .whereNull('acknowledged_at').whereNull('escalated_at')
      .where('raised_at', '<=', new Date(now.getTime() - minutes * 60_000))
      .forUpdate().skipLocked()
      .select('id', 'result_id', 'request_id', 'patient_id', 'notify_user_id', 'raised_at')) as Array<{ id: string; result_id: string; request_id: string; patient_id: string; notify_user_id: string | null; raised_at: Date }>;
    for (const alert of due) {
      await scope.trx('lab_critical_alerts').where({ id: alert.id }).update({ escalated_at: now });
      scope.audit({ action: 'lab.escalateCritical', entityType: 'patient', entityId: alert.patient_id, after: { alertId: alert.id, raisedAt: alert.raised_at.toISOString(), escalatedAt: now.toISOString(), afterMinutes: minutes } });
      const data = { alertId: alert.id, resultId: alert.result_id, requestId: alert.request_id, patientId: alert.patient_id, escalated: true, at: now.toISOString() };
      scope.emit('lab.critical', LAB_TOPIC, data);
      if (alert.notify_user_id !== null) scope.emit('lab.critical', clinicianTopic(alert.notify_user_id), data);
    }
    return due.length;
  });
}

/** Checks for due escalations every `intervalMs` (by the injected clock's time) until stopped. */
export function scheduleCriticalEscalation(db: Knex, auditKey: AuditKey, clock: Clock, log: Logger, intervalMs = 30_000): () => void {
  const timer = setInterval(() => {
    escalateCriticalAlerts(db, auditKey, clock.now())
      .then((count) => {
        if (count > 0) log.warn({ escalated: count }, 'critical lab alerts escalated: not acknowledged in time');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'critical alert escalation failed; will retry'));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
