import { TestClient } from '../test-support/test-client.js';
import { round, summarize } from './stats.js';
import type { LatencySummary } from './stats.js';

export interface ClosedLoopOptions {
  url: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Once per connection, before timing (sign in...). */
  setup?: (client: TestClient, index: number) => Promise<void>;
  /** One timed unit of work. */
  iteration: (client: TestClient, index: number, n: number) => Promise<void>;
  /** A pause after each iteration (0.5 to 1.5 times this, untimed): a desk's user reading and typing. Default none. */
  thinkMs?: number;
}

export interface LoadResult {
  connections: number;
  durationSeconds: number;
  iterations: number;
  throughputPerSecond: number;
  errors: number;
  latencyMs: LatencySummary;
}

/** N connections, each doing one iteration after another for a fixed time (a closed loop). */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const clients = await Promise.all(Array.from({ length: options.connections }, () => TestClient.connect(options.url)));
  try {
    await Promise.all(clients.map((client, index) => options.setup?.(client, index)));
    const samples: number[] = [];
    let errors = 0;
    const started = performance.now();
    const measureFrom = started + options.warmupMs;
    const end = measureFrom + options.durationMs;
    await Promise.all(
      clients.map(async (client, index) => {
        for (let n = 0; performance.now() < end; n += 1) {
          const before = performance.now();
          try {
            await options.iteration(client, index, n);
            if (before >= measureFrom) samples.push(performance.now() - before);
          } catch {
            if (before >= measureFrom) errors += 1;
          }
          const think = options.thinkMs ?? 0;
          if (think > 0) await new Promise((resolve) => setTimeout(resolve, think * (0.5 + Math.random())));
        }
      }),
    );
    const seconds = options.durationMs / 1000;
    return {
      connections: options.connections,
      durationSeconds: seconds,
      iterations: samples.length,
      throughputPerSecond: round(samples.length / seconds, 1),
      errors,
      latencyMs: summarize(samples),
    };
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}
