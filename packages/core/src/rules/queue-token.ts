import type { IsoDate } from './zoned-time.js';
import { localDateOf } from './zoned-time.js';

/**
 * Daily queue tokens: `<DEPARTMENT CODE>-<number>`, at least three digits (`OPD-042`,
 * `OPD-1203`). Numbers start at 1 each service date, which is the calendar day in the
 * hospital's zone, so tokens reset at local midnight whatever the server's clock zone.
 */
export const QUEUE_TOKEN_PATTERN = /^([A-Z][A-Z0-9]{1,9})-(\d{3,})$/;

export function formatQueueToken(departmentCode: string, tokenNumber: number): string {
  if (!Number.isSafeInteger(tokenNumber) || tokenNumber < 1) throw new RangeError(`token numbers start at 1: ${tokenNumber}`);
  return `${departmentCode}-${String(tokenNumber).padStart(3, '0')}`;
}

export function parseQueueToken(token: string): { departmentCode: string; tokenNumber: number } | undefined {
  const match = QUEUE_TOKEN_PATTERN.exec(token.trim().toUpperCase());
  if (match === null) return undefined;
  const tokenNumber = Number(match[2]);
  return tokenNumber >= 1 && Number.isSafeInteger(tokenNumber) ? { departmentCode: match[1]!, tokenNumber } : undefined;
}

/** The service date a check-in at `now` belongs to, in the hospital's IANA `timeZone`. */
export function queueServiceDate(now: Date, timeZone: string): IsoDate {
  return localDateOf(now, timeZone);
}
