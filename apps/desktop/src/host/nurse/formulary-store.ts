import { z } from 'zod';
import type { ServerConnection } from '../../shared/connection/server-connection.js';
import type { GenericName } from '../../shared/nurse/substances.js';
import type { KeyValueStore } from '../cache/local-cache.js';

const StoredSchema = z.object({ serverUrl: z.string(), revision: z.number().int(), generics: z.array(z.object({ code: z.string(), text: z.string() })) });
const GENERICS_KEY = 'nurse.generics';
const PAGE = 500;

/**
 * The formulary's generics (code and name), read once per formulary revision and kept: the
 * allergy form offers them offline too, with their codes, so the prescription checks match an
 * allergy recorded at triage.
 */
export class FormularyGenerics {
  private readonly values: KeyValueStore;
  private readonly connection: ServerConnection;
  private readonly serverUrl: () => string;
  private refreshing: Promise<void> | undefined;

  constructor(values: KeyValueStore, connection: ServerConnection, serverUrl: () => string) {
    this.values = values;
    this.connection = connection;
    this.serverUrl = serverUrl;
  }

  generics(): GenericName[] {
    const stored = this.values.getValue(GENERICS_KEY, StoredSchema);
    return stored?.serverUrl === this.serverUrl() ? stored.generics : [];
  }

  /** Reads the formulary again when its revision moved (one page to learn it). */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async read(): Promise<void> {
    const stored = this.values.getValue(GENERICS_KEY, StoredSchema);
    let page = await this.connection.call('drugs.list', { limit: PAGE });
    if (stored?.serverUrl === this.serverUrl() && stored.revision === page.revision) return;
    const revision = page.revision;
    const byCode = new Map<string, string>();
    for (;;) {
      for (const drug of page.items) if (drug.active && !byCode.has(drug.generic)) byCode.set(drug.generic, drug.genericName);
      if (page.nextAfterCode === undefined) break;
      page = await this.connection.call('drugs.list', { limit: PAGE, afterCode: page.nextAfterCode });
    }
    const generics = [...byCode].map(([code, text]) => ({ code, text })).sort((a, b) => a.text.localeCompare(b.text));
    this.values.setValue(GENERICS_KEY, { serverUrl: this.serverUrl(), revision, generics });
  }
}
