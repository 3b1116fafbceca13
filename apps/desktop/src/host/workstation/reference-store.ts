import { DepartmentSchema, DoctorSchema, HospitalSettingsSchema } from '@hms/core';
import type { HospitalSettings } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const ReferenceSchema = z.object({
  serverUrl: z.string(),
  fetchedAt: z.string(),
  hospital: HospitalSettingsSchema,
  departments: z.array(DepartmentSchema),
  doctors: z.array(DoctorSchema),
});
export type ReferenceData = z.infer<typeof ReferenceSchema>;

// The key predates the desk modules (reception kept it first); kept so a workstation's copy survives the update.
const REFERENCE_KEY = 'reception.reference';

/**
 * Reference data (the hospital's settings, departments, doctors) as read from one server: what
 * every desk shows while offline. Anything kept from another server is ignored.
 */
export class ReferenceStore {
  private readonly values: KeyValueStore;

  constructor(values: KeyValueStore) {
    this.values = values;
  }

  reference(serverUrl: string): ReferenceData | undefined {
    const stored = this.values.getValue(REFERENCE_KEY, ReferenceSchema);
    return stored?.serverUrl === serverUrl ? stored : undefined;
  }

  hospital(serverUrl: string): HospitalSettings | undefined {
    return this.reference(serverUrl)?.hospital;
  }

  saveReference(data: ReferenceData): void {
    this.values.setValue(REFERENCE_KEY, data);
  }
}
