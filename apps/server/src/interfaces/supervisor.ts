import type { Knex } from 'knex';
import { EventEmitter } from 'node:events';
import type { Registry } from 'prom-client';
import type { AuditKey } from '../audit/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { InterfaceMetrics } from './interface-metrics.js';
import type { InterfaceConfig } from './interfaces-repo.js';
import { listInterfaces, toConfig } from './interfaces-repo.js';
import { LiveStateWriter } from './live-state.js';
import { sendDueOrders } from './orders-out.js';
import { feedOrderQueue } from './orders-out-feed.js';
import { astmSession } from './runners/astm-session.js';
import { hl7Session } from './runners/hl7-session.js';
import type { OrderLine, Runner, RunnerContext } from './runners/runner.js';
import { openTransport } from './runners/transports.js';

/** Configuration changes committed in this process: supervisors look again at once rather than at the next poll. */
const changes = new EventEmitter();
export function interfacesChanged(): void {
  changes.emit('changed');
}

interface Running {
  config: InterfaceConfig;
  version: number;
  name: string;
  runner: Runner;
  live: LiveStateWriter;
}

export interface SupervisorOptions {
  db: Knex;
  auditKey: AuditKey;
  clock: Clock;
  log: Logger;
  /** How often the configuration is read again (another process may have changed it). */
  pollMs?: number;
  /** The server's /metrics registry: per-interface series go there. */
  registry: Registry;
  /** How often the order queue is fed from the lab's events and what is due is sent. */
  ordersPollMs?: number;
}

/**
 * Runs one runner per enabled interface in the server process, and keeps the set in step with
 * the interfaces table: started on enable, restarted on a new version, stopped on disable.
 */
export class InterfaceSupervisor {
  private readonly options: SupervisorOptions;
  private readonly running = new Map<string, Running>();
  private poll: NodeJS.Timeout | undefined;
  private pass: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly onChange = () => void this.reconcile();
  private readonly metrics: InterfaceMetrics;
  /** The open ASTM line of each running interface, for order downloads. */
  private readonly orderLines = new Map<string, OrderLine>();
  private ordersTimer: NodeJS.Timeout | undefined;
  private ordersPass: Promise<void> | undefined;

  constructor(options: SupervisorOptions) {
    this.options = options;
    this.metrics = new InterfaceMetrics(options.registry, () => [...this.running].map(([id, running]) => ({ id, name: running.name })));
  }

  async start(): Promise<void> {
    changes.on('changed', this.onChange);
    await this.reconcile();
    this.poll = setInterval(this.onChange, this.options.pollMs ?? 5_000);
    this.poll.unref();
    this.ordersTimer = setInterval(() => void this.sendOrders(), this.options.ordersPollMs ?? 500);
    this.ordersTimer.unref();
  }

  /** One pass at a time: the lab's new events queued as orders, then each interface's due orders sent. */
  sendOrders(): Promise<void> {
    if (this.ordersPass !== undefined || this.stopped) return this.ordersPass ?? Promise.resolve();
    const { db, clock, log } = this.options;
    const pass = (async () => {
      try {
        await feedOrderQueue(db, clock.now());
        for (const [id, running] of this.running) {
          if (running.config.options.orders === undefined || this.stopped) continue;
          try {
            await sendDueOrders(db, running.config, this.orderLines.get(id), () => clock.now());
          } catch (error) {
            running.live.error(`orders could not be sent: ${error instanceof Error ? error.message : String(error)}`);
            log.warn({ err: error, interfaceId: id }, 'interfaces: orders could not be sent; will retry');
          }
        }
      } catch (error) {
        log.warn({ err: error }, 'interfaces: the order queue could not be fed; will retry');
      }
    })();
    this.ordersPass = pass.finally(() => { this.ordersPass = undefined; });
    return this.ordersPass;
  }

  /** Serialized: one pass at a time, each reading the table afresh. */
  reconcile(): Promise<void> {
    this.pass = this.pass.then(() => this.reconcileOnce()).catch((error: unknown) => {
      this.options.log.warn({ err: error }, 'interfaces: could not read the configuration; will retry');
    });
    return this.pass;
  }

  private async reconcileOnce(): Promise<void> {
    if (this.stopped) return;
    const configs = (await listInterfaces(this.options.db)).map(toConfig);
    const wanted = new Map(configs.filter((config) => config.enabled).map((config) => [config.id, config]));
    for (const [id, running] of this.running) {
      const config = wanted.get(id);
      if (config === undefined || config.version !== running.version) {
        this.running.delete(id);
        await running.runner.stop();
        running.live.clear();
      }
    }
    for (const config of wanted.values()) {
      if (!this.running.has(config.id)) this.running.set(config.id, this.launch(config));
    }
  }

  private launch(config: InterfaceConfig): Running {
    const meter = this.metrics.meter(config);
    const live = new LiveStateWriter(config.id, meter);
    const attachOrderLine = (line: OrderLine) => {
      this.orderLines.set(config.id, line);
      return () => { if (this.orderLines.get(config.id) === line) this.orderLines.delete(config.id); };
    };
    const ctx: RunnerContext = { db: this.options.db, auditKey: this.options.auditKey, clock: this.options.clock, log: this.options.log, config, live, meter, attachOrderLine };
    const session = config.protocol === 'hl7' ? hl7Session : astmSession;
    const runner = openTransport(ctx, (line) => session(ctx, line));
    return { config, version: config.version, name: config.name, runner, live };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    changes.off('changed', this.onChange);
    clearInterval(this.poll);
    clearInterval(this.ordersTimer);
    await this.pass;
    await this.ordersPass;
    for (const running of this.running.values()) {
      await running.runner.stop();
      running.live.clear();
    }
    this.running.clear();
  }
}
