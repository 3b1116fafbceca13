/** "2026-03-02 14:05" in the runtime's local time zone: what hospital staff read on printouts. */
export function formatLocalDateTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatLocalDateTime(date);
}

/** Sex and date of birth on one line ("F · 1990-04-12"), whichever are known. */
export function sexAndBirth(sex: string | undefined, birthDate: string | undefined): string {
  return [sex, birthDate === undefined ? undefined : `DOB ${birthDate}`].filter((part) => part !== undefined && part !== '').join('  ');
}
