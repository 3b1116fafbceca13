import { z } from 'zod';
import { CursorSchema, InstantSchema, LimitSchema, UuidSchema, page, wireString } from '../common.js';
import { CHART_READER_ROLES } from './clinical-roles.js';
import { defineMethod } from './method.js';

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: InstantSchema,
  actorId: UuidSchema.nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  workstationId: z.string().nullable(),
  address: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  details: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Reads a desk answered from its kept copy while the server was out of reach, sent at most this many at once. */
export const OFFLINE_READS_MAX = 500;
/** How old an offline read may be when it reaches the server (a desk down longer re-reads from the server anyway). */
export const OFFLINE_READ_MAX_AGE_HOURS = 72;
/** The reads a desk answers from its kept copy: a chart, as charts.get would have. */
export const OFFLINE_READ_ACTIONS = ['charts.get'] as const;

export const OfflineReadSchema = z.object({
  /** The desk's id for this read: sent again (a replay), it is recorded once. */
  id: UuidSchema,
  entityType: z.literal('patient'),
  entityId: UuidSchema,
  action: z.enum(OFFLINE_READ_ACTIONS),
  /** When the desk showed it, by the desk's clock. */
  at: InstantSchema,
});
export type OfflineRead = z.infer<typeof OfflineReadSchema>;

export const auditMethods = {
  'audit.query': defineMethod({
    summary: 'Search the audit log, newest first.',
    access: ['admin'],
    writes: false,
    params: z.object({
      entityType: wireString(50).optional(),
      entityId: wireString(100).optional(),
      actorId: UuidSchema.optional(),
      action: wireString(100).optional(),
      from: InstantSchema.optional(),
      to: InstantSchema.optional(),
      limit: LimitSchema.default(50),
      cursor: CursorSchema.optional(),
    }),
    result: page(AuditEntrySchema),
  }),
  'audit.recordOfflineReads': defineMethod({
    summary:
      'Puts on record the chart reads a desk answered from its kept copy while the server was out of reach: one audit row each, ' +
      'by the signed-in user, marked offline with the desk\'s time (details {offline: true, readId, readAt}). Each read\'s id is ' +
      `recorded once (a replay answers alreadyRecorded). VALIDATION for more than ${OFFLINE_READS_MAX}, a time more than ` +
      `${OFFLINE_READ_MAX_AGE_HOURS} h old or in the future, or a patient id that does not exist; nothing is recorded then.`,
    access: CHART_READER_ROLES,
    writes: true,
    params: z.object({ reads: z.array(OfflineReadSchema).min(1).max(OFFLINE_READS_MAX) }),
    result: z.object({ recorded: z.number().int(), alreadyRecorded: z.number().int() }),
  }),
} as const;
