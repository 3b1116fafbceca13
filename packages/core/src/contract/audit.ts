import { z } from 'zod';
import { CursorSchema, InstantSchema, LimitSchema, UuidSchema, page, wireString } from '../common.js';
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
} as const;
