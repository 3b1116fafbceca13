import { estimateQueueWaits, localDateOf, queueAheadCounts } from '@hms/core';
import type { QueueBoard, Role } from '@hms/core';
import type { Knex } from 'knex';
import { hospitalTimeZone, requireDepartment } from '../reference/index.js';
import { queueOrderSql, queueStats, queueVersion, toQueueEntry, toQueueServing, visitViews } from '../visits/index.js';
import type { VisitView } from '../visits/index.js';

/** Roles that see who the patients on a board are; everyone else sees tokens only. */
const IDENTIFYING_ROLES: readonly Role[] = ['receptionist', 'nurse', 'doctor', 'admin'];

export function mayIdentifyPatients(roles: readonly Role[]): boolean {
  return roles.some((role) => IDENTIFYING_ROLES.includes(role));
}

export interface BoardRequest {
  department: string;
  /** How many waiting entries, from the first in calling order. */
  limit: number;
  identifyPatients: boolean;
}

/**
 * A department queue as of one snapshot (REPEATABLE READ): its version, counts and entries
 * agree, so a board that applies queue.changed events with a higher version misses nothing.
 * Reads the first `limit` waiting in calling order (a prefix, so their positions and estimates
 * are exact) and everyone being served; the rest are counted, not read.
 */
export async function readBoard(db: Knex, request: BoardRequest, now: Date): Promise<QueueBoard> {
  return db.transaction(
    async (trx) => {
      const department = await requireDepartment(trx, request.department, 'department', { active: false });
      const serviceDate = localDateOf(now, await hospitalTimeZone(trx));
      const version = await queueVersion(trx, department.id);
      const stats = await queueStats(trx, department.id, serviceDate, now);
      const first = request.limit === 0 ? [] : (await visitViews(trx)
        .where({ 'v.department_id': department.id, 'v.service_date': serviceDate, 'v.status': 'checked_in' })
        .orderByRaw(queueOrderSql('v'))
        .limit(request.limit)) as VisitView[];
      const serving = (await visitViews(trx)
        .where({ 'v.department_id': department.id, 'v.service_date': serviceDate, 'v.status': 'in_consultation' })
        .orderBy('v.called_at')) as VisitView[];
      const patient = (view: VisitView) => (request.identifyPatients ? { id: view.patient_id, mrn: view.patient_mrn, name: view.patient_name } : null);
      const ordered = first.map((view) => ({ id: view.id, priority: view.priority, queuedAt: view.queued_at, tokenNumber: view.token_number, doctorId: view.doctor_id }));
      const ahead = queueAheadCounts(ordered);
      const waits = estimateQueueWaits(ordered, stats.typicalConsultationMinutes, stats.activeServers);
      return {
        department: department.code,
        departmentName: department.name,
        serviceDate,
        version,
        nowServing: serving.flatMap((view) => {
          const entry = toQueueServing(view);
          return entry === null ? [] : [{ ...entry, patient: patient(view) }];
        }),
        waiting: first.map((view, index) => ({ ...toQueueEntry(view), position: ahead[index]! + 1, estimatedWaitMinutes: waits[index]!, patient: patient(view) })),
        limit: request.limit,
        waitingCount: stats.waitingCount,
        waitingByPriority: stats.waitingByPriority,
        typicalConsultationMinutes: stats.typicalConsultationMinutes,
        activeServers: stats.activeServers,
        at: now.toISOString(),
      };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
