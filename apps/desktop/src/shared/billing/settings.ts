import { DESK_CODE_PATTERN } from '@hms/core';
import { z } from 'zod';

/**
 * The cash the hospital's currency comes in, in minor units, largest first: Kenyan shilling notes
 * (1,000, 500, 200, 100, 50) and coins (20, 10, 5, 1). A hospital elsewhere sets its own.
 */
export const DEFAULT_DENOMINATIONS: readonly number[] = [100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 100];

/** The cashier desk's own settings on this workstation (WorkstationSettings.desks.billing). */
export const BillingSettingsSchema = z.object({
  /**
   * Printed before every receipt numbered here while the server is away (CSH1-RCT-2026-000007),
   * so it never collides with the server's or another desk's. Unset, this desk takes no payment offline.
   */
  deskCode: z.string().trim().regex(DESK_CODE_PATTERN, 'is 2 to 8 capital letters or digits').optional(),
  /** The hospital's currency, as amounts are typed, shown and printed (minor digits: 2 for KES, 0 for UGX). */
  currency: z.object({
    code: z.string().regex(/^[A-Z]{3}$/, 'is an ISO 4217 code such as KES'),
    minorDigits: z.number().int().min(0).max(3),
  }).default({ code: 'KES', minorDigits: 2 }),
  /** The notes and coins a shift's cash is counted in at closing, in minor units. */
  denominations: z.array(z.number().int().positive().max(100_000_000)).min(1).max(40)
    .refine((values) => new Set(values).size === values.length, 'lists a denomination twice')
    .default([...DEFAULT_DENOMINATIONS]),
}).strict();
export type BillingSettings = z.infer<typeof BillingSettingsSchema>;
