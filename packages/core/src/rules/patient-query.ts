import { isValidCalendarDate } from './birth-date.js';
import { findMrn } from './mrn-format.js';
import type { MrnFormat, ParsedMrn } from './mrn-format.js';
import { foldName } from './names.js';
import { normalizeNationalId } from './patient-validation.js';
import { DEFAULT_PHONE_PLAN, normalizePhone, phoneQuery } from './phone.js';
import type { PhonePlan } from './phone.js';

/**
 * What a search box query asks for. One box serves every desk: an MRN typed or scanned,
 * a phone number (whole or its start), a national ID, a date of birth or a year of birth,
 * and name words, alone or combined ("kamau 1984", "mary 0722"). Parts combine with AND.
 */
export interface PatientQuery {
  kind: 'mrn' | 'identifier' | 'birth_date' | 'name' | 'combined' | 'empty';
  mrn?: ParsedMrn;
  /** Whole phone numbers as stored digits ('254722123456'). */
  phones: string[];
  /** Starts of phone numbers ('254722'). */
  phonePrefixes: string[];
  /** National IDs (normalized); long digit runs are tried as both phone and ID. */
  nationalIds: string[];
  birthDate?: string;
  birthYear?: number;
  /** Folded name words, at most MAX_NAME_WORDS, each at least 2 characters. */
  words: string[];
  /**
   * The query as an MRN of an earlier format (see legacyMrnKey): set when it does not read as
   * an MRN of the current format but may be an identifier (identifiers only, or nothing else
   * recognised), to be looked up exactly.
   */
  mrnKey?: string;
}

/**
 * An MRN compared whatever the format it was issued in: its letters and digits, upper case
 * ('knh/000123' and 'KNH-000123' -> 'KNH000123'). The server's index on patients.mrn uses the
 * same normalisation (migration 0007).
 */
export function mrnKey(text: string): string {
  return text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

/** A barcode reader's symbology identifier (']C1', ']Q3'), which precedes what it scanned. */
const SYMBOLOGY_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
/** One run of letters, digits and separators with a digit: what an MRN of any format looks like. */
const IDENTIFIER_LIKE = /^(?=[^\d]*\d)[0-9A-Za-z][0-9A-Za-z\-/._]*$/;

/**
 * The MRN key of a query that may be an MRN of an earlier format (the hospital changed its
 * format in settings): one run of letters, digits and separators holding a digit, 4 to 32
 * letters and digits, once a reader's symbology prefix is dropped. Typed with a space inside
 * it reads as separate words instead.
 */
function legacyMrnKey(query: string): string | undefined {
  const text = query.trim().replace(SYMBOLOGY_PREFIX, '');
  if (!IDENTIFIER_LIKE.test(text)) return undefined;
  const key = mrnKey(text);
  return key.length >= 4 && key.length <= 32 ? key : undefined;
}

export const MAX_NAME_WORDS = 4;

const DATE_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const PHONE_RUN = /(?<![\p{L}\p{N}])\+?\d[\d\s\-().]{5,}\d(?![\p{L}\p{N}])/gu;

function isoDate(year: string, month: string, day: string): string | undefined {
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isValidCalendarDate(date) ? date : undefined;
}

export function classifyPatientQuery(query: string, options: { mrnFormat: MrnFormat; phonePlan?: PhonePlan }): PatientQuery {
  const plan = options.phonePlan ?? DEFAULT_PHONE_PLAN;
  const result: PatientQuery = { kind: 'empty', phones: [], phonePrefixes: [], nationalIds: [], words: [] };
  let rest = query.normalize('NFC').replace(/[\p{Cc}]/gu, ' ').trim();
  if (rest === '') return result;

  const typed = rest;
  // An MRN, typed or scanned (a reader may add prefixes, suffixes, CR or TAB).
  const mrn = findMrn(options.mrnFormat, rest);
  if (mrn !== undefined) {
    const significant = rest.replace(/[^\p{L}\p{N}]/gu, '').length;
    const mrnSignificant = mrn.mrn.replace(/[^\p{L}\p{N}]/gu, '').length;
    if (mrn.checkValid || mrnSignificant >= significant * 0.6) {
      result.mrn = mrn;
      result.kind = 'mrn';
      return result;
    }
  }

  // Phone numbers typed with spaces or dashes ('0722 123 456') before splitting into words.
  rest = rest.replace(PHONE_RUN, (run) => {
    const phone = normalizePhone(run, plan);
    if (phone === undefined) return run;
    result.phones.push(phone.slice(1));
    return ' ';
  });

  for (const token of rest.split(/[\s,;]+/u).filter((part) => part !== '')) {
    const iso = DATE_ISO.exec(token);
    const dmy = DATE_DMY.exec(token);
    if (iso !== null || dmy !== null) {
      const date = iso !== null ? isoDate(iso[1]!, iso[2]!, iso[3]!) : isoDate(dmy![3]!, dmy![2]!, dmy![1]!);
      if (date !== undefined) {
        result.birthDate = date;
        continue;
      }
    }
    if (/^\d{4}$/.test(token) && Number(token) >= 1880 && Number(token) <= 2100 && result.birthYear === undefined) {
      result.birthYear = Number(token);
      continue;
    }
    if (/^\+?[\d\-().]+$/.test(token)) {
      const digits = token.replace(/\D/g, '');
      const phone = phoneQuery(token, plan);
      // A whole number is a phone; a long partial one is a national ID; a short one starts a phone.
      if (phone !== undefined && 'exact' in phone) result.phones.push(phone.exact);
      else if (digits.length >= 7) result.nationalIds.push(digits);
      else if (phone !== undefined) result.phonePrefixes.push(phone.prefix);
      continue;
    }
    if (/\d/.test(token) && /\p{L}/u.test(token)) {
      const id = normalizeNationalId(token);
      if (/^[A-Z0-9]{4,20}$/.test(id)) result.nationalIds.push(id);
      continue;
    }
    for (const word of foldName(token).split(' ')) {
      if (word.length >= 2 && !/^\d+$/.test(word) && result.words.length < MAX_NAME_WORDS && !result.words.includes(word)) result.words.push(word);
    }
  }

  const identifiers = result.phones.length + result.nationalIds.length + result.phonePrefixes.length > 0;
  const dates = result.birthDate !== undefined || result.birthYear !== undefined;
  const names = result.words.length > 0;
  const parts = [identifiers, dates, names].filter(Boolean).length;
  result.kind = parts === 0 ? 'empty' : parts > 1 ? 'combined' : identifiers ? 'identifier' : dates ? 'birth_date' : 'name';
  if (result.mrn === undefined && mrn !== undefined && parts === 0) result.mrn = mrn;
  if (!dates && !names) {
    const key = legacyMrnKey(typed);
    if (key !== undefined) result.mrnKey = key;
  }
  return result;
}
