import type { Knex } from 'knex';
import type { AuditKey } from '../../audit/index.js';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { InterfaceMeter } from '../interface-metrics.js';
import type { InterfaceConfig } from '../interfaces-repo.js';
import type { LiveStateWriter } from '../live-state.js';

export interface RunnerContext {
  db: Knex;
  /** Results handed to the lab are audited, chained with the server's key. */
  auditKey: AuditKey;
  clock: Clock;
  log: Logger;
  config: InterfaceConfig;
  live: LiveStateWriter;
  /** Messages in and out and ACK latency, on /metrics. */
  meter: InterfaceMeter;
}

/** One enabled interface's transport, kept open until stopped. */
export interface Runner {
  stop(): Promise<void>;
}
