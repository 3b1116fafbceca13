import { estimateQueueWaits, localDateOf, orderQueue, queueAheadCounts } from '@hms/core';
import type { QueueBoard, Role } from '@hms/core';
import type { Knex } from 'knex';
import { requireDepartment } from '../reference/departments-service.js';
import { hospitalTimeZone } from '../reference/settings-service.js';
import { OPEN_STATUSES, visitViews } from '../visits/visits-repo.js';
import type { VisitView } from '../visits/visits-repo.js';
import { toQueueEntry, toQueueServing } from './queue-events.js';
import { queueStats, queueVersion } from './queue-state.js';

/** Roles that see who the patients on a board are; everyone else sees tokens only. */
const IDENTIFYING_ROLES: readonly Role[] = ['receptionist', 'nurse', 'doctor', 'admin'];

export function mayIdentifyPatients(roles: readonly Role[]): boolean {
  return roles.some((role) => IDENTIFYING_ROLES.includes(role));
}

/**
 * A department queue as of one snapshot (REPEATABLE READ): its version and its entries agree,
 * so a board that applies queue.changed events with a higher version misses nothing.
 */
export async function readBoard(db: Knex, code: string, now: Date, identifyPatients: boolean): Promise<QueueBoard> {
  return db.transaction(
    async (trx) => {
      const department = await requireDepartment(trx, code, 'department', { active: false });
      const serviceDate = localDateOf(now, await hospitalTimeZone(trx));
      const version = await queueVersion(trx, department.id);
      const views = (await visitViews(trx).where('v.department_id', department.id).whereIn('v.status', [...OPEN_STATUSES]).where('v.service_date', serviceDate)) as VisitView[];
      const stats = await queueStats(trx, department.id, serviceDate, now);
      const patient = (view: VisitView) => (identifyPatients ? { id: view.patient_id, mrn: view.patient_mrn, name: view.patient_name } : null);
      const byId = new Map(views.map((view) => [view.id, view]));
      const ordered = orderQueue(
        views
          .filter((view) => view.status === 'checked_in')
          .map((view) => ({ id: view.id, priority: view.priority, queuedAt: view.queued_at, tokenNumber: view.token_number, doctorId: view.doctor_id })),
      );
      const ahead = queueAheadCounts(ordered);
      const waits = estimateQueueWaits(ordered, stats.typicalConsultationMinutes, stats.activeServers);
      const nowServing = views
        .filter((view) => view.status === 'in_consultation')
        .sort((a, b) => (a.called_at?.getTime() ?? 0) - (b.called_at?.getTime() ?? 0))
        .flatMap((view) => {
          const serving = toQueueServing(view);
          return serving === null ? [] : [{ ...serving, patient: patient(view) }];
        });
      return {
        department: department.code,
        departmentName: department.name,
        serviceDate,
        version,
        nowServing,
        waiting: ordered.map((entry, index) => {
          const view = byId.get(entry.id)!;
          return { ...toQueueEntry(view), position: ahead[index]! + 1, estimatedWaitMinutes: waits[index]!, patient: patient(view) };
        }),
        typicalConsultationMinutes: stats.typicalConsultationMinutes,
        activeServers: stats.activeServers,
        at: now.toISOString(),
      };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
