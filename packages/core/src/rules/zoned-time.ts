/**
 * Calendar days and wall-clock times in the hospital's IANA time zone. Instants stay UTC
 * everywhere else; these helpers are the only place a zone is applied. Built on Intl (no
 * I/O, no clock): every function takes the instant or the local date it works on.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

// Formatters are costly to build and immutable: one per zone, kept for the process.
const formatters = new Map<string, Intl.DateTimeFormat>();
let supportedZones: ReadonlySet<string> | undefined;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Whether `zone` names an IANA time zone this runtime knows (`Africa/Nairobi`, `UTC`, or an
 * alias such as `Asia/Kolkata`). Fixed offsets like `+03:00` are refused: they ignore DST.
 */
export function isIanaTimeZone(zone: string): boolean {
  supportedZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  if (supportedZones.has(zone)) return true;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return supportedZones.has(resolved) && /^[A-Za-z]/.test(zone);
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockOf(instantMs: number, timeZone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function zoneOffsetMs(instant: Date | number, timeZone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const wall = wallClockOf(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The local calendar day of an instant in `timeZone`: the hospital's "service date". */
export function localDateOf(instant: Date, timeZone: string): IsoDate {
  const wall = wallClockOf(instant.getTime(), timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** Minutes since local midnight of an instant in `timeZone` (seconds dropped). */
export function localMinutesOf(instant: Date, timeZone: string): number {
  const wall = wallClockOf(instant.getTime(), timeZone);
  return wall.hour * 60 + wall.minute;
}

/** Named apart from the patients area's `isCalendarDate`, which the core index also exports. */
function isValidCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function dateToUtcMs(date: IsoDate): number {
  const match = DATE_PATTERN.exec(date);
  if (match === null || !isValidCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** `date` plus `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(dateToUtcMs(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / MS_PER_DAY);
}

export function isoWeekdayOf(date: IsoDate): IsoWeekday {
  const weekday = new Date(dateToUtcMs(date)).getUTCDay();
  return (weekday === 0 ? 7 : weekday) as IsoWeekday;
}

export function isTimeOfDay(value: string): boolean {
  return TIME_PATTERN.test(value);
}

/** `HH:MM` (00:00 to 24:00) as minutes since midnight. */
export function parseTimeOfDay(value: string): number {
  const match = TIME_PATTERN.exec(value);
  if (match === null) throw new RangeError(`not a time of day: ${value}`);
  return match[1] === undefined ? MINUTES_PER_DAY : Number(match[1]) * 60 + Number(match[2]);
}

export function formatTimeOfDay(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * The instant at which the wall clock in `timeZone` shows `minutes` past midnight of `date`.
 * Like Temporal's 'compatible' disambiguation: a time repeated when clocks go back resolves
 * to the earlier instant; a time skipped when clocks go forward moves forward by the gap.
 * `minutes` may be 1440 (the next midnight).
 */
export function zonedInstant(date: IsoDate, minutes: number, timeZone: string): Date {
  const wallAsUtc = dateToUtcMs(date) + minutes * MS_PER_MINUTE;
  // Zones change offset at most once a day in practice: the offsets a day either side bound it.
  const before = zoneOffsetMs(wallAsUtc - MS_PER_DAY, timeZone);
  const after = zoneOffsetMs(wallAsUtc + MS_PER_DAY, timeZone);
  const candidates = [before, after]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => zoneOffsetMs(instant, timeZone) === wallAsUtc - instant);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wallAsUtc - before);
}

/** The instant local `date` begins in `timeZone` (its local midnight, or the first instant after a gap). */
export function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  return zonedInstant(date, 0, timeZone);
}
