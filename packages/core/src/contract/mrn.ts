import { z } from 'zod';
import { InstantSchema, UuidSchema } from '../common.js';
import { defineMethod } from './method.js';
import { PATIENT_WRITE_ROLES } from './patients.js';

/**
 * MRN blocks: numbers handed to a workstation in advance, so that a desk registering while
 * the LAN is down prints the final MRN at once. A block belongs to the workstation id given
 * at sign-in. Numbers are never reissued: retiring a block retires its unused numbers.
 */
export const MRN_BLOCK_MAX = 500;

export const MrnBlockSchema = z.object({
  id: UuidSchema,
  workstationId: z.string(),
  /** The MRN format the numbers were rendered in. */
  format: z.string(),
  /** The counter scope (the year token's text, or '' when the format has none). */
  scope: z.string(),
  firstNumber: z.number().int().positive(),
  lastNumber: z.number().int().positive(),
  /** The block's MRNs, rendered, in order. */
  mrns: z.array(z.string()),
  /** How many of them registered patients so far. */
  used: z.number().int().nonnegative(),
  reservedAt: InstantSchema,
  /** After this the block should be retired and a new one reserved (registrations from it are still accepted). */
  expiresAt: InstantSchema,
  retiredAt: InstantSchema.nullable(),
});
export type MrnBlock = z.infer<typeof MrnBlockSchema>;

export const mrnMethods = {
  'mrn.reserveBlock': defineMethod({
    summary: 'Reserve `size` MRNs for this workstation (the workstation id given at sign-in) to use when offline.',
    access: PATIENT_WRITE_ROLES,
    writes: true,
    params: z.object({ size: z.number().int().min(1).max(MRN_BLOCK_MAX).default(50) }),
    result: z.object({ block: MrnBlockSchema }),
  }),
  'mrn.listBlocks': defineMethod({
    summary: 'This workstation\'s MRN blocks (all workstations\' for an admin with allWorkstations).',
    access: PATIENT_WRITE_ROLES,
    writes: false,
    params: z.object({ includeRetired: z.boolean().default(false), allWorkstations: z.boolean().default(false) }),
    result: z.object({ items: z.array(MrnBlockSchema) }),
  }),
  'mrn.retireBlock': defineMethod({
    summary: 'Retire a block: its unused numbers are never issued. Only the owning workstation, or an admin.',
    access: PATIENT_WRITE_ROLES,
    writes: true,
    params: z.object({ blockId: UuidSchema }),
    result: z.object({ block: MrnBlockSchema, unusedRetired: z.number().int().nonnegative() }),
  }),
} as const;
