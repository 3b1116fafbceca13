import { isIanaTimeZone, localDateOf, localMinutesOf } from '@hms/core';
import { z } from 'zod';

// Money documents print the hospital's wall clock, not the workstation's: a receipt taken at
// a desk whose machine runs UTC still shows the time on the cashier's wall.

export const PrintTimeZoneSchema = z.string().refine(isIanaTimeZone, 'an IANA time zone such as Africa/Nairobi');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "2 Mar 2026" from a calendar day "2026-03-02". */
export function printedDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/** The hospital's calendar day of an instant, printed: "2 Mar 2026". */
export function zonedDate(iso: string, timeZone: string): string {
  return printedDay(localDateOf(new Date(iso), timeZone));
}

/** The hospital's wall-clock time of an instant: "2 Mar 2026 14:05". */
export function zonedDateTime(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  const minutes = localMinutesOf(instant, timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${printedDay(localDateOf(instant, timeZone))} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * A period as people say it, "1 Mar 2026 – 31 Mar 2026". Its end is exclusive: an end at the
 * hospital's midnight is the day before (the period 1 Mar 00:00 to 1 Apr 00:00 is March).
 */
export function zonedPeriod(fromIso: string, toIso: string, timeZone: string): string {
  const to = new Date(toIso);
  const endsAtMidnight = localMinutesOf(to, timeZone) === 0 && to.getTime() > new Date(fromIso).getTime();
  const last = endsAtMidnight ? new Date(to.getTime() - 1) : to;
  return `${zonedDate(fromIso, timeZone)} – ${printedDay(localDateOf(last, timeZone))}`;
}
