import type { LabSettings } from '@hms/core';
import type { Knex } from 'knex';
import type { WriteScope } from '../gateway/write-scope.js';
import { announceReferenceChange } from '../reference/index.js';

interface LabSettingsRow {
  critical_escalation_minutes: number;
  updated_at: Date;
}

function toSettings(row: LabSettingsRow): LabSettings {
  return { criticalEscalationMinutes: row.critical_escalation_minutes, updatedAt: row.updated_at.toISOString() };
}

/** The lab's one settings row (migration 0051 makes it). */
export async function getLabSettings(db: Knex | Knex.Transaction): Promise<LabSettings> {
  const row: LabSettingsRow | undefined = await db('lab_settings').where({ id: 1 }).first('critical_escalation_minutes', 'updated_at');
  if (row === undefined) throw new Error('lab_settings has no row: the migrations did not run');
  return toSettings(row);
}

/** An administrator changes the escalation minutes; the escalation reads them on every run, so open alerts follow the new value. */
export async function updateLabSettings(scope: WriteScope, changes: { criticalEscalationMinutes: number }, now: Date): Promise<LabSettings> {
  const before = await scope.trx('lab_settings').where({ id: 1 }).forUpdate().first('critical_escalation_minutes', 'updated_at') as LabSettingsRow;
  const [after] = await scope.trx('lab_settings').where({ id: 1 })
    .update({ critical_escalation_minutes: changes.criticalEscalationMinutes, updated_at: now })
    .returning(['critical_escalation_minutes', 'updated_at']) as LabSettingsRow[];
  scope.audit({ action: 'lab.updateSettings', entityType: 'lab_settings', entityId: '1', before: toSettings(before), after: toSettings(after!) });
  announceReferenceChange(scope, 'settings', 'lab', now);
  return toSettings(after!);
}
