import { z } from 'zod';
import { InstantSchema } from '../common.js';
import { defineEvent } from './method.js';

export const REFERENCE_KINDS = ['settings', 'departments', 'doctors', 'schedules'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** Topic every signed-in connection hears (the gateway subscribes each session to it). */
export const REFERENCE_TOPIC = 'all';

export const referenceEvents = {
  'reference.changed': defineEvent({
    summary: 'An administrator changed reference data: workstations refresh what they cache of that kind.',
    data: z.object({
      kind: z.enum(REFERENCE_KINDS),
      /** The department, doctor (user id) or schedule owner (doctor id) changed; null for settings. */
      id: z.string().nullable(),
      at: InstantSchema,
    }),
  }),
} as const;
