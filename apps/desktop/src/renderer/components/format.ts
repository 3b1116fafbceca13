import { ROLE_LABELS } from '@hms/core';
import type { SessionUser } from '@hms/core';

export function rolesOf(user: SessionUser): string {
  return user.roles.map((role) => ROLE_LABELS[role]).join(', ');
}

/**
 * How the hospital writes dates and times, whatever the browser's language: day before month,
 * the 24-hour clock.
 */
export const DISPLAY_LOCALE = 'en-GB';

/** "09:41" today, "2 Mar 09:41" otherwise, in the workstation's time zone. */
export function shortTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString(DISPLAY_LOCALE, { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === now.toDateString() ? time : `${date.toLocaleDateString(DISPLAY_LOCALE, { day: 'numeric', month: 'short' })} ${time}`;
}

/** "in 4 s" for a moment soon to come; "now" when it is under a second away. */
export function secondsUntil(iso: string | undefined, now = Date.now()): string | undefined {
  if (iso === undefined) return undefined;
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  return seconds < 1 ? 'now' : `in ${seconds} s`;
}

/** "12 Apr 1990" from 'YYYY-MM-DD' (a calendar date: no time zone applies). */
export function longDate(isoDate: string | null): string {
  if (isoDate === null || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return '';
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(DISPLAY_LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** This computer's calendar day, 'YYYY-MM-DD' (until the hospital's own day is known). */
export function localToday(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
