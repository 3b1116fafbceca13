import type { Knex } from 'knex';
import type { ParseArgsConfig } from 'node:util';
import type { AuditKey, AuditStamp } from '../audit/index.js';
import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import type { OpenDatabase } from '../db/open.js';
import type { Logger } from '../log.js';

export interface CliContext {
  config: ServerConfig;
  log: Logger;
  clock: Clock;
  /** Opens the database on first use (external, the running server's embedded one, or a fresh embedded start). */
  db(): Promise<Knex>;
  /** The same, with the owner's URL for migrations. */
  database(): Promise<OpenDatabase>;
  out(line: string): void;
  /** Who did it, for the audit log: the CLI on this host, as this OS user. */
  stamp(): AuditStamp;
  /** The audit chain's key (HMS_AUDIT_KEY_FILE), created on first use like the server does. */
  auditKey(): Promise<AuditKey>;
  readPassword(label: string): Promise<string>;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export interface Command {
  /** Words that select it: `user add`. */
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options?: ParseArgsConfig['options'];
  run(ctx: CliContext, args: ParsedArgs): Promise<void>;
}
