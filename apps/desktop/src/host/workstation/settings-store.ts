import { HmsError, fieldErrorsFromIssues } from '@hms/core';
import { WorkstationSettingsSchema } from '../../shared/settings.js';
import type { WorkstationSettings, WorkstationSettingsInput } from '../../shared/settings.js';
import type { KeyValueStore } from '../cache/local-cache.js';

const KEY = 'workstation.settings';

/**
 * This workstation's settings, kept where its platform keeps them (the cache database in Node,
 * the browser's local storage). The first start seeds them from the defaults it was given
 * (command line, environment); later edits come from the Settings screen. `pin` overrides what
 * this runtime decides itself (the browser talks to the server that served it).
 */
export class SettingsStore {
  private readonly values: KeyValueStore;
  private readonly pin: (settings: WorkstationSettings) => WorkstationSettings;
  private current: WorkstationSettings;
  private readonly listeners = new Set<(settings: WorkstationSettings, previous: WorkstationSettings) => void>();

  constructor(values: KeyValueStore, defaults: WorkstationSettingsInput, pin: (settings: WorkstationSettings) => WorkstationSettings = (settings) => settings) {
    this.values = values;
    this.pin = pin;
    const stored = values.getValue(KEY, WorkstationSettingsSchema);
    this.current = pin(stored ?? WorkstationSettingsSchema.parse(defaults));
    if (stored === undefined) values.setValue(KEY, this.current);
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
    this.current = this.pin(parsed.data);
    this.values.setValue(KEY, this.current);
    for (const listener of this.listeners) listener(this.current, previous);
    return this.current;
  }
}
