import { compareQueueEntries } from '@hms/core';
import type { AllergySummary, QueuePriority } from '@hms/core';
import type { QueueBoardView } from '../protocol/reception.js';
import { allergiesOnDesk } from './allergy-rules.js';
import type { PendingWrite, TriageEntry, TriageListView } from './triage.js';

/** The priority a queued triage gives a visit: the newest of this desk's not yet sent (a refused one never applied). */
export function pendingPriorityOf(pending: readonly PendingWrite[], visitId: string): QueuePriority | null {
  let priority: QueuePriority | null = null;
  for (const write of pending) {
    if (write.visitId === visitId && write.state === 'queued' && write.change.kind === 'priority') priority = write.change.priority;
  }
  return priority;
}

/** What this desk knows of a waiting patient beside the queue: from the chart read here, and its own records. */
export interface KnownOfVisit {
  vitalsAt: string | null;
  allergies: AllergySummary | null;
}

/**
 * The allergy status the list shows: the chart's as read here, with this desk's queued writes
 * counted (a new allergy, one marked inactive or refuted, "no known allergies"). Pure.
 */
export function allergiesOnList(summary: AllergySummary | null, mine: readonly PendingWrite[]): TriageEntry['allergies'] {
  const queued = mine.filter((write) => write.state === 'queued');
  const active = allergiesOnDesk(summary, queued).filter((allergy) => allergy.status === 'active').map((allergy) => allergy.text);
  if (active.length > 0) return { status: 'allergies', active };
  if (queued.some((write) => write.change.kind === 'noneKnown')) return { status: 'none_known', active };
  if (summary === null) return queued.some((write) => write.change.kind === 'allergy') ? { status: 'not_recorded', active } : null;
  // Every allergy made inactive or refuted: no longer "allergies", and not "none known" either (core allergyStatusOf).
  return { status: summary.status === 'allergies' ? 'not_recorded' : summary.status, active };
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
  known: (entry: { visitId: string; patientId: string | null; queuedAt: string }) => KnownOfVisit,
): TriageListView {
  const entries: TriageEntry[] = [];
  for (const view of views) {
    const board = view.board;
    if (board === null) continue;
    for (const waiting of board.waiting) {
      const mine = pending.filter((write) => write.visitId === waiting.visitId || (waiting.patient !== null && write.patientId === waiting.patient.id));
      const kept = known({ visitId: waiting.visitId, patientId: waiting.patient?.id ?? null, queuedAt: waiting.queuedAt });
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
        vitalsAt: kept.vitalsAt,
        allergies: allergiesOnList(kept.allergies, mine),
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
