import type { Handlers } from '../gateway/handler.js';

export function eventsHandlers(): Pick<Handlers, 'events.resume'> {
  return {
    'events.resume': async (params, ctx) => ctx.connection.resumeEvents(params.afterSeq),
  };
}
