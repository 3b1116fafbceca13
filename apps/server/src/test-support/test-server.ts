import type { Knex } from 'knex';
import { startApp } from '../app.js';
import { AuditKey } from '../audit/audit-key.js';
import type { AppOptions, RunningApp } from '../app.js';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { DEFAULT_ADDRESS_THROTTLE } from '../config.js';
import type { AccountThrottlePolicy, AddressThrottlePolicy, SessionPolicy, SocketPolicy } from '../config.js';
import { createLogger } from '../log.js';
import type { Logger } from '../log.js';

export interface TestServer {
  app: RunningApp;
  wsUrl: string;
  httpUrl: string;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  db: Knex;
  databaseUrl: string;
  clock?: Clock;
  sessions?: Partial<SessionPolicy>;
  loginThrottle?: { account?: Partial<AccountThrottlePolicy>; address?: Partial<AddressThrottlePolicy> };
  sockets?: Partial<SocketPolicy>;
  limits?: AppOptions['limits'];
  fallback?: AppOptions['fallback'];
  /** The server's logger (default: silent unless HMS_TEST_LOG_LEVEL), e.g. one writing to a test's buffer. */
  log?: Logger;
  /** The key its audit rows are chained with; a fresh one unless the test verifies the chain. */
  auditKey?: AuditKey;
  auditCheckpoints?: AppOptions['auditCheckpoints'];
}

/** The real server (gateway, hub, HTTP) on an ephemeral port of 127.0.0.1. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const app = await startApp(
    {
      db: options.db,
      databaseUrl: options.databaseUrl,
      clock: options.clock ?? systemClock,
      log: options.log ?? createLogger(process.env.HMS_TEST_LOG_LEVEL ?? 'silent'),
      sessions: { idleTimeoutSeconds: 3600, absoluteTimeoutSeconds: 12 * 3600, ...options.sessions },
      loginThrottle: {
        account: { maxFailures: 5, windowSeconds: 900, lockoutSeconds: 900, ...options.loginThrottle?.account },
        // Test files sign in dozens of users at once from 127.0.0.1, standing for many desks: no
        // address delays unless a file asks (auth.int.test.ts gives the real numbers).
        address: { ...DEFAULT_ADDRESS_THROTTLE, freeFailures: 10_000, ...options.loginThrottle?.address },
      },
      ...(options.sockets === undefined ? {} : { sockets: options.sockets }),
      auditKey: options.auditKey ?? AuditKey.generate(),
      ...(options.auditCheckpoints === undefined ? {} : { auditCheckpoints: options.auditCheckpoints }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.fallback === undefined ? {} : { fallback: options.fallback }),
    },
    '127.0.0.1',
    0,
  );
  return {
    app,
    wsUrl: `ws://127.0.0.1:${app.port}/ws`,
    httpUrl: `http://127.0.0.1:${app.port}`,
    stop: () => app.stop(),
  };
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = new Date('2026-03-02T08:00:00.000Z')) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(date: Date): void {
    this.current = date.getTime();
  }
}
