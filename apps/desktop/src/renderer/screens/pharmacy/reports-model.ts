/** The stock reports screen's pure rules: the consumption period and a typed reorder level. The server computes every figure. */

/** The hospital day `days` before `today` (both 'YYYY-MM-DD'), for the default consumption period. */
export function daysBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export type PeriodCheck = { ok: true; from: string; to: string } | { ok: false; problem: string };

/** A consumption period: two calendar days, `from` not after `to`, at most 366 days (the server's limit, said before sending). */
export function checkPeriod(from: string, to: string): PeriodCheck {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(from) || !day.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) return { ok: false, problem: 'Give both days' };
  if (from > to) return { ok: false, problem: 'The first day is after the last' };
  if (Date.parse(to) - Date.parse(from) > 365 * 86_400_000) return { ok: false, problem: 'At most 366 days at a time' };
  return { ok: true, from, to };
}

/** A reorder level as typed: whole units, 0 or more; empty clears the level. */
export function checkLevel(text: string): { ok: true; level: number | null } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, level: null };
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > 1_000_000) return { ok: false, problem: 'Whole units, 0 to 1000000 (empty clears it)' };
  return { ok: true, level: Number(trimmed) };
}
