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
  /** ASTM: an open line offers itself for order downloads (orders-out.ts); the returned function takes it back. */
  attachOrderLine?: ((line: OrderLine) => () => void) | undefined;
}

/** A line orders can be sent on: resolves 'sent' once the analyzer took the whole message, else the failure. */
export interface OrderLine {
  send(text: string, ref: string): Promise<'sent' | string>;
}

/** One enabled interface's transport, kept open until stopped. */
export interface Runner {
  stop(): Promise<void>;
}
