import { z } from 'zod';
import { defineMethod } from './method.js';

export const eventsMethods = {
  'events.resume': defineMethod({
    summary:
      'Replay the events after `afterSeq` for what this connection watches, then continue live. ' +
      'Each event reaches the connection once; live ones may overtake the replay until this ' +
      'reply arrives, so apply them in seq order from then on, and resume next time from ' +
      '`lastSeq` or the highest seq seen after it. `complete` is false when older events were ' +
      'already pruned (or the server does not know `afterSeq`): reload state instead.',
    access: 'anyRole',
    writes: false,
    params: z.object({ afterSeq: z.number().int().nonnegative() }),
    result: z.object({ lastSeq: z.number().int().nonnegative(), complete: z.boolean() }),
  }),
} as const;
