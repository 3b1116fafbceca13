import { z } from 'zod';
import { InstantSchema, OkSchema, text } from '../common.js';
import { defineEvent, defineMethod } from './method.js';

export const systemMethods = {
  'system.ping': defineMethod({
    summary: 'Round trip for liveness and clock checks: the server\'s time.',
    access: 'anyRole',
    writes: false,
    params: z.object({}),
    result: z.object({ now: InstantSchema }),
  }),
  'system.announce': defineMethod({
    summary: 'Send a notice to every signed-in workstation (e.g. planned maintenance).',
    access: ['admin'],
    writes: true,
    params: z.object({ message: text(500, { multiline: true }), severity: z.enum(['info', 'warning']).default('info') }),
    result: OkSchema,
  }),
} as const;

export const systemEvents = {
  'system.announcement': defineEvent({
    summary: 'A notice from an administrator to every signed-in workstation.',
    data: z.object({
      message: z.string(),
      severity: z.enum(['info', 'warning']),
      from: z.string(),
      at: InstantSchema,
    }),
  }),
} as const;
