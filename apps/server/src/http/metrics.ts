import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { poolStats } from '../db/connect.js';

/** Prometheus metrics of one server instance (its own registry, so tests can run several). */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'outcome'>;
  private readonly latency: Histogram<'method'>;
  readonly openSockets: Gauge;

  constructor(db: Knex) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hms_process_' });
    this.requests = new Counter({
      name: 'hms_requests_total',
      help: 'WebSocket requests by method and outcome (ok or the error code).',
      labelNames: ['method', 'outcome'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'hms_request_duration_seconds',
      help: 'Time from receiving a request to sending its reply.',
      labelNames: ['method'],
      // 15 and 20 ms: the speed targets' p95 (charts.get <= 20 ms) can be read off the buckets.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.openSockets = new Gauge({ name: 'hms_open_sockets', help: 'Open WebSocket connections.', registers: [this.registry] });
    const pool = (name: string, help: string, read: (stats: ReturnType<typeof poolStats>) => number) =>
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read(poolStats(db))); } });
    pool('hms_db_pool_used', 'Database connections in use.', (stats) => stats.used);
    pool('hms_db_pool_free', 'Idle database connections in the pool.', (stats) => stats.free);
    pool('hms_db_pool_pending', 'Requests waiting for a database connection.', (stats) => stats.pending);
    pool('hms_db_pool_max', 'Size limit of the database pool.', (stats) => stats.max);
  }

  /** `method` is a contract method name or a placeholder like `(malformed)`: never free text. */
  observe(method: string, outcome: string, startedAt: number): void {
    this.requests.inc({ method, outcome });
    this.latency.observe({ method }, (performance.now() - startedAt) / 1000);
  }
}
