import { z } from 'zod';
import { defineMethod } from './method.js';

export const eventsMethods = {
  'events.resume': defineMethod({
    summary:
      'Replay the events after `afterSeq` for what this connection watches, then continue live. ' +
      '`complete` is false when older events were already pruned: reload state instead.',
    access: 'anyRole',
    writes: false,
    params: z.object({ afterSeq: z.number().int().nonnegative() }),
    result: z.object({ lastSeq: z.number().int().nonnegative(), complete: z.boolean() }),
  }),
} as const;
