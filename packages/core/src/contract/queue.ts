import { z } from 'zod';
import { CalendarDateSchema, InstantSchema, OkSchema, UuidSchema, text } from '../common.js';
import { VISIT_STATUSES } from '../rules/visit-status.js';
import { DepartmentCodeSchema, PatientSummarySchema, QUEUE_CALLER_ROLES, TRANSFER_ROLES } from './front-desk-shared.js';
import { defineEvent, defineMethod } from './method.js';
import { QueuePrioritySchema, VisitSchema } from './visits.js';

/** The topic of a department's queue events: `queue:OPD`. */
export function queueTopic(departmentCode: string): string {
  return `queue:${departmentCode}`;
}

/** A waiting entry as every watcher may see it: no patient identity (boards are public). */
export const QueueEntrySchema = z.object({
  visitId: UuidSchema,
  token: z.string(),
  tokenNumber: z.number().int(),
  priority: QueuePrioritySchema,
  /** The doctor's queue it is in; null for the department pool. */
  doctorId: UuidSchema.nullable(),
  queuedAt: InstantSchema,
  skipCount: z.number().int(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

/** A patient called in: the board's "now serving" line. */
export const QueueServingSchema = z.object({
  visitId: UuidSchema,
  token: z.string(),
  doctorId: UuidSchema.nullable(),
  servedBy: UuidSchema,
  servedByName: z.string(),
  room: z.string().nullable(),
  calledAt: InstantSchema,
  recallCount: z.number().int(),
});
export type QueueServing = z.infer<typeof QueueServingSchema>;

export const QueueBoardWaitingSchema = QueueEntrySchema.extend({
  /** 1-based: one more than the entries a caller of this one's queue takes first (see queueAheadCounts). */
  position: z.number().int(),
  estimatedWaitMinutes: z.number().int(),
  /** Only for the desk and clinical roles; null for others (e.g. a hall display). */
  patient: PatientSummarySchema.nullable(),
});
export const QueueBoardServingSchema = QueueServingSchema.extend({ patient: PatientSummarySchema.nullable() });

/** How many wait in each priority band. */
export const WaitingByPrioritySchema = z.object({ emergency: z.number().int(), urgent: z.number().int(), normal: z.number().int() });

/** The waiting list a board carries when the caller gives no `limit`: a hall display's screen and a desk's list. */
export const QUEUE_BOARD_DEFAULT_LIMIT = 50;
export const QUEUE_BOARD_MAX_LIMIT = 500;

const BoardParamsSchema = z.object({
  department: DepartmentCodeSchema,
  /** How many waiting entries to carry, from the first in calling order (default QUEUE_BOARD_DEFAULT_LIMIT); 0: counts only. */
  limit: z.number().int().min(0).max(QUEUE_BOARD_MAX_LIMIT).optional(),
});

export const QueueBoardSchema = z.object({
  department: z.string(),
  departmentName: z.string(),
  serviceDate: CalendarDateSchema,
  /**
   * The department queue's version: every change adds one and its queue.changed event carries
   * the new value. Apply events with version = board.version + 1; ignore older ones; on a gap, reload.
   */
  version: z.number().int(),
  /** Everyone being served, always. */
  nowServing: z.array(QueueBoardServingSchema),
  /**
   * The first `limit` waiting entries in calling order (emergency > urgent > normal, then
   * queuedAt, then token number): a prefix of the queue, so their positions are exact.
   */
  waiting: z.array(QueueBoardWaitingSchema),
  /** The most entries `waiting` holds (the request's limit). */
  limit: z.number().int(),
  /** Everyone waiting, shown or not: waitingCount - waiting.length are beyond the window. */
  waitingCount: z.number().int(),
  waitingByPriority: WaitingByPrioritySchema,
  /** Trimmed mean of recent consultation durations (or the default when there are too few). */
  typicalConsultationMinutes: z.number(),
  /** Callers serving this department now (at least 1), which the estimates divide by. */
  activeServers: z.number().int(),
  at: InstantSchema,
});
export type QueueBoard = z.infer<typeof QueueBoardSchema>;

export const QUEUE_CHANGES = [
  'checked_in',
  'called',
  'recalled',
  'requeued',
  'triaged',
  'reassigned',
  'transferred_in',
  'transferred_out',
  'completed',
  'cancelled',
  'left',
] as const;
export type QueueChange = (typeof QUEUE_CHANGES)[number];

export const queueMethods = {
  'queue.board': defineMethod({
    summary:
      'A department queue now: who is being served by whom and where, and the first `limit` waiting, in order, with positions ' +
      'and estimated waits, and how many wait in all.',
    access: 'anyRole',
    writes: false,
    params: BoardParamsSchema,
    result: z.object({ board: QueueBoardSchema }),
  }),
  'queue.watch': defineMethod({
    summary: 'Subscribe this connection to queue.changed of a department (topic queue:<CODE>) and get the board (as queue.board) to apply them to.',
    access: 'anyRole',
    writes: false,
    params: BoardParamsSchema,
    result: z.object({ topic: z.string(), board: QueueBoardSchema }),
  }),
  'queue.unwatch': defineMethod({
    summary: 'Stop receiving a department\'s queue.changed events on this connection.',
    access: 'anyRole',
    writes: false,
    params: z.object({ department: DepartmentCodeSchema }),
    result: OkSchema,
  }),
  'queue.callNext': defineMethod({
    summary:
      'Call the next patient: for a doctor, from their own queue and the department pool together; without doctorId (nurses), ' +
      'from the pool. Atomic: two desks calling at once never get the same patient. A doctor may call only for themself (else FORBIDDEN). ' +
      '`visit` is null when nobody is waiting.',
    access: QUEUE_CALLER_ROLES,
    writes: true,
    params: z.object({
      department: DepartmentCodeSchema,
      /** Defaults to the caller when the caller is a doctor with a profile. */
      doctorId: UuidSchema.optional(),
      /** Shown on the board; defaults to the doctor's room. */
      room: text(40).optional(),
    }),
    result: z.object({ visit: VisitSchema.nullable() }),
  }),
  'queue.recall': defineMethod({
    summary: 'Call the patient in consultation again (the board announces the token once more).',
    access: QUEUE_CALLER_ROLES,
    writes: true,
    params: z.object({ visitId: UuidSchema }),
    result: z.object({ visit: VisitSchema }),
  }),
  'queue.skip': defineMethod({
    summary:
      'The called patient is not there: back to the queue behind those already waiting at the same priority; ' +
      'the third skip marks the visit left_without_being_seen.',
    access: QUEUE_CALLER_ROLES,
    writes: true,
    params: z.object({ visitId: UuidSchema }),
    result: z.object({ visit: VisitSchema }),
  }),
  'queue.transfer': defineMethod({
    summary:
      'Move a waiting or called visit to another doctor (same department: keeps its token and place) or another department ' +
      '(a new token there; a waiting patient keeps their place by arrival time, a referral after consultation joins at the back). ' +
      'doctorId null sends it to the department pool.',
    access: TRANSFER_ROLES,
    writes: true,
    params: z
      .object({
        visitId: UuidSchema,
        department: DepartmentCodeSchema.optional(),
        doctorId: UuidSchema.nullable().optional(),
        reason: text(200).optional(),
      })
      .refine((value) => value.department !== undefined || value.doctorId !== undefined, {
        message: 'give a department or a doctorId',
        path: ['department'],
      }),
    result: z.object({ visit: VisitSchema }),
  }),
  'queue.triage': defineMethod({
    summary: 'Change a waiting visit\'s priority (emergency > urgent > normal).',
    access: QUEUE_CALLER_ROLES,
    writes: true,
    params: z.object({ visitId: UuidSchema, priority: QueuePrioritySchema }),
    result: z.object({ visit: VisitSchema }),
  }),
} as const;

export const queueEvents = {
  'queue.changed': defineEvent({
    summary:
      'One change to a department queue: what happened to one visit, not the board. A board applies it (docs/front-desk-queue.md): ' +
      'remove `visitId` from waiting and serving, then add `entry` to waiting (sorted with compareQueueEntries) when it falls ' +
      'within the board\'s window, or `serving` to now serving, and take the counts. Carries no patient identity.',
    data: z.object({
      department: z.string(),
      serviceDate: CalendarDateSchema,
      /** The queue version after this change (see QueueBoard.version). */
      version: z.number().int(),
      change: z.enum(QUEUE_CHANGES),
      visitId: UuidSchema,
      token: z.string(),
      status: z.enum(VISIT_STATUSES),
      /** Present when the visit now waits in this queue. */
      entry: QueueEntrySchema.nullable(),
      /** Present when the visit is now being served in this department. */
      serving: QueueServingSchema.nullable(),
      /** Everyone waiting after the change. */
      waitingCount: z.number().int(),
      waitingByPriority: WaitingByPrioritySchema,
      typicalConsultationMinutes: z.number(),
      activeServers: z.number().int(),
      at: InstantSchema,
    }),
  }),
} as const;
