import type { AuditEntry } from '@hms/core';
import { z } from 'zod';
import type { Handlers } from '../gateway/handler.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { recordOfflineReads } from './offline-reads.js';

interface AuditRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  workstation_id: string | null;
  address: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

const AuditCursor = z.object({ seq: z.number().int() });

export function auditHandlers(): Pick<Handlers, 'audit.query' | 'audit.recordOfflineReads'> {
  return {
    'audit.recordOfflineReads': recordOfflineReads,
    'audit.query': async (params, ctx) => {
      const query = ctx.db<AuditRow>('audit_log')
        .select('seq', 'at', 'actor_id', 'actor_username', 'action', 'entity_type', 'entity_id', 'workstation_id', 'address', 'before', 'after', 'details')
        .orderBy('seq', 'desc')
        .limit(params.limit + 1);
      if (params.entityType !== undefined) query.where('entity_type', params.entityType);
      if (params.entityId !== undefined) query.where('entity_id', params.entityId);
      if (params.actorId !== undefined) query.where('actor_id', params.actorId);
      if (params.action !== undefined) query.where('action', params.action);
      if (params.from !== undefined) query.where('at', '>=', new Date(params.from));
      if (params.to !== undefined) query.where('at', '<', new Date(params.to));
      if (params.cursor !== undefined) query.where('seq', '<', decodeCursor(params.cursor, AuditCursor).seq);
      const rows = await query;
      const page = rows.slice(0, params.limit);
      const items: AuditEntry[] = page.map((row) => ({
        seq: row.seq,
        at: row.at.toISOString(),
        actorId: row.actor_id,
        actorUsername: row.actor_username,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        workstationId: row.workstation_id,
        address: row.address,
        before: row.before,
        after: row.after,
        details: row.details,
      }));
      const last = page.at(-1);
      return rows.length > params.limit && last !== undefined ? { items, nextCursor: encodeCursor({ seq: last.seq }) } : { items };
    },
  };
}
