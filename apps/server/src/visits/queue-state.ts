import { QUEUE_PRIORITIES, placeInQueue, priorityRank, typicalConsultationMinutes, waitingByPriority } from '@hms/core';
import type { QueueCount, QueuePriority, WaitingByPriority } from '@hms/core';
import type { Knex } from 'knex';
import type { Placement, VisitRow } from './visits-repo.js';

/** A waiting visit's priority band, as the index visits_queue_order has it (migration 0027). */
function queueRankSql(alias: string): string {
  return `case ${alias}priority when 'emergency' then 0 when 'urgent' then 1 else 2 end`;
}

/**
 * The same order as core's compareQueueEntries: priority band, queue time, token number, id;
 * `alias` qualifies the columns (`v`) in a statement with joins. Read through visits_queue_order.
 */
export function queueOrderSql(alias?: string): string {
  const a = alias === undefined ? '' : `${alias}.`;
  return `${queueRankSql(a)}, ${a}queued_at, ${a}token_number, ${a}id`;
}

export const QUEUE_ORDER_SQL = queueOrderSql();

/** A caller counts as active in a department while serving there, or for this long after a consultation ended. */
export const ACTIVE_CALLER_WINDOW_MINUTES = 30;
/** Used for estimates when a department has no doctors with a profile and too few timings. */
export const DEFAULT_CONSULTATION_MINUTES = 15;

export interface QueueStats {
  waitingCount: number;
  waitingByPriority: WaitingByPriority;
  /** How many wait in each queue (a doctor's or the pool) and priority band. */
  counts: QueueCount[];
  typicalConsultationMinutes: number;
  activeServers: number;
}

/**
 * Counts and wait-estimate inputs of the queue of :dept on :day (callers active since :since).
 * Each reads a bounded number of rows whatever the queue's length: the counts row, the last 30
 * timings, the callers at work.
 */
const STATS_COLUMNS = `
  (select by_queue from queue_counts where department_id = :dept and service_date = :day) as by_queue,
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

type ByQueue = Record<string, Partial<Record<QueuePriority, number>>>;

interface StatsRow {
  by_queue: ByQueue | null;
  recent_minutes: number[];
  active_servers: number;
  default_minutes: number | null;
}

function statsBindings(departmentId: string, serviceDate: string, now: Date) {
  return { dept: departmentId, day: serviceDate, since: new Date(now.getTime() - ACTIVE_CALLER_WINDOW_MINUTES * 60_000) };
}

/** queue_counts.by_queue: {"pool" | doctor id: {priority: n}}, zeros left out. */
function countsOf(byQueue: ByQueue | null): QueueCount[] {
  const counts: QueueCount[] = [];
  for (const [queue, byPriority] of Object.entries(byQueue ?? {})) {
    for (const priority of QUEUE_PRIORITIES) {
      const waiting = byPriority[priority] ?? 0;
      if (waiting > 0) counts.push({ doctorId: queue === 'pool' ? null : queue, priority, waiting });
    }
  }
  return counts;
}

function toStats(row: StatsRow): QueueStats {
  const typical = typicalConsultationMinutes(row.recent_minutes, row.default_minutes ?? DEFAULT_CONSULTATION_MINUTES);
  const counts = countsOf(row.by_queue);
  return {
    waitingCount: counts.reduce((sum, count) => sum + count.waiting, 0),
    waitingByPriority: waitingByPriority(counts),
    counts,
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
  /** The changed visit's place, when it waits in this queue (see bumpQueue's `waiting`). */
  placement?: Placement | undefined;
}

/**
 * How many entries of a waiting visit's own band its callers take after it: an index range of
 * visits_queue_order that is empty for a patient who just joined at the back; it holds those
 * who arrived later for an earlier arrival sent in offline or transferred. Named bindings from
 * behindBindings.
 */
function behindSql(visit: VisitRow): string {
  return `(select count(*)::int from visits
     where department_id = :behindDept and service_date = :behindDay and status = 'checked_in'
       and ${queueRankSql('')} = :behindRank and (queued_at, token_number, id) > (:behindQueuedAt, :behindToken, :behindId)
       ${visit.doctor_id === null ? '' : 'and (doctor_id is null or doctor_id = :behindDoctor)'})`;
}

function behindBindings(visit: VisitRow) {
  return {
    behindDept: visit.department_id,
    behindDay: visit.service_date,
    behindRank: priorityRank(visit.priority),
    behindQueuedAt: visit.queued_at,
    behindToken: visit.token_number,
    behindId: visit.id,
    ...(visit.doctor_id === null ? {} : { behindDoctor: visit.doctor_id }),
  };
}

function placementFrom(visit: VisitRow, stats: QueueStats, behind: number): Placement {
  return placeInQueue(stats.counts, { doctorId: visit.doctor_id, priority: visit.priority }, behind, stats.typicalConsultationMinutes, stats.activeServers);
}

/**
 * Raises a department queue's version (its row stays locked until commit), then reads the
 * queue's counts as they now are; with `waiting` (a visit waiting in this queue), its place too.
 * Called after the change's writes to visits (whose trigger has locked the counts row): every
 * change locks counts before version, never the other way round.
 *
 * Two statements, not one: a statement reads what had committed when it began, and the bump
 * may wait for the version row behind another change of this queue (a check-in that changed
 * the counts). A completion or recall, which leaves the counts alone, would then announce the
 * higher version with the counts from before that check-in. Read after the bump, the counts
 * hold every change with a lower version, and none with a higher one.
 */
export async function bumpQueue(trx: Knex.Transaction, departmentId: string, serviceDate: string, now: Date, waiting?: VisitRow): Promise<QueueAfterChange> {
  const placed = waiting !== undefined && waiting.status === 'checked_in' ? waiting : undefined;
  const bumped = await trx.raw(
    `insert into queue_versions (department_id, version) values (:dept, 1)
     on conflict (department_id) do update set version = queue_versions.version + 1
     returning version`,
    { dept: departmentId },
  );
  const result = await trx.raw(
    `select ${STATS_COLUMNS}${placed === undefined ? '' : `, ${behindSql(placed)} as behind`}`,
    { ...statsBindings(departmentId, serviceDate, now), ...(placed === undefined ? {} : behindBindings(placed)) },
  );
  const row = result.rows[0] as StatsRow & { behind?: number };
  const stats = toStats(row);
  const version = Number((bumped.rows[0] as { version: number | string }).version);
  return { version, stats, placement: placed === undefined ? undefined : placementFrom(placed, stats, Number(row.behind)) };
}

/** Where a waiting visit stands, from its queue's counts and the entries of its band behind it. */
export async function placementOf(db: Knex, visit: VisitRow, stats: QueueStats): Promise<Placement | undefined> {
  if (visit.status !== 'checked_in') return undefined;
  const result = await db.raw(`select ${behindSql(visit)} as behind`, behindBindings(visit));
  return placementFrom(visit, stats, Number((result.rows[0] as { behind: number }).behind));
}

/** A waiting visit's place, with the queue's estimates read for it (reads outside a change). */
export async function placementNow(db: Knex, visit: VisitRow, now: Date): Promise<Placement | undefined> {
  if (visit.status !== 'checked_in') return undefined;
  return placementOf(db, visit, await queueStats(db, visit.department_id, visit.service_date, now));
}

/** Takes a department's next token number (named bindings :tokenDept, :tokenDay); the row stays locked until commit. */
const NEXT_TOKEN_SQL = `insert into queue_token_counters as c (department_id, service_date, last_number) values (:tokenDept, :tokenDay, 1)
  on conflict (department_id, service_date) do update set last_number = c.last_number + 1`;

/** The next daily token number of a department (1 on a new service date). */
export async function allocateToken(trx: Knex.Transaction, departmentId: string, serviceDate: string): Promise<number> {
  const result = await trx.raw(`${NEXT_TOKEN_SQL} returning last_number`, { tokenDept: departmentId, tokenDay: serviceDate });
  return (result.rows[0] as { last_number: number }).last_number;
}

/** core's formatQueueToken in SQL: the code, a dash, the number with at least three digits (visits.int.test.ts pins it). */
export function queueTokenSql(code: string, numberSql: string): string {
  return `cast(${code} as text) || '-' || lpad((${numberSql})::text, greatest(3, length((${numberSql})::text)), '0')`;
}

/** A new visit's columns, but its token's (and those with defaults). */
export type NewVisitRow = Omit<VisitRow, 'id' | 'token_number' | 'token' | 'called_at' | 'served_by' | 'room' | 'ended_at' | 'end_reason' | 'skip_count' | 'recall_count' | 'version'>;

/**
 * Inserts a visit with the department's next token, in one statement: the token counter row is
 * taken together with the counts row (the insert's trigger), so neither is held a round trip
 * longer than the other. `row` is every column but the token's; the new row is returned.
 * A failed insert rolls the number back with it, so tokens stay gap-free.
 */
export async function insertVisitWithToken(trx: Knex.Transaction, departmentCode: string, row: NewVisitRow): Promise<VisitRow> {
  const columns = Object.keys(row) as Array<keyof NewVisitRow>;
  const values = Object.fromEntries(columns.map((column, index) => [`c${index}`, row[column]]));
  const result = await trx.raw(
    `with token as (${NEXT_TOKEN_SQL} returning last_number)
     insert into visits (${columns.map((column) => `"${column}"`).join(', ')}, token_number, token)
     values (${columns.map((_, index) => `:c${index}`).join(', ')}, (select last_number from token), ${queueTokenSql(':tokenCode', 'select last_number from token')})
     returning *`,
    { ...values, tokenDept: row.department_id, tokenDay: row.service_date, tokenCode: departmentCode },
  );
  return result.rows[0] as VisitRow;
}

export async function queueVersion(db: Knex, departmentId: string): Promise<number> {
  const row: { version: number } | undefined = await db('queue_versions').select('version').where({ department_id: departmentId }).first();
  return row === undefined ? 0 : Number(row.version);
}
