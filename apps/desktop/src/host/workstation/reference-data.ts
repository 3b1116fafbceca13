import { localDateOf } from '@hms/core';
import type { HospitalSettings } from '@hms/core';
import type { ServerConnection } from '../../shared/connection/server-connection.js';
import type { ReferenceView } from '../../shared/protocol/records.js';
import type { KeyValueStore } from '../cache/local-cache.js';
import { ReferenceStore } from './reference-store.js';
import type { ReferenceData } from './reference-store.js';

export interface ReferenceDataDeps {
  values: KeyValueStore;
  connection: ServerConnection;
  serverUrl: () => string;
  now: () => Date;
  /** Connected and signed in. */
  online: () => boolean;
}

/** Reference data older than this is read again when a desk asks for it online. */
const REFERENCE_MAX_AGE_MS = 5 * 60_000;

/**
 * The hospital's settings, departments and doctors for every desk: read from the server when
 * online (`reference.changed` and each reconnect read them again), kept for offline.
 */
export class ReferenceDataService {
  private readonly deps: ReferenceDataDeps;
  private readonly store: ReferenceStore;
  private refreshing: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(deps: ReferenceDataDeps) {
    this.deps = deps;
    this.store = new ReferenceStore(deps.values);
  }

  /** What is kept from the current server, if anything. */
  current(): ReferenceData | undefined {
    return this.store.reference(this.deps.serverUrl());
  }

  hospital(): HospitalSettings | undefined {
    return this.current()?.hospital;
  }

  /** How old the kept copy is (infinite when there is none). */
  ageMs(): number {
    const stored = this.current();
    return stored === undefined ? Number.POSITIVE_INFINITY : this.deps.now().getTime() - Date.parse(stored.fetchedAt);
  }

  /** What a desk shows: read again first when asked to, or when older than five minutes (online only). */
  async view(refresh: boolean): Promise<ReferenceView> {
    const { online } = this.deps;
    let source: ReferenceView['source'] = 'cache';
    if (online() && (refresh || this.ageMs() > REFERENCE_MAX_AGE_MS)) {
      try {
        await this.refresh();
        source = 'server';
      } catch {
        // Offline meanwhile: the kept copy answers.
      }
    } else if (online()) {
      source = 'server';
    }
    return this.kept(source);
  }

  /** The kept copy, as a view. */
  kept(source: ReferenceView['source']): ReferenceView {
    const data = this.current();
    return {
      hospital: data?.hospital ?? null,
      departments: data?.departments ?? [],
      doctors: data?.doctors ?? [],
      source,
      fetchedAt: data?.fetchedAt ?? null,
    };
  }

  /** Called after every refresh. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads them again (one read at a time when asked at once). */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      const { connection } = this.deps;
      const [settings, departments, doctors] = await Promise.all([
        connection.call('settings.get', {}),
        connection.call('departments.list', {}),
        connection.call('doctors.list', {}),
      ]);
      this.store.saveReference({
        serverUrl: this.deps.serverUrl(),
        fetchedAt: this.deps.now().toISOString(),
        hospital: settings.settings,
        departments: departments.items,
        doctors: doctors.items,
      });
      for (const listener of this.listeners) listener();
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The hospital's calendar day (its time zone, once known; this computer's until then). */
  today(now: Date = this.deps.now()): string {
    const zone = this.hospital()?.timeZone;
    if (zone !== undefined) return localDateOf(now, zone);
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }
}
