import type { QueuePriority } from './queue-order.js';

/** Why the patient came: a first visit for this problem, a follow-up, or an emergency. */
export const VISIT_TYPES = ['new', 'follow_up', 'emergency'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

/** The queue priority a check-in gets when the desk does not choose one. */
export function defaultPriorityFor(visitType: VisitType): QueuePriority {
  switch (visitType) {
    case 'emergency':
      return 'emergency';
    case 'new':
    case 'follow_up':
      return 'normal';
  }
}
