import { DepartmentCodeSchema } from '@hms/core';
import { z } from 'zod';

/** The nurse desk's own settings on this workstation (WorkstationSettings.desks.nurse). */
export const NurseSettingsSchema = z.object({
  /** The departments whose waiting patients the triage list shows; empty: every active department. */
  departments: z.array(DepartmentCodeSchema).max(50).default([]),
}).strict();
export type NurseSettings = z.infer<typeof NurseSettingsSchema>;
