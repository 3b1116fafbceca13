import { HmsError } from '../errors.js';

/**
 * A visit's life: checked_in (waiting in a queue) -> in_consultation (called) -> completed,
 * or it ends as cancelled (entered in error, or the patient withdrew at the desk) or
 * left_without_being_seen. The terminal statuses never change again.
 */
export const VISIT_STATUSES = ['checked_in', 'in_consultation', 'completed', 'cancelled', 'left_without_being_seen'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** The statuses in which a visit is in a queue; a patient has at most one such visit per department. */
export const OPEN_VISIT_STATUSES = ['checked_in', 'in_consultation'] as const satisfies readonly VisitStatus[];
export type OpenVisitStatus = (typeof OPEN_VISIT_STATUSES)[number];

/** What can happen to a visit. */
export const VISIT_ACTIONS = ['call', 'recall', 'skip', 'transfer', 'triage', 'complete', 'cancel', 'leave'] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

/**
 * Skipping a called patient who is not there sends them back to the queue; the skip that
 * reaches this count ends the visit as left_without_being_seen instead.
 */
export const MAX_QUEUE_SKIPS = 3;

const TRANSITIONS: Readonly<Record<VisitStatus, Partial<Record<VisitAction, VisitStatus>>>> = {
  checked_in: {
    call: 'in_consultation',
    transfer: 'checked_in',
    triage: 'checked_in',
    cancel: 'cancelled',
    leave: 'left_without_being_seen',
  },
  in_consultation: {
    recall: 'in_consultation',
    skip: 'checked_in',
    // Referred on after (part of) a consultation: back to waiting, in the new queue.
    transfer: 'checked_in',
    complete: 'completed',
    leave: 'left_without_being_seen',
  },
  completed: {},
  cancelled: {},
  left_without_being_seen: {},
};

const STATUS_LABELS: Readonly<Record<VisitStatus, string>> = {
  checked_in: 'waiting',
  in_consultation: 'in consultation',
  completed: 'completed',
  cancelled: 'cancelled',
  left_without_being_seen: 'marked as left without being seen',
};

const ACTION_LABELS: Readonly<Record<VisitAction, string>> = {
  call: 'called',
  recall: 'called again',
  skip: 'skipped',
  transfer: 'transferred',
  triage: 'triaged',
  complete: 'completed',
  cancel: 'cancelled',
  leave: 'marked as left',
};

export function isOpenVisitStatus(status: VisitStatus): status is OpenVisitStatus {
  return (OPEN_VISIT_STATUSES as readonly VisitStatus[]).includes(status);
}

export function isTerminalVisitStatus(status: VisitStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length === 0;
}

export function canApplyVisitAction(status: VisitStatus, action: VisitAction): boolean {
  return TRANSITIONS[status][action] !== undefined;
}

/** The status after `action`, or CONFLICT (with `from` and `action` in the details) when it is not allowed. */
export function nextVisitStatus(status: VisitStatus, action: VisitAction): VisitStatus {
  const next = TRANSITIONS[status][action];
  if (next === undefined) {
    throw HmsError.conflict(`A visit that is ${STATUS_LABELS[status]} cannot be ${ACTION_LABELS[action]}.`, {
      reason: 'illegal_transition',
      from: status,
      action,
    });
  }
  return next;
}

/** A skip of a called patient: back to waiting, or left_without_being_seen on the last allowed skip. */
export function skipOutcome(status: VisitStatus, skipsSoFar: number): { status: VisitStatus; skipCount: number } {
  const skipCount = skipsSoFar + 1;
  const back = nextVisitStatus(status, 'skip');
  return skipCount >= MAX_QUEUE_SKIPS ? { status: nextVisitStatus(status, 'leave'), skipCount } : { status: back, skipCount };
}
