/**
 * Document numbers (issue 15). Invoices and receipts are numbered gaplessly per series: the
 * server hands out the next number of a series in the document's own transaction, and this
 * formats it. A desk that takes payments offline numbers its receipts from its own series,
 * prefixed by the desk's code, so a receipt printed offline is final at once and never
 * collides with the server's or another desk's. Claims to payers (`CLM-`) are numbered the same
 * way, by the server only.
 */
export const DOCUMENT_KINDS = ['invoice', 'receipt', 'credit_note', 'refund', 'claim'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const KIND_PREFIX: Readonly<Record<DocumentKind, string>> = { invoice: 'INV', receipt: 'RCT', credit_note: 'CRN', refund: 'RFD', claim: 'CLM' };

/** Digits the running number is padded to; a series past it keeps counting with more digits. */
export const NUMBER_WIDTH = 6;

/** A desk's code: upper-case letters and digits, 2 to 8 (it is printed on every offline receipt). */
export const DESK_CODE_PATTERN = /^[A-Z0-9]{2,8}$/;

export interface Series {
  readonly kind: DocumentKind;
  /** The year the series runs in (numbers restart each year), UTC calendar year of the hospital's day. */
  readonly year: number;
  /** Set for a desk's own offline series. */
  readonly deskCode?: string;
}

/** The series' key as stored with its counter: "invoice/2026", "receipt/2026/CSH1". */
export function seriesKey(series: Series): string {
  validateSeries(series);
  return series.deskCode === undefined ? `${series.kind}/${series.year}` : `${series.kind}/${series.year}/${series.deskCode}`;
}

function validateSeries(series: Series): void {
  if (!Number.isInteger(series.year) || series.year < 2000 || series.year > 9999) throw new RangeError('a series year is 2000 to 9999');
  if (series.deskCode !== undefined) {
    if (!DESK_CODE_PATTERN.test(series.deskCode)) throw new RangeError('a desk code is 2 to 8 capital letters or digits');
    if (series.kind !== 'receipt') throw new RangeError('only receipts are numbered by a desk');
  }
}

/** "INV-2026-000042"; a desk's offline receipt "CSH1-RCT-2026-000007". */
export function formatDocumentNumber(series: Series, sequence: number): string {
  validateSeries(series);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError('a document number starts at 1');
  const body = `${KIND_PREFIX[series.kind]}-${series.year}-${String(sequence).padStart(NUMBER_WIDTH, '0')}`;
  return series.deskCode === undefined ? body : `${series.deskCode}-${body}`;
}

/** The series and running number of a printed number; undefined when it is not one of ours. */
export function parseDocumentNumber(printed: string): { series: Series; sequence: number } | undefined {
  const match = /^(?:([A-Z0-9]{2,8})-)?(INV|RCT|CRN|RFD|CLM)-(\d{4})-(\d{6,})$/.exec(printed);
  if (match === null) return undefined;
  const [, deskCode, prefix, year, digits] = match;
  const kind = (Object.keys(KIND_PREFIX) as DocumentKind[]).find((key) => KIND_PREFIX[key] === prefix)!;
  if (deskCode !== undefined && kind !== 'receipt') return undefined;
  const sequence = Number(digits);
  if (!Number.isSafeInteger(sequence) || sequence < 1 || (digits!.length > NUMBER_WIDTH && digits!.startsWith('0'))) return undefined;
  const series: Series = deskCode === undefined ? { kind, year: Number(year) } : { kind, year: Number(year), deskCode };
  return { series, sequence };
}
