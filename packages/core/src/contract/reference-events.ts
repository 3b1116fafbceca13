import { z } from 'zod';
import { InstantSchema } from '../common.js';
import { defineEvent } from './method.js';

/** `formulary` and `drug_rules`: a drug or a drug-safety rule changed (desks caching them for offline checks refresh). */
export const REFERENCE_KINDS = ['settings', 'departments', 'doctors', 'schedules', 'formulary', 'drug_rules'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** Topic every signed-in connection hears (the gateway subscribes each session to it). */
export const REFERENCE_TOPIC = 'all';

export const referenceEvents = {
  'reference.changed': defineEvent({
    summary: 'An administrator changed reference data: workstations refresh what they cache of that kind.',
    data: z.object({
      kind: z.enum(REFERENCE_KINDS),
      /** The department, doctor (user id), schedule owner (doctor id), drug or rule changed; null for settings. */
      id: z.string().nullable(),
      at: InstantSchema,
    }),
  }),
} as const;
