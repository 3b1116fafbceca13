import type { Handlers } from '../gateway/handler.js';
import { listBlocks, requireWorkstation, reserveBlock, retireBlock, toBlock } from './mrn-service.js';

type MrnHandlers = Pick<Handlers, 'mrn.reserveBlock' | 'mrn.listBlocks' | 'mrn.retireBlock'>;

export function mrnHandlers(): MrnHandlers {
  return {
    'mrn.reserveBlock': async (params, ctx) => {
      const workstationId = requireWorkstation(ctx.origin.workstationId);
      const block = await ctx.write((scope) => reserveBlock(scope, { workstationId, userId: ctx.actor.userId, size: params.size, now: ctx.clock.now() }));
      return { block: await toBlock(ctx.db, block) };
    },
    'mrn.listBlocks': async (params, ctx) => {
      const all = params.allWorkstations && ctx.actor.roles.includes('admin');
      const workstationId = all ? null : requireWorkstation(ctx.origin.workstationId);
      const rows = await listBlocks(ctx.db, { workstationId, includeRetired: params.includeRetired });
      return { items: await Promise.all(rows.map((row) => toBlock(ctx.db, row))) };
    },
    'mrn.retireBlock': async (params, ctx) => {
      const { row, unused } = await ctx.write((scope) =>
        retireBlock(scope, { blockId: params.blockId, workstationId: ctx.origin.workstationId, isAdmin: ctx.actor.roles.includes('admin'), userId: ctx.actor.userId, now: ctx.clock.now() }),
      );
      return { block: await toBlock(ctx.db, row), unusedRetired: unused };
    },
  };
}
