import { ROLE_LABELS } from '@hms/core';
import type { SessionUser } from '@hms/core';

export function rolesOf(user: SessionUser): string {
  return user.roles.map((role) => ROLE_LABELS[role]).join(', ');
}

/** "09:41" today, "2 Mar 09:41" otherwise, in the workstation's time zone. */
export function shortTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === now.toDateString() ? time : `${date.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}`;
}

/** "in 4 s" for a moment soon to come; "now" when it is under a second away. */
export function secondsUntil(iso: string | undefined, now = Date.now()): string | undefined {
  if (iso === undefined) return undefined;
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  return seconds < 1 ? 'now' : `in ${seconds} s`;
}
