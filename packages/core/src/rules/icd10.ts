/**
 * ICD-10-CM codes as people type them and as the CMS files hold them. The files write codes
 * without the dot (`J189`); people write `J18.9`, `j18.9` or `J189`. The stored key is the
 * undotted upper-case form; the dotted form (after the third character) is for display.
 * FY2026 added the `QA0` category, so the second character may be a letter too.
 */
export const ICD10_CODE_KEY_PATTERN = /^[A-Z][0-9A-Z][0-9A-Z]{1,5}$/;

/** The stored key of a typed code (`j18.9` -> `J189`), or undefined when it cannot be one. */
export function icd10CodeKey(typed: string): string | undefined {
  const trimmed = typed.trim().toUpperCase();
  // The dot may only follow the category (three characters).
  const dot = trimmed.indexOf('.');
  if (dot !== -1 && (dot !== 3 || trimmed.indexOf('.', dot + 1) !== -1)) return undefined;
  const key = trimmed.replace('.', '');
  return ICD10_CODE_KEY_PATTERN.test(key) ? key : undefined;
}

/** `J189` -> `J18.9`; a three-character category stays as it is (`I10`). */
export function formatIcd10Code(key: string): string {
  return key.length > 3 ? `${key.slice(0, 3)}.${key.slice(3)}` : key;
}

/**
 * Whether a search query is the start of a code rather than words: a letter, then a digit (or
 * the letter of a QA-like category followed by a digit), optionally more code characters and
 * the dot. `flu` and `pain` are words; `J18`, `j18.`, `A0`, `QA0` are codes.
 */
export function icd10CodePrefix(query: string): string | undefined {
  const trimmed = query.trim().toUpperCase();
  const shaped = /^[A-Z][0-9](?:[0-9A-Z](?:\.?[0-9A-Z]{0,4})?)?$/.test(trimmed) || /^[A-Z][A-Z][0-9](?:\.?[0-9A-Z]{0,4})?$/.test(trimmed);
  return shaped ? trimmed.replace('.', '') : undefined;
}

/** Words of a description or a query: lower case, letters and digits, accents folded. */
export function icd10Words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** One code of a release, as the loader reads it. */
export interface Icd10Entry {
  /** Undotted key, `J189`. */
  code: string;
  /** Valid for coding (billable); false for a category heading. */
  billable: boolean;
  shortDescription: string;
  longDescription: string;
}

export type Icd10LineResult = { ok: true; entry: Icd10Entry } | { ok: false; reason: string };

/**
 * One line of a code list. Two layouts are read:
 * - the CMS "order file" (fixed width: order number 1-5, code 7-13, billable flag 15, short
 *   description 17-76, long description from 78), as shipped;
 * - a hospital's own list, tab-separated: `code<TAB>description[<TAB>1|0]` (billable unless 0),
 *   the code with or without its dot.
 * Blank lines and lines starting with `#` are not codes (the caller skips them).
 */
export function parseIcd10Line(line: string): Icd10LineResult {
  const text = line.replace(/\r$/, '');
  if (text.includes('\t')) {
    const [rawCode = '', description = '', flag] = text.split('\t');
    const code = icd10CodeKey(rawCode);
    if (code === undefined) return { ok: false, reason: `"${rawCode.trim()}" is not an ICD-10-CM code` };
    const long = description.trim();
    if (long === '') return { ok: false, reason: 'no description' };
    if (flag !== undefined && !['0', '1', ''].includes(flag.trim())) return { ok: false, reason: 'the third column must be 1 (billable) or 0 (heading)' };
    return { ok: true, entry: { code, billable: flag === undefined || flag.trim() !== '0', shortDescription: long.slice(0, 60), longDescription: long } };
  }
  const match = /^(\d{5}) ([0-9A-Z]{3,7}) {0,4} ([01]) (.{60}) (.+)$/.exec(text);
  if (match === null) return { ok: false, reason: 'neither the CMS order-file layout nor code<TAB>description' };
  const [, , code, flag, short, long] = match as unknown as [string, string, string, string, string, string];
  if (!ICD10_CODE_KEY_PATTERN.test(code)) return { ok: false, reason: `"${code}" is not an ICD-10-CM code` };
  return { ok: true, entry: { code, billable: flag === '1', shortDescription: short.trimEnd(), longDescription: long.trim() } };
}
