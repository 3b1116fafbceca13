/** "2026-03-02 14:05" in the runtime's local time zone: what hospital staff read on printouts. */
export function formatLocalDateTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatLocalDateTime(date);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * A date of birth as printed: "12 Apr 1990" (no day/month order to misread); an estimated one
 * shows its year only, marked ("~1986 (est.)"): its day and month were never known.
 */
export function printedBirthDate(birthDate: string, estimated = false): string {
  const [year, month, day] = birthDate.split('-');
  if (estimated) return `~${year} (est.)`;
  const name = MONTHS[Number(month) - 1];
  return name === undefined || day === undefined ? birthDate : `${Number(day)} ${name} ${year}`;
}

/** Sex and date of birth on one line ("F  DOB 12 Apr 1990"), whichever are known. */
export function sexAndBirth(sex: string | undefined, birthDate: string | undefined, estimated = false): string {
  return [sex, birthDate === undefined ? undefined : `DOB ${printedBirthDate(birthDate, estimated)}`].filter((part) => part !== undefined && part !== '').join('  ');
}

/** A small label's second line: "PAT-2026-000051-6  F  12 Apr 1990" (no room for words). */
export function labelLine(patient: { mrn: string; sex?: string | undefined; birthDate?: string | undefined; birthDateEstimated?: boolean | undefined }): string {
  return [patient.mrn, patient.sex, patient.birthDate === undefined ? undefined : printedBirthDate(patient.birthDate, patient.birthDateEstimated)]
    .filter((part) => part !== undefined && part !== '')
    .join('  ');
}
