/**
 * GS1 dates are YYMMDD (AI 17, expiry; AI 11, production). Two rules of the General
 * Specifications (7.12) matter at a pharmacy counter:
 * - the century is the one that puts the year within 49 years behind and 50 ahead of today;
 * - day `00` means the last day of the month (packs printed "EXP 2027-03").
 */
export function gs1DateToIso(yymmdd: string, today: Date): string | undefined {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (match === null) return undefined;
  const [yy, mm, dd] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (mm < 1 || mm > 12) return undefined;
  const currentYear = today.getUTCFullYear();
  const century = Math.floor(currentYear / 100) * 100;
  const difference = yy - (currentYear % 100);
  const year = difference >= 51 ? century - 100 + yy : difference <= -50 ? century + 100 + yy : century + yy;
  const lastDay = daysInMonth(year, mm);
  const day = dd === 0 ? lastDay : dd;
  if (day > lastDay) return undefined;
  return `${String(year).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD` of an instant in UTC: what expiry dates are compared with (the server passes the hospital's local day). */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
