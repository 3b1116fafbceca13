import { DepartmentSchema, DoctorSchema, HospitalSettingsSchema, QueueBoardSchema } from '@hms/core';
import type { HospitalSettings, QueueBoard } from '@hms/core';
import { z } from 'zod';
import type { CacheDb } from '../cache/cache-db.js';

const ReferenceSchema = z.object({
  serverUrl: z.string(),
  fetchedAt: z.string(),
  hospital: HospitalSettingsSchema,
  departments: z.array(DepartmentSchema),
  doctors: z.array(DoctorSchema),
});
export type ReferenceData = z.infer<typeof ReferenceSchema>;

const StoredBoardSchema = z.object({ serverUrl: z.string(), asOf: z.string(), board: QueueBoardSchema });

const REFERENCE_KEY = 'reception.reference';
const boardKey = (department: string) => `reception.board.${department}`;

/**
 * Reference data (the hospital's settings, departments, doctors) and the last queue board of
 * each department watched, as read from one server: what the desk shows while offline.
 * Anything kept from another server is ignored.
 */
export class ReferenceStore {
  private readonly cache: CacheDb;

  constructor(cache: CacheDb) {
    this.cache = cache;
  }

  reference(serverUrl: string): ReferenceData | undefined {
    const stored = this.cache.getValue(REFERENCE_KEY, ReferenceSchema);
    return stored?.serverUrl === serverUrl ? stored : undefined;
  }

  hospital(serverUrl: string): HospitalSettings | undefined {
    return this.reference(serverUrl)?.hospital;
  }

  saveReference(data: ReferenceData): void {
    this.cache.setValue(REFERENCE_KEY, data);
  }

  board(serverUrl: string, department: string): { board: QueueBoard; asOf: string } | undefined {
    const stored = this.cache.getValue(boardKey(department), StoredBoardSchema);
    return stored?.serverUrl === serverUrl ? { board: stored.board, asOf: stored.asOf } : undefined;
  }

  saveBoard(serverUrl: string, board: QueueBoard, asOf: string): void {
    this.cache.setValue(boardKey(board.department), { serverUrl, asOf, board });
  }
}

