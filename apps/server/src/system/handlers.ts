import type { Handlers } from '../gateway/handler.js';
import { TOPIC_ALL } from '../gateway/connection.js';

type SystemHandlers = Pick<Handlers, 'system.ping' | 'system.announce'>;

export function systemHandlers(): SystemHandlers {
  return {
    'system.ping': async (_params, ctx) => ({ now: ctx.clock.now().toISOString() }),
    'system.announce': async (params, ctx) => {
      await ctx.write(async (scope) => {
        scope.audit({ action: 'system.announce', details: { message: params.message, severity: params.severity } });
        scope.emit('system.announcement', TOPIC_ALL, {
          message: params.message,
          severity: params.severity,
          from: ctx.actor.displayName,
          at: ctx.clock.now().toISOString(),
        });
      });
      return { ok: true };
    },
  };
}
