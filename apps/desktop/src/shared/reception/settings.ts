import { DepartmentCodeSchema } from '@hms/core';
import { z } from 'zod';

/** Reception's own settings on this workstation (WorkstationSettings.desks.reception). */
export const ReceptionSettingsSchema = z.object({
  /** The department a check-in and the queue board start from; unset, the desk's latest check-in's, else the first listed. */
  defaultDepartment: DepartmentCodeSchema.optional(),
}).strict();
export type ReceptionSettings = z.infer<typeof ReceptionSettingsSchema>;
