import type { IsoDate, IsoWeekday } from './zoned-time.js';
import { MINUTES_PER_DAY, addDays, daysBetween, isoWeekdayOf, localDateOf, parseTimeOfDay, zonedInstant } from './zoned-time.js';

/**
 * A doctor's bookable time: weekly template sessions (local wall-clock times in the hospital's
 * zone), changed on given dates by exceptions (a closure of the day or of part of it, or an
 * extra session), removed entirely by leave, and already taken by booked appointments.
 * Sessions lie within one local day (no session crosses midnight).
 */

export const SCHEDULE_EXCEPTION_KINDS = ['closed', 'extra'] as const;
export type ScheduleExceptionKind = (typeof SCHEDULE_EXCEPTION_KINDS)[number];

export interface WeeklySession {
  weekday: IsoWeekday;
  /** `HH:MM` local. */
  start: string;
  end: string;
  slotMinutes: number;
  departmentCode: string;
  effectiveFrom: IsoDate | null;
  effectiveTo: IsoDate | null;
}

export interface ScheduleException {
  date: IsoDate;
  kind: ScheduleExceptionKind;
  /** Both null on a closure: the whole day. An extra session always has both. */
  start: string | null;
  end: string | null;
  slotMinutes: number | null;
  departmentCode: string | null;
}

/** Whole days away, both ends included. */
export interface LeavePeriod {
  from: IsoDate;
  to: IsoDate;
}

export interface TimeInterval {
  start: Date;
  end: Date;
}

export interface DoctorSchedule {
  weekly: readonly WeeklySession[];
  exceptions: readonly ScheduleException[];
  leave: readonly LeavePeriod[];
  /** Appointments that hold time (every status but cancelled). */
  booked: readonly TimeInterval[];
}

export interface Session extends TimeInterval {
  date: IsoDate;
  startMinutes: number;
  endMinutes: number;
  slotMinutes: number;
  departmentCode: string;
}

export interface Slot extends TimeInterval {
  departmentCode: string;
}

interface MinuteRange {
  start: number;
  end: number;
}

export function isOnLeave(leave: readonly LeavePeriod[], date: IsoDate): boolean {
  return leave.some((period) => period.from <= date && date <= period.to);
}

function subtract(ranges: readonly MinuteRange[], cut: MinuteRange): MinuteRange[] {
  const out: MinuteRange[] = [];
  for (const range of ranges) {
    if (cut.end <= range.start || cut.start >= range.end) {
      out.push(range);
      continue;
    }
    if (cut.start > range.start) out.push({ start: range.start, end: cut.start });
    if (cut.end < range.end) out.push({ start: cut.end, end: range.end });
  }
  return out;
}

interface PlannedSession extends MinuteRange {
  slotMinutes: number;
  departmentCode: string;
}

/** The template and extra sessions of a date, before closures and leave. */
function plannedSessions(schedule: DoctorSchedule, date: IsoDate): PlannedSession[] {
  const weekday = isoWeekdayOf(date);
  const planned: PlannedSession[] = [];
  for (const session of schedule.weekly) {
    if (session.weekday !== weekday) continue;
    if (session.effectiveFrom !== null && date < session.effectiveFrom) continue;
    if (session.effectiveTo !== null && date > session.effectiveTo) continue;
    planned.push({ start: parseTimeOfDay(session.start), end: parseTimeOfDay(session.end), slotMinutes: session.slotMinutes, departmentCode: session.departmentCode });
  }
  for (const exception of schedule.exceptions) {
    if (exception.date !== date || exception.kind !== 'extra' || exception.start === null || exception.end === null) continue;
    if (exception.slotMinutes === null || exception.departmentCode === null) continue;
    planned.push({ start: parseTimeOfDay(exception.start), end: parseTimeOfDay(exception.end), slotMinutes: exception.slotMinutes, departmentCode: exception.departmentCode });
  }
  return planned;
}

function closures(schedule: DoctorSchedule, date: IsoDate): MinuteRange[] {
  return schedule.exceptions
    .filter((exception) => exception.date === date && exception.kind === 'closed')
    .map((exception) =>
      exception.start === null || exception.end === null
        ? { start: 0, end: MINUTES_PER_DAY }
        : { start: parseTimeOfDay(exception.start), end: parseTimeOfDay(exception.end) },
    );
}

function toSessions(date: IsoDate, planned: readonly PlannedSession[], cuts: readonly MinuteRange[], timeZone: string): Session[] {
  const sessions: Session[] = [];
  for (const session of planned) {
    let pieces: MinuteRange[] = [session];
    for (const cut of cuts) pieces = subtract(pieces, cut);
    for (const piece of pieces) {
      sessions.push({
        date,
        startMinutes: piece.start,
        endMinutes: piece.end,
        start: zonedInstant(date, piece.start, timeZone),
        end: zonedInstant(date, piece.end, timeZone),
        slotMinutes: session.slotMinutes,
        departmentCode: session.departmentCode,
      });
    }
  }
  return sessions.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The sessions a doctor works on a local date, after closures and leave. */
export function sessionsOn(schedule: DoctorSchedule, date: IsoDate, timeZone: string): Session[] {
  if (isOnLeave(schedule.leave, date)) return [];
  return toSessions(date, plannedSessions(schedule, date), closures(schedule, date), timeZone);
}

/** Booked intervals, sorted, with a running maximum of their ends for overlap queries. */
class BookedIndex {
  private readonly starts: number[];
  private readonly maxEnds: number[];

  constructor(booked: readonly TimeInterval[]) {
    const sorted = [...booked].sort((a, b) => a.start.getTime() - b.start.getTime());
    this.starts = sorted.map((interval) => interval.start.getTime());
    let maxEnd = Number.NEGATIVE_INFINITY;
    this.maxEnds = sorted.map((interval) => (maxEnd = Math.max(maxEnd, interval.end.getTime())));
  }

  overlaps(start: number, end: number): boolean {
    // The last booked interval starting before `end`; any interval up to it overlaps iff it ends after `start`.
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.starts[middle]! < end) low = middle + 1;
      else high = middle;
    }
    return low > 0 && this.maxEnds[low - 1]! > start;
  }
}

export interface FreeSlotQuery {
  from: IsoDate;
  to: IsoDate;
  timeZone: string;
  /** Slots starting before this are past and not offered. */
  now: Date;
}

/** Free slots from `from` to `to` (local dates, both included), in time order. */
export function freeSlots(schedule: DoctorSchedule, query: FreeSlotQuery): Slot[] {
  const booked = new BookedIndex(schedule.booked);
  const nowMs = query.now.getTime();
  const slots: Slot[] = [];
  const days = daysBetween(query.from, query.to);
  for (let offset = 0; offset <= days; offset += 1) {
    const date = addDays(query.from, offset);
    for (const session of sessionsOn(schedule, date, query.timeZone)) {
      for (let minute = session.startMinutes; minute + session.slotMinutes <= session.endMinutes; minute += session.slotMinutes) {
        const start = zonedInstant(date, minute, query.timeZone);
        const end = zonedInstant(date, minute + session.slotMinutes, query.timeZone);
        if (start.getTime() < nowMs || end.getTime() <= start.getTime()) continue;
        if (booked.overlaps(start.getTime(), end.getTime())) continue;
        slots.push({ start, end, departmentCode: session.departmentCode });
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

export const BOOKING_REFUSALS = ['in_past', 'on_leave', 'closed', 'outside_schedule'] as const;
export type BookingRefusal = (typeof BOOKING_REFUSALS)[number];

export type BookableCheck =
  | { ok: true; session: Session }
  | { ok: false; reason: BookingRefusal; message: string };

/**
 * Whether [start, end) may be booked with this doctor: in the future, not on leave, and
 * inside one working session. Clashes with other appointments are not checked here: the
 * database's exclusion constraint is the guard for those, also under races.
 */
export function checkBookable(schedule: DoctorSchedule, interval: TimeInterval, timeZone: string, now: Date): BookableCheck {
  if (interval.start.getTime() < now.getTime()) {
    return { ok: false, reason: 'in_past', message: 'The appointment would start in the past.' };
  }
  const date = localDateOf(interval.start, timeZone);
  if (isOnLeave(schedule.leave, date)) {
    return { ok: false, reason: 'on_leave', message: `The doctor is on leave on ${date}.` };
  }
  const inside = (session: TimeInterval) => session.start.getTime() <= interval.start.getTime() && interval.end.getTime() <= session.end.getTime();
  const session = sessionsOn(schedule, date, timeZone).find(inside);
  if (session !== undefined) return { ok: true, session };
  const planned = toSessions(date, plannedSessions(schedule, date), [], timeZone);
  if (planned.some(inside)) {
    return { ok: false, reason: 'closed', message: `The doctor's clinic is closed at that time on ${date}.` };
  }
  return { ok: false, reason: 'outside_schedule', message: `The doctor does not work at that time on ${date}.` };
}

/** Whether two weekly sessions can both apply on some date and overlap in time there. */
export function weeklySessionsOverlap(a: WeeklySession, b: WeeklySession): boolean {
  if (a.weekday !== b.weekday) return false;
  if (parseTimeOfDay(a.start) >= parseTimeOfDay(b.end) || parseTimeOfDay(b.start) >= parseTimeOfDay(a.end)) return false;
  const latestFrom = [a.effectiveFrom, b.effectiveFrom].filter((date) => date !== null).sort().at(-1);
  const earliestTo = [a.effectiveTo, b.effectiveTo].filter((date) => date !== null).sort().at(0);
  return latestFrom === undefined || earliestTo === undefined || latestFrom <= earliestTo;
}
