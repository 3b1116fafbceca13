import type { QueueBoard } from '@hms/core';
import type { QueueBoardView } from '../protocol/reception.js';
import type { DoctorQueueEntry, MyPatientsView } from './views.js';

/** What this desk did offline that the boards cannot know yet. */
export interface LocalConsultations {
  /** Visits whose consultation was started here while the start waits in the outbox. */
  startedOffline: ReadonlySet<string>;
  /** Visits completed here (the board may not have heard yet). */
  completed: ReadonlySet<string>;
}

type Waiting = QueueBoard['waiting'][number];
type Serving = QueueBoard['nowServing'][number];

function waitingEntry(department: string, entry: Waiting, doctorId: string): DoctorQueueEntry {
  return {
    visitId: entry.visitId, department, token: entry.token, patient: entry.patient, priority: entry.priority,
    queue: entry.doctorId === doctorId ? 'mine' : 'pool', queuedAt: entry.queuedAt, position: entry.position,
    estimatedWaitMinutes: entry.estimatedWaitMinutes, calledAt: null, room: null, recallCount: 0, startedOffline: false,
  };
}

function servingEntry(department: string, entry: Serving): DoctorQueueEntry {
  return {
    visitId: entry.visitId, department, token: entry.token, patient: entry.patient, priority: null,
    queue: entry.doctorId === null ? 'pool' : 'mine', queuedAt: null, position: null, estimatedWaitMinutes: null,
    calledAt: entry.calledAt, room: entry.room, recallCount: entry.recallCount, startedOffline: false,
  };
}

/**
 * A doctor's "My patients" from the boards of their departments: waiting in their own queue or
 * the department's pool (in calling order, as each board has them), and in consultation with
 * them. A consultation started here offline moves its patient from waiting to in consultation
 * (the server calls them in for this doctor when the start arrives); one completed here leaves. Pure.
 */
export function myPatientsOf(views: readonly QueueBoardView[], doctorId: string | null, local: LocalConsultations): MyPatientsView {
  const waiting: DoctorQueueEntry[] = [];
  const inConsultation: DoctorQueueEntry[] = [];
  const departments = views.map((view) => view.department);
  if (doctorId === null) return { doctorId, departments, waiting, inConsultation, live: false, asOf: null };
  for (const { department, board } of views) {
    if (board === null) continue;
    for (const entry of board.waiting) {
      if (local.completed.has(entry.visitId) || (entry.doctorId !== null && entry.doctorId !== doctorId)) continue;
      if (local.startedOffline.has(entry.visitId)) inConsultation.push({ ...waitingEntry(department, entry, doctorId), position: null, estimatedWaitMinutes: null, startedOffline: true });
      else waiting.push(waitingEntry(department, entry, doctorId));
    }
    for (const entry of board.nowServing) {
      if (entry.servedBy !== doctorId || local.completed.has(entry.visitId)) continue;
      inConsultation.push(servingEntry(department, entry));
    }
  }
  const times = views.map((view) => view.asOf).filter((at): at is string => at !== null).sort();
  return {
    doctorId,
    departments,
    waiting,
    inConsultation,
    live: views.length > 0 && views.every((view) => view.live),
    asOf: times[0] ?? null,
  };
}
