import { gs1DateToIso } from './expiry-date.js';
import { gtinProblem } from './gtin.js';

/**
 * Our own GS1 element-string parser, for the four Application Identifiers on a medicine pack
 * (EU FMD / DSCSA / WHO layout): (01) GTIN, (17) expiry, (10) batch, (21) serial. Not
 * gs1-barcode-parser-mod: it skips the GTIN check digit (a misread GTIN would name another
 * product), returns expiries as local-time Date objects (off by a day west of UTC) and covers
 * hundreds of AIs we do not use; this is ~150 lines without a dependency in core.
 *
 * Accepted forms of the same data:
 * - what a scanner sends: optional symbology identifier (`]d2` DataMatrix, `]C1` GS1-128,
 *   `]Q3` QR, `]e0` DataBar), then AIs run together, each variable-length field ended by FNC1
 *   (transmitted as GS, U+001D) unless it is the last;
 * - the bracketed human-readable form printed under the code: `(01)05012345678900(17)270300(10)AB12`.
 * Other AIs are kept in `others` (a pack may carry AI 714, a national number); unknown variable
 * AIs need their GS, as in any GS1 reader.
 */
export interface Gs1Pack {
  gtin: string;
  /** `YYYY-MM-DD`; day 00 on the pack is the month's last day. */
  expiry?: string;
  batch?: string;
  serial?: string;
  others: Record<string, string>;
}

export type Gs1Result = { ok: true; pack: Gs1Pack } | { ok: false; problem: string };

export const GROUP_SEPARATOR = '\u001d';
const SYMBOLOGY_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
/** GS1 AI encodable character set 82 (General Specifications figure 7.11-1). */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

/**
 * AIs whose data length is fixed by their first two digits (General Specifications table
 * 5.10.1-1 "predefined length"): they need no FNC1 after them. Value: AI digits + data digits.
 */
const PREDEFINED: Readonly<Record<string, readonly [aiDigits: number, dataLength: number]>> = {
  '00': [2, 18], '01': [2, 14], '02': [2, 14], '03': [2, 14], '04': [2, 16],
  '11': [2, 6], '12': [2, 6], '13': [2, 6], '14': [2, 6], '15': [2, 6], '16': [2, 6], '17': [2, 6], '18': [2, 6], '19': [2, 6],
  '20': [2, 2], '31': [4, 6], '32': [4, 6], '33': [4, 6], '34': [4, 6], '35': [4, 6], '36': [4, 6], '41': [3, 13],
};

/** How many digits an AI has, from its first two (the rest of table 5.10.1-1 and the AI list). */
function aiDigits(firstTwo: string): number {
  const predefined = PREDEFINED[firstTwo];
  if (predefined !== undefined) return predefined[0];
  const n = Number(firstTwo);
  if (n <= 22 || n === 30 || n === 37 || n >= 90) return 2;
  if ((n >= 23 && n <= 29) || (n >= 40 && n <= 49) || n === 71) return 3;
  return 4;
}

const MAX_LENGTH: Readonly<Record<string, number>> = { '10': 20, '21': 20 };

function splitRaw(input: string): Array<[string, string]> | string {
  const fields: Array<[string, string]> = [];
  let at = 0;
  while (at < input.length) {
    if (input[at] === GROUP_SEPARATOR) {
      at += 1;
      continue;
    }
    const firstTwo = input.slice(at, at + 2);
    if (!/^\d\d$/.test(firstTwo)) return `expected an Application Identifier at character ${at + 1}`;
    const digits = aiDigits(firstTwo);
    const ai = input.slice(at, at + digits);
    if (!new RegExp(`^\\d{${digits}}$`).test(ai)) return `expected an Application Identifier at character ${at + 1}`;
    at += digits;
    const predefined = PREDEFINED[firstTwo];
    let value: string;
    if (predefined !== undefined) {
      value = input.slice(at, at + predefined[1]);
      at += predefined[1];
      if (value.length < predefined[1]) return `AI (${ai}) needs ${predefined[1]} characters`;
    } else {
      const end = input.indexOf(GROUP_SEPARATOR, at);
      value = input.slice(at, end === -1 ? input.length : end);
      at = end === -1 ? input.length : end + 1;
    }
    fields.push([ai, value]);
  }
  return fields;
}

function splitBracketed(input: string): Array<[string, string]> | string {
  const fields: Array<[string, string]> = [];
  const pattern = /\((\d{2,4})\)\s*([^(]*)/gy;
  let consumed = 0;
  for (const match of input.matchAll(pattern)) {
    fields.push([match[1]!, match[2]!.trim()]);
    consumed = match.index + match[0].length;
  }
  if (consumed !== input.length) return `cannot read the bracketed form after character ${consumed + 1}`;
  return fields;
}

/** Parses a scanned or printed GS1 element string; `today` sets the century of two-digit years. */
export function parseGs1(scanned: string, today: Date): Gs1Result {
  let input = scanned.trim();
  if (SYMBOLOGY_PREFIX.test(input)) input = input.slice(3);
  // Some scanners send FNC1 in first position as a GS: it only says "this is GS1".
  while (input.startsWith(GROUP_SEPARATOR)) input = input.slice(1);
  if (input === '') return { ok: false, problem: 'is empty' };
  const fields = input.startsWith('(') ? splitBracketed(input) : splitRaw(input);
  if (typeof fields === 'string') return { ok: false, problem: fields };
  const pack: Partial<Gs1Pack> & { others: Record<string, string> } = { others: {} };
  const seen = new Set<string>();
  for (const [ai, value] of fields) {
    if (seen.has(ai)) return { ok: false, problem: `AI (${ai}) appears twice` };
    seen.add(ai);
    const predefined = PREDEFINED[ai.slice(0, 2)];
    if (predefined !== undefined && value.length !== predefined[1]) return { ok: false, problem: `AI (${ai}) needs ${predefined[1]} characters` };
    if (value === '') return { ok: false, problem: `AI (${ai}) is empty` };
    const max = MAX_LENGTH[ai];
    if (max !== undefined && value.length > max) return { ok: false, problem: `AI (${ai}) is longer than ${max} characters` };
    switch (ai) {
      case '01': {
        const problem = gtinProblem(value);
        if (problem !== undefined) return { ok: false, problem: `the GTIN (01) ${problem}` };
        pack.gtin = value;
        break;
      }
      case '17': {
        const iso = gs1DateToIso(value, today);
        if (iso === undefined) return { ok: false, problem: `the expiry (17) ${value} is not a date (YYMMDD)` };
        pack.expiry = iso;
        break;
      }
      case '10':
      case '21':
        if (!CSET82.test(value)) return { ok: false, problem: `AI (${ai}) holds characters GS1 does not allow` };
        if (ai === '10') pack.batch = value;
        else pack.serial = value;
        break;
      default:
        pack.others[ai] = value;
    }
  }
  if (pack.gtin === undefined) return { ok: false, problem: 'has no GTIN (01): not a pack code' };
  return { ok: true, pack: { ...pack, gtin: pack.gtin } };
}
