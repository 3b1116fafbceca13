import { HmsError, fieldErrorsFromIssues } from '@hms/core';
import { WorkstationSettingsSchema } from '../../shared/settings.js';
import type { WorkstationSettings, WorkstationSettingsInput } from '../../shared/settings.js';
import type { CacheDb } from '../cache/cache-db.js';

const KEY = 'workstation.settings';

/**
 * This workstation's settings, in its cache database. The first start seeds them from the
 * defaults it was given (command line, environment); later edits come from the Settings screen.
 */
export class SettingsStore {
  private readonly cache: CacheDb;
  private current: WorkstationSettings;
  private readonly listeners = new Set<(settings: WorkstationSettings, previous: WorkstationSettings) => void>();

  constructor(cache: CacheDb, defaults: WorkstationSettingsInput) {
    this.cache = cache;
    const stored = cache.getValue(KEY, WorkstationSettingsSchema);
    this.current = stored ?? WorkstationSettingsSchema.parse(defaults);
    if (stored === undefined) cache.setValue(KEY, this.current);
  }

  get(): WorkstationSettings {
    return this.current;
  }

  onChange(listener: (settings: WorkstationSettings, previous: WorkstationSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(input: WorkstationSettingsInput): WorkstationSettings {
    const parsed = WorkstationSettingsSchema.safeParse(input);
    if (!parsed.success) throw HmsError.validation(fieldErrorsFromIssues(parsed.error.issues));
    const previous = this.current;
    this.current = parsed.data;
    this.cache.setValue(KEY, this.current);
    for (const listener of this.listeners) listener(this.current, previous);
    return this.current;
  }
}
