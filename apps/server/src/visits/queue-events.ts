import { queueTopic } from '@hms/core';
import type { QueueChange, QueueEntry, QueueServing } from '@hms/core';
import type { WriteScope } from '../gateway/write-scope.js';
import type { VisitView } from './visits-repo.js';
import { bumpQueue } from './queue-state.js';
import type { QueueAfterChange } from './queue-state.js';

export function toQueueEntry(view: VisitView): QueueEntry {
  return {
    visitId: view.id,
    token: view.token,
    tokenNumber: view.token_number,
    priority: view.priority,
    doctorId: view.doctor_id,
    queuedAt: view.queued_at.toISOString(),
    skipCount: view.skip_count,
  };
}

export function toQueueServing(view: VisitView): QueueServing | null {
  if (view.status !== 'in_consultation' || view.served_by === null || view.called_at === null) return null;
  return {
    visitId: view.id,
    token: view.token,
    doctorId: view.doctor_id,
    servedBy: view.served_by,
    servedByName: view.served_by_name ?? '',
    room: view.room,
    calledAt: view.called_at.toISOString(),
    recallCount: view.recall_count,
  };
}

export interface QueueChangeNotice {
  /** The queue that changed (for a transfer, each side gets its own notice). */
  department: { id: string; code: string };
  serviceDate: string;
  change: QueueChange;
  /** The visit after the change. */
  view: VisitView;
  /** The token the visit had in this queue, when the change gave it another (a transfer out). */
  token?: string;
  now: Date;
}

/**
 * Raises the queue's version and emits queue.changed on `queue:<CODE>`, in the change's own
 * transaction: the event exists if and only if the change committed. Returns the queue's
 * version and counts after the change, and the visit's own position and estimate when it
 * waits in this queue.
 */
export async function publishQueueChange(scope: WriteScope, notice: QueueChangeNotice): Promise<QueueAfterChange> {
  const { department, view } = notice;
  const here = view.department_id === department.id;
  const queue = await bumpQueue(scope.trx, department.id, notice.serviceDate, notice.now, here ? view : undefined);
  const { version, stats } = queue;
  scope.emit('queue.changed', queueTopic(department.code), {
    department: department.code,
    serviceDate: notice.serviceDate,
    version,
    change: notice.change,
    visitId: view.id,
    token: notice.token ?? view.token,
    status: view.status,
    entry: here && view.status === 'checked_in' ? toQueueEntry(view) : null,
    serving: here ? toQueueServing(view) : null,
    waitingCount: stats.waitingCount,
    waitingByPriority: stats.waitingByPriority,
    typicalConsultationMinutes: stats.typicalConsultationMinutes,
    activeServers: stats.activeServers,
    at: notice.now.toISOString(),
  });
  return queue;
}
