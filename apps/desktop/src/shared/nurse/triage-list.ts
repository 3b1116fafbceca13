import { compareQueueEntries } from '@hms/core';
import type { QueuePriority } from '@hms/core';
import type { QueueBoardView } from '../protocol/reception.js';
import type { PendingWrite, TriageEntry, TriageListView } from './triage.js';

/** The priority a queued triage gives a visit: the newest of this desk's not yet sent (a refused one never applied). */
export function pendingPriorityOf(pending: readonly PendingWrite[], visitId: string): QueuePriority | null {
  let priority: QueuePriority | null = null;
  for (const write of pending) {
    if (write.visitId === visitId && write.state === 'queued' && write.change.kind === 'priority') priority = write.change.priority;
  }
  return priority;
}

const effective = (entry: TriageEntry) => ({
  priority: entry.pendingPriority ?? entry.priority, queuedAt: entry.queuedAt, tokenNumber: entry.tokenNumber, id: entry.visitId,
});

/**
 * The triage list from the boards the desk follows: every waiting patient of those departments,
 * in calling order across them (a triage queued here counts at once, as the queue will take
 * it), each with what this desk has recorded for the visit and not yet sent. Pure.
 */
export function triageList(
  views: readonly QueueBoardView[],
  pending: readonly PendingWrite[],
  vitalsAt: (visitId: string) => string | null,
): TriageListView {
  const entries: TriageEntry[] = [];
  for (const view of views) {
    const board = view.board;
    if (board === null) continue;
    for (const waiting of board.waiting) {
      const mine = pending.filter((write) => write.visitId === waiting.visitId || (waiting.patient !== null && write.patientId === waiting.patient.id));
      entries.push({
        visitId: waiting.visitId,
        token: waiting.token,
        tokenNumber: waiting.tokenNumber,
        department: board.department,
        departmentName: board.departmentName,
        priority: waiting.priority,
        pendingPriority: pendingPriorityOf(pending, waiting.visitId),
        patient: waiting.patient,
        doctorId: waiting.doctorId,
        queuedAt: waiting.queuedAt,
        position: waiting.position,
        estimatedWaitMinutes: waiting.estimatedWaitMinutes,
        vitalsAt: vitalsAt(waiting.visitId),
        queued: mine.filter((write) => write.state === 'queued').length,
        refused: mine.filter((write) => write.state === 'refused').length,
      });
    }
  }
  entries.sort((a, b) => compareQueueEntries(effective(a), effective(b)));
  return {
    departments: views.map((view) => ({
      department: view.department,
      departmentName: view.board?.departmentName ?? view.department,
      live: view.live,
      asOf: view.asOf,
      waitingCount: view.board?.waitingCount ?? 0,
      beyond: view.board === null ? 0 : Math.max(0, view.board.waitingCount - view.board.waiting.length),
    })),
    entries,
    live: views.every((view) => view.live),
  };
}
