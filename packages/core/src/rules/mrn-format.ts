import { HmsError } from '../errors.js';
import { checkAlphabet, checkCharacter } from './check-digit.js';
import type { CheckAlgorithm } from './check-digit.js';

/**
 * Medical record number formats: a pattern such as 'PAT-{YYYY}-{NNNNNN}-{C}' with
 * - `{YYYY}` or `{YY}`: the year the number was allocated (optional; numbers count per year),
 * - `{N...}`: the running number, zero-padded to exactly that many digits (required, 3-12),
 * - `{C}` / `{C10}`: a Luhn mod 10 check digit, `{C30}`: a Luhn mod 30 check character
 *   (OpenMRS idgen alphabet), computed over the year and number digits in order (optional),
 * - literal upper-case letters, digits and the separators - / . _
 */
export const DEFAULT_MRN_FORMAT = 'PAT-{YYYY}-{NNNNNN}-{C}';
export const MRN_FORMAT_MAX_LENGTH = 60;

export type MrnPart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'year'; readonly digits: 2 | 4 }
  | { readonly kind: 'number'; readonly width: number }
  | { readonly kind: 'check'; readonly algorithm: CheckAlgorithm };

export interface MrnFormat {
  readonly source: string;
  readonly parts: readonly MrnPart[];
  readonly numberWidth: number;
  readonly yearDigits: 0 | 2 | 4;
  readonly check: CheckAlgorithm | null;
  /** The largest running number the format can render. */
  readonly maxNumber: number;
}

export interface ParsedMrn {
  /** The canonical text, as rendered (upper case, with the format's separators). */
  readonly mrn: string;
  /** The year token's text ('2026', '26') or '' when the format has none: the counter scope. */
  readonly scope: string;
  readonly number: number;
  /** False when the format has a check character and it does not match. */
  readonly checkValid: boolean;
}

const TOKEN = /\{([A-Z0-9]+)\}/g;
const LITERAL = /^[A-Z0-9\-/._]*$/;
const SEPARATORS = new Set(['-', '/', '.', '_']);

function invalid(message: string): HmsError {
  return HmsError.validation({ mrnFormat: message }, `The MRN format is not valid: ${message}.`);
}

/** Parses and checks a format; throws HmsError VALIDATION (field `mrnFormat`) when it is not usable. */
export function parseMrnFormat(format: string): MrnFormat {
  if (typeof format !== 'string' || format.trim() === '') throw invalid('it is empty');
  const source = format.trim();
  if (source.length > MRN_FORMAT_MAX_LENGTH) throw invalid(`at most ${MRN_FORMAT_MAX_LENGTH} characters`);
  const parts: MrnPart[] = [];
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const literal = source.slice(last, match.index);
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    parts.push(tokenPart(match[1]!));
    last = match.index + match[0].length;
  }
  const tail = source.slice(last);
  if (tail !== '') parts.push({ kind: 'literal', text: tail });
  for (const part of parts) {
    if (part.kind === 'literal' && !LITERAL.test(part.text)) {
      throw invalid(`"${part.text}" may hold only upper-case letters, digits, - / . _ and the tokens {YYYY} {YY} {N...} {C} {C10} {C30}`);
    }
  }
  const numbers = parts.filter((part) => part.kind === 'number');
  const years = parts.filter((part) => part.kind === 'year');
  const checks = parts.filter((part) => part.kind === 'check');
  if (numbers.length !== 1) throw invalid('it needs exactly one running number such as {NNNNNN}');
  if (years.length > 1) throw invalid('at most one year token');
  if (checks.length > 1) throw invalid('at most one check character');
  const numberWidth = numbers[0]!.width;
  if (numberWidth < 3 || numberWidth > 12) throw invalid('the running number needs 3 to 12 digits');
  // Adjacent numeric tokens are fine (fixed widths), but a format must not be all digits
  // without a check character, or a mistyped number could be another valid one silently.
  return {
    source,
    parts,
    numberWidth,
    yearDigits: years[0]?.digits ?? 0,
    check: checks[0]?.algorithm ?? null,
    maxNumber: 10 ** numberWidth - 1,
  };
}

function tokenPart(token: string): MrnPart {
  if (token === 'YYYY') return { kind: 'year', digits: 4 };
  if (token === 'YY') return { kind: 'year', digits: 2 };
  if (/^N+$/.test(token)) return { kind: 'number', width: token.length };
  if (token === 'C' || token === 'C10') return { kind: 'check', algorithm: 'luhn10' };
  if (token === 'C30') return { kind: 'check', algorithm: 'luhn30' };
  throw invalid(`unknown token {${token}}`);
}

/** The counter scope of numbers allocated in `year` (numbers count per year when the format shows one). */
export function mrnScope(format: MrnFormat, year: number): string {
  switch (format.yearDigits) {
    case 0:
      return '';
    case 2:
      return String(year % 100).padStart(2, '0');
    case 4:
      return String(year).padStart(4, '0');
  }
}

/** Renders the MRN of running number `number` in counter scope `scope` (see mrnScope). */
export function renderMrn(format: MrnFormat, scope: string, number: number): string {
  if (!Number.isSafeInteger(number) || number < 1 || number > format.maxNumber) {
    throw new HmsError('CONFLICT', `The MRN format ${format.source} has no room for number ${number}: widen {N...} in the hospital settings.`);
  }
  const numberText = String(number).padStart(format.numberWidth, '0');
  let payload = '';
  for (const part of format.parts) {
    if (part.kind === 'year') payload += scope;
    if (part.kind === 'number') payload += numberText;
  }
  let out = '';
  for (const part of format.parts) {
    switch (part.kind) {
      case 'literal':
        out += part.text;
        break;
      case 'year':
        out += scope;
        break;
      case 'number':
        out += numberText;
        break;
      case 'check':
        out += checkCharacter(payload, part.algorithm);
        break;
    }
  }
  return out;
}

const patternCache = new Map<string, RegExp>();

function pattern(format: MrnFormat, anchored: boolean): RegExp {
  const key = `${anchored ? 'a' : 'u'}${format.source}`;
  const cached = patternCache.get(key);
  if (cached !== undefined) return cached;
  let body = '';
  for (const part of format.parts) {
    switch (part.kind) {
      case 'literal':
        for (const char of part.text) {
          // Separators are optional and any separator (or a space) stands for any other:
          // desks type 'pat 2026 000123 7' and scanners drop or swap punctuation.
          body += SEPARATORS.has(char) ? '[-/._\\s]?' : char;
        }
        break;
      case 'year':
        body += `(?<year>\\d{${part.digits}})`;
        break;
      case 'number':
        body += `(?<number>\\d{${part.width}})`;
        break;
      case 'check':
        body += `(?<check>[${checkAlphabet(part.algorithm)}])`;
        break;
    }
  }
  const first = format.parts[0]!;
  const lastPart = format.parts.at(-1)!;
  const before = first.kind === 'literal' && /^[A-Z]/.test(first.text) ? '(?<![A-Z])' : '(?<![0-9])';
  const after = lastPart.kind === 'literal' && /[A-Z]$/.test(lastPart.text) ? '(?![A-Z])' : '(?![0-9A-Z])';
  const regex = anchored ? new RegExp(`^${body}$`, 'i') : new RegExp(`${before}${body}${after}`, 'i');
  patternCache.set(key, regex);
  return regex;
}

function fromMatch(format: MrnFormat, match: RegExpMatchArray): ParsedMrn {
  const groups = match.groups ?? {};
  const scope = groups.year ?? '';
  const number = Number(groups.number);
  const canonical = number >= 1 ? renderMrn(format, scope, number) : undefined;
  const check = groups.check?.toUpperCase();
  const checkValid = canonical !== undefined && (check === undefined || canonical === rebuild(format, scope, groups.number!, check));
  return { mrn: canonical ?? rebuild(format, scope, groups.number!, check ?? ''), scope, number, checkValid };
}

function rebuild(format: MrnFormat, scope: string, numberText: string, check: string): string {
  return format.parts
    .map((part) => {
      switch (part.kind) {
        case 'literal':
          return part.text;
        case 'year':
          return scope;
        case 'number':
          return numberText;
        case 'check':
          return check;
      }
    })
    .join('');
}

/** Reads an MRN typed at a desk (whole input, case and separators forgiven); undefined if it has another shape. */
export function parseMrn(format: MrnFormat, text: string): ParsedMrn | undefined {
  const match = text.trim().match(pattern(format, true));
  return match === null ? undefined : fromMatch(format, match);
}

/** Finds an MRN inside scanned text (barcode readers add prefixes, suffixes, CR or TAB). */
export function findMrn(format: MrnFormat, text: string): ParsedMrn | undefined {
  const match = text.match(pattern(format, false));
  return match === null ? undefined : fromMatch(format, match);
}

/** Whether `text` is a well-formed MRN of `format` with a correct check character. */
export function isValidMrn(format: MrnFormat, text: string): boolean {
  return parseMrn(format, text)?.checkValid === true;
}
