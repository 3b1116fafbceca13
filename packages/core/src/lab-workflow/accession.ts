/**
 * Accession numbers: `L` + two-digit year + seven-digit running number of that year + a Luhn
 * check digit, e.g. L26 0001234 + 4 = `L2600012344`. Short enough for a tube label's Code 128;
 * the check digit catches a mistyped digit and most swapped neighbours when a label is keyed by hand.
 * A specimen's barcode is its request's accession and the container's number: `L2600012344-2`.
 */
export const ACCESSION_MAX_NUMBER = 9_999_999;
const ACCESSION_PATTERN = /^L(\d{2})(\d{7})(\d)$/;
const SPECIMEN_BARCODE_PATTERN = /^(L\d{10})-(\d{1,2})$/;

export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Doubling starts from the rightmost digit, since the check digit will follow it.
  for (let i = digits.length - 1, double = true; i >= 0; i -= 1, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function renderAccession(year: number, number: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 2099) throw new RangeError(`An accession year is 2000 to 2099, not ${year}`);
  if (!Number.isInteger(number) || number < 1 || number > ACCESSION_MAX_NUMBER) throw new RangeError(`An accession number is 1 to ${ACCESSION_MAX_NUMBER}, not ${number}`);
  const body = `${String(year % 100).padStart(2, '0')}${String(number).padStart(7, '0')}`;
  return `L${body}${luhnCheckDigit(body)}`;
}

export interface ParsedAccession {
  year: number;
  number: number;
}

/** The year and running number of a well-formed accession whose check digit holds; null otherwise. */
export function parseAccession(text: string): ParsedAccession | null {
  const match = ACCESSION_PATTERN.exec(text.trim().toUpperCase());
  if (match === null) return null;
  const [, yy, nnnnnnn, check] = match as unknown as [string, string, string, string];
  if (luhnCheckDigit(`${yy}${nnnnnnn}`) !== Number(check)) return null;
  const number = Number(nnnnnnn);
  if (number < 1) return null;
  return { year: 2000 + Number(yy), number };
}

export function specimenBarcode(accession: string, containerNumber: number): string {
  return `${accession}-${containerNumber}`;
}

/** The accession and container number a scanned specimen label names, or null if it is not one. */
export function parseSpecimenBarcode(text: string): { accession: string; containerNumber: number } | null {
  const match = SPECIMEN_BARCODE_PATTERN.exec(text.trim().toUpperCase());
  if (match === null) return null;
  const [, accession, n] = match as unknown as [string, string, string];
  if (parseAccession(accession) === null || Number(n) < 1) return null;
  return { accession, containerNumber: Number(n) };
}
