import { QUEUE_BOARD_DEFAULT_LIMIT, queueTopic } from '@hms/core';
import type { HandlerContext } from '../gateway/handler.js';
import type { Handlers } from '../gateway/handler.js';
import { readBoard, mayIdentifyPatients } from './queue-board.js';
import { callNext, recall, skip, transfer, triage } from './queue-service.js';

type QueueHandlers = Pick<
  Handlers,
  'queue.board' | 'queue.watch' | 'queue.unwatch' | 'queue.callNext' | 'queue.recall' | 'queue.skip' | 'queue.transfer' | 'queue.triage'
>;

function boardFor(params: { department: string; limit?: number | undefined }, ctx: HandlerContext) {
  return readBoard(ctx.db, { department: params.department, limit: params.limit ?? QUEUE_BOARD_DEFAULT_LIMIT, identifyPatients: mayIdentifyPatients(ctx.actor.roles) }, ctx.clock.now());
}

export function queueHandlers(): QueueHandlers {
  return {
    'queue.board': async (params, ctx) => ({ board: await boardFor(params, ctx) }),
    'queue.watch': async (params, ctx) => {
      // Subscribed before the snapshot is read: any change after it arrives as an event.
      const topic = queueTopic(params.department);
      const watching = ctx.connection.topics.has(topic);
      ctx.connection.subscribe(topic);
      try {
        return { topic, board: await boardFor(params, ctx) };
      } catch (error) {
        if (!watching) ctx.connection.unsubscribe(topic);
        throw error;
      }
    },
    'queue.unwatch': async (params, ctx) => {
      ctx.connection.unsubscribe(queueTopic(params.department));
      return { ok: true };
    },
    'queue.callNext': async (params, ctx) => ({ visit: await ctx.write((scope) => callNext(scope, ctx.actor, params, ctx.clock.now())) }),
    'queue.recall': async (params, ctx) => ({ visit: await ctx.write((scope) => recall(scope, ctx.actor, params.visitId, ctx.clock.now())) }),
    'queue.skip': async (params, ctx) => ({ visit: await ctx.write((scope) => skip(scope, ctx.actor, params.visitId, ctx.clock.now())) }),
    'queue.transfer': async (params, ctx) => ({ visit: await ctx.write((scope) => transfer(scope, ctx.actor, params, ctx.clock.now())) }),
    'queue.triage': async (params, ctx) => ({ visit: await ctx.write((scope) => triage(scope, ctx.actor, params.visitId, params.priority, ctx.clock.now())) }),
  };
}
