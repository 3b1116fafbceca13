import type { Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from '../log.js';
import type { Connection, StoredEvent } from '../gateway/connection.js';

export interface EventHubDeps {
  db: Knex;
  /** A dedicated client for LISTEN (not from the pool). */
  createListener: () => pg.Client;
  log: Logger;
  /** Safety net for lost notifications (listener reconnecting): a poll this often. */
  pollIntervalMs?: number;
  /** A session or account changed (payload of 'hms_sessions'); '*' when some may have been missed. */
  onSessionChange?: (key: string) => void;
}

const CHANNEL = 'hms_events';
const SESSIONS_CHANNEL = 'hms_sessions';
const BATCH = 500;
/** Beyond this many missed events a workstation is told to reload its state instead. */
export const MAX_REPLAY = 10_000;

interface EventRow {
  seq: number;
  name: string;
  topic: string;
  data: unknown;
}

/**
 * Fans committed events out to this process's sockets. Every server process sharing the
 * database LISTENs on one channel; the writer's NOTIFY (sent at commit by the events trigger)
 * wakes them all, and each reads the new rows in seq order from its own cursor.
 */
export class EventHub {
  private readonly deps: EventHubDeps;
  private readonly connections = new Set<Connection>();
  private cursor = 0;
  private listener: pg.Client | undefined;
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(deps: EventHubDeps) {
    this.deps = deps;
  }

  async start(): Promise<void> {
    this.cursor = await this.maxSeq(this.deps.db);
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.deps.pollIntervalMs ?? 2_000);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    await this.draining;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  add(connection: Connection): void {
    this.connections.add(connection);
  }

  remove(connection: Connection): void {
    this.connections.delete(connection);
  }

  /** Sends a connection what it missed after `afterSeq` on its topics; live delivery then resumes. */
  async resume(connection: Connection, afterSeq: number): Promise<{ lastSeq: number; complete: boolean }> {
    let complete = true;
    const lastSeq = await connection.replay(async () => {
      const { db } = this.deps;
      const bounds = (await db.raw('select min(seq) as min, max(seq) as max from events')).rows[0] as { min: number | null; max: number | null };
      const max = bounds.max ?? 0;
      const min = bounds.min ?? max + 1;
      // Older events were pruned, or the database is not the one the workstation knew.
      if (afterSeq < min - 1 || afterSeq > max) complete = false;
      const topics = [...connection.topics];
      const rows: EventRow[] = topics.length === 0 ? [] : await db('events')
        .select('seq', 'name', 'topic', 'data')
        .where('seq', '>', afterSeq)
        .andWhere('seq', '<=', max)
        .whereIn('topic', topics)
        .orderBy('seq')
        .limit(MAX_REPLAY + 1);
      if (rows.length > MAX_REPLAY) {
        complete = false;
        return { events: [], lastSeq: max };
      }
      return { events: rows, lastSeq: max };
    });
    return { lastSeq, complete };
  }

  private async listen(): Promise<void> {
    const client = this.deps.createListener();
    client.on('notification', (message) => {
      if (message.channel === SESSIONS_CHANNEL) this.deps.onSessionChange?.(message.payload ?? '*');
      else this.wake();
    });
    client.on('error', (error) => {
      this.deps.log.warn({ err: error }, 'event listener connection failed; reconnecting');
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    await client.connect();
    await client.query(`listen ${CHANNEL}; listen ${SESSIONS_CHANNEL}`);
    this.listener = client;
    // Anything committed while we were not listening is picked up now.
    this.deps.onSessionChange?.('*');
    this.wake();
  }

  private scheduleReconnect(client: pg.Client): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = undefined;
    client.removeAllListeners('end');
    this.reconnectTimer = setTimeout(() => {
      this.listen().catch((error: unknown) => {
        this.deps.log.warn({ err: error }, 'event listener could not reconnect; retrying');
        this.listener = client;
        this.scheduleReconnect(client);
      });
    }, 1_000);
    this.reconnectTimer.unref();
  }

  /** Coalesces wake-ups: one drain at a time, and one more if woken meanwhile. */
  private wake(): void {
    if (this.stopped) return;
    if (this.draining !== undefined) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'event fan-out failed; will retry'))
      .finally(() => {
        this.draining = undefined;
        if (this.drainAgain) {
          this.drainAgain = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows: EventRow[] = await this.deps.db('events')
        .select('seq', 'name', 'topic', 'data')
        .where('seq', '>', this.cursor)
        .orderBy('seq')
        .limit(BATCH);
      for (const row of rows) {
        const event: StoredEvent = row;
        for (const connection of this.connections) connection.deliver(event);
        this.cursor = row.seq;
      }
      if (rows.length < BATCH) return;
    }
  }

  private async maxSeq(db: Knex): Promise<number> {
    const row = (await db.raw('select max(seq) as max from events')).rows[0] as { max: number | null } | undefined;
    return row?.max ?? 0;
  }
}
