import { estimateQueueWaits, orderQueue, queueAheadCounts, typicalConsultationMinutes } from '@hms/core';
import type { QueuePriority } from '@hms/core';
import type { Knex } from 'knex';
import type { Placement } from '../visits/visits-repo.js';

/** The same order as core's compareQueueEntries: priority band, queue time, token number, id. */
export const QUEUE_ORDER_SQL = `case priority when 'emergency' then 0 when 'urgent' then 1 else 2 end, queued_at, token_number, id`;

/** A caller counts as active in a department while serving there, or for this long after a consultation ended. */
export const ACTIVE_CALLER_WINDOW_MINUTES = 30;
/** Used for estimates when a department has no doctors with a profile and too few timings. */
export const DEFAULT_CONSULTATION_MINUTES = 15;

export interface QueueStats {
  waitingCount: number;
  typicalConsultationMinutes: number;
  activeServers: number;
}

/** Counts and wait-estimate inputs of the queue of :dept on :day (callers active since :since). */
const STATS_COLUMNS = `
  (select count(*)::int from visits where department_id = :dept and status = 'checked_in' and service_date = :day) as waiting_count,
  (select coalesce(array_agg(minutes), '{}') from (
     select extract(epoch from (ended_at - started_at))::float8 / 60 as minutes
     from consultation_timings where department_id = :dept order by ended_at desc limit 30) t) as recent_minutes,
  (select count(*)::int from (
     select served_by from visits where department_id = :dept and status = 'in_consultation' and service_date = :day
     union
     select served_by from consultation_timings where department_id = :dept and ended_at > :since) s) as active_servers,
  (select avg(p.consultation_minutes)::float8 from doctor_profiles p
     join doctor_departments dd on dd.doctor_id = p.user_id
     where dd.department_id = :dept and p.active) as default_minutes`;

interface StatsRow {
  waiting_count: number;
  recent_minutes: number[];
  active_servers: number;
  default_minutes: number | null;
}

function statsBindings(departmentId: string, serviceDate: string, now: Date) {
  return { dept: departmentId, day: serviceDate, since: new Date(now.getTime() - ACTIVE_CALLER_WINDOW_MINUTES * 60_000) };
}

function toStats(row: StatsRow): QueueStats {
  const typical = typicalConsultationMinutes(row.recent_minutes, row.default_minutes ?? DEFAULT_CONSULTATION_MINUTES);
  return {
    waitingCount: row.waiting_count,
    typicalConsultationMinutes: Math.round(typical * 10) / 10,
    activeServers: Math.max(1, row.active_servers),
  };
}

/** Counts and the wait-estimate inputs of a department queue, in one round trip. */
export async function queueStats(db: Knex, departmentId: string, serviceDate: string, now: Date): Promise<QueueStats> {
  const result = await db.raw(`select ${STATS_COLUMNS}`, statsBindings(departmentId, serviceDate, now));
  return toStats(result.rows[0] as StatsRow);
}

export interface QueueAfterChange {
  version: number;
  stats: QueueStats;
  /** The waiting visits, in calling order. */
  waiting: WaitingRow[];
}

/**
 * Raises a department queue's version (its row stays locked until commit) and reads the queue
 * as it now is, in one statement: a change holds the queue's locks for as few round trips as
 * possible, since every other change of that queue waits on them.
 */
export async function bumpQueue(trx: Knex.Transaction, departmentId: string, serviceDate: string, now: Date): Promise<QueueAfterChange> {
  const result = await trx.raw(
    `with bumped as (
       insert into queue_versions (department_id, version) values (:dept, 1)
       on conflict (department_id) do update set version = queue_versions.version + 1
       returning version)
     select (select version from bumped) as version, ${STATS_COLUMNS},
       (select coalesce(json_agg(json_build_object('id', id, 'priority', priority, 'queued_at', queued_at, 'token_number', token_number, 'doctor_id', doctor_id)
                                 order by ${QUEUE_ORDER_SQL}), '[]')
        from visits where department_id = :dept and status = 'checked_in' and service_date = :day) as waiting`,
    statsBindings(departmentId, serviceDate, now),
  );
  const row = result.rows[0] as StatsRow & { version: number; waiting: Array<Omit<WaitingRow, 'queued_at'> & { queued_at: string }> };
  return {
    version: Number(row.version),
    stats: toStats(row),
    waiting: row.waiting.map((entry) => ({ ...entry, queued_at: new Date(entry.queued_at) })),
  };
}

export interface WaitingRow {
  id: string;
  priority: QueuePriority;
  queued_at: Date;
  token_number: number;
  doctor_id: string | null;
}

/** The visits waiting in a department on a service date, in calling order. */
export async function waitingRows(db: Knex, departmentId: string, serviceDate: string): Promise<WaitingRow[]> {
  return db('visits')
    .select('id', 'priority', 'queued_at', 'token_number', 'doctor_id')
    .where({ department_id: departmentId, status: 'checked_in', service_date: serviceDate })
    .orderByRaw(QUEUE_ORDER_SQL);
}

/** Position and estimated wait of every waiting visit of a department. */
export function placementsOf(rows: readonly WaitingRow[], stats: QueueStats): Map<string, Placement> {
  const ordered = orderQueue(rows.map((row) => ({ id: row.id, priority: row.priority, queuedAt: row.queued_at, tokenNumber: row.token_number, doctorId: row.doctor_id })));
  const ahead = queueAheadCounts(ordered);
  const waits = estimateQueueWaits(ordered, stats.typicalConsultationMinutes, stats.activeServers);
  return new Map(ordered.map((entry, index) => [entry.id, { position: ahead[index]! + 1, estimatedWaitMinutes: waits[index]! }]));
}

export async function placementsFor(db: Knex, departmentId: string, serviceDate: string, now: Date): Promise<Map<string, Placement>> {
  const rows = await waitingRows(db, departmentId, serviceDate);
  return placementsOf(rows, await queueStats(db, departmentId, serviceDate, now));
}

/** The next daily token number of a department (1 on a new service date). */
export async function allocateToken(trx: Knex.Transaction, departmentId: string, serviceDate: string): Promise<number> {
  const result = await trx.raw(
    `insert into queue_token_counters (department_id, service_date, last_number) values (?, ?, 1)
     on conflict (department_id, service_date) do update set last_number = queue_token_counters.last_number + 1
     returning last_number`,
    [departmentId, serviceDate],
  );
  return (result.rows[0] as { last_number: number }).last_number;
}

export async function queueVersion(db: Knex, departmentId: string): Promise<number> {
  const row: { version: number } | undefined = await db('queue_versions').select('version').where({ department_id: departmentId }).first();
  return row === undefined ? 0 : Number(row.version);
}
