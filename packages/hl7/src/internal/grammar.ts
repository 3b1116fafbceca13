import { Hl7Error } from '../errors.js';
import { decodeLatin1, decodeUtf8Strict } from './charset.js';

/**
 * The delimiters of one HL7 message or ASTM message, as strings (empty when not declared)
 * and as char codes (-1 when not declared) for the scanning loops.
 */
export interface Grammar {
  readonly dialect: 'hl7' | 'astm';
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
  /** HL7 v2.7 truncation character (fifth MSH-2 character); never a separator. */
  readonly truncation: string;
  readonly f: number;
  readonly c: number;
  readonly r: number;
  readonly e: number;
  readonly s: number;
  /** How LF is written: `.br` between escapes, or `X0A` where `.br` cannot travel. */
  readonly lineBreak: string;
}

function code(s: string): number {
  return s.length === 0 ? -1 : s.charCodeAt(0);
}

export function makeGrammar(
  dialect: 'hl7' | 'astm',
  field: string,
  component: string,
  repetition: string,
  escape: string,
  subcomponent: string,
  truncation = '',
): Grammar {
  // `\.br\` is the line break receivers render, but it cannot be used when "." is itself a
  // delimiter (it would split the sequence), and ASTM has no formatting commands.
  const dot = [field, component, repetition, escape, subcomponent].includes('.');
  const lineBreak = dialect === 'hl7' && !dot ? `${escape}.br${escape}` : `${escape}X0A${escape}`;
  return {
    lineBreak,
    dialect,
    field,
    component,
    repetition,
    escape,
    subcomponent,
    truncation,
    f: code(field),
    c: code(component),
    r: code(repetition),
    e: code(escape),
    s: code(subcomponent),
  };
}

// Formatting and character-set escapes expand to at most this many characters, so a short
// hostile escape like `\.sp99999\` cannot blow a field up.
const MAX_EXPANSION = 100;

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function hexValue(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

function allHex(src: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (!isHex(src.charCodeAt(i))) return false;
  return true;
}

/** Reads `[+-]?digits?` from [from, to); NaN when anything else is there. */
function signedCount(src: string, from: number, to: number): number {
  let i = from;
  while (i < to && src.charCodeAt(i) === 0x20) i++;
  let sign = 1;
  if (i < to && (src.charCodeAt(i) === 0x2b || src.charCodeAt(i) === 0x2d)) {
    sign = src.charCodeAt(i) === 0x2d ? -1 : 1;
    i++;
  }
  if (i === to) return sign; // no number: the command's default of 1
  let value = 0;
  for (; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return Number.NaN;
    value = Math.min(value * 10 + (c - 0x30), 1_000_000);
  }
  return sign * value;
}

function decodeHex(src: string, from: number, to: number, utf8: boolean): string | undefined {
  if ((to - from) % 2 !== 0 || !allHex(src, from, to)) return undefined;
  const bytes = new Uint8Array((to - from) / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = hexValue(src.charCodeAt(from + 2 * i)) * 16 + hexValue(src.charCodeAt(from + 2 * i + 1));
  }
  return (utf8 ? decodeUtf8Strict(bytes) : undefined) ?? decodeLatin1(bytes);
}

function repeat(text: string, count: number): string {
  return text.repeat(Math.max(0, Math.min(MAX_EXPANSION, count)));
}

/**
 * The text an escape sequence stands for, or undefined when [from, to) (the part between the
 * two escape characters) is not a valid sequence, in which case the opening escape character
 * was meant literally.
 */
function decodeSequence(src: string, from: number, to: number, g: Grammar, passThrough: boolean, utf8: boolean): string | undefined {
  const length = to - from;
  if (length === 0) return undefined;
  const first = src.charCodeAt(from);
  if (length === 1) {
    switch (first) {
      case 0x46: // F
        return g.field || '|';
      case 0x53: // S
        return g.component || '^';
      case 0x52: // R
        return g.repetition || '~';
      case 0x45: // E
        return g.escape;
      default:
        break;
    }
    if (g.dialect === 'hl7') {
      if (first === 0x54) return g.subcomponent || '&'; // T
      if (first === 0x50) return g.truncation || '#'; // P (v2.7 truncation)
      if (first === 0x48 || first === 0x4e) return passThrough ? raw(src, from, to, g) : ''; // H, N highlighting
    }
    return undefined;
  }
  if (first === 0x58) return decodeHex(src, from + 1, to, utf8); // X
  if (first === 0x5a) return raw(src, from, to, g); // Z: locally defined, meaning unknown here
  if (g.dialect !== 'hl7') return undefined;
  if (first === 0x43 || first === 0x4d) {
    // C/M: ISO 2022 character-set switches; they carry no text of their own.
    const hexLength = length - 1;
    if ((hexLength === 4 || (first === 0x4d && hexLength === 6)) && allHex(src, from + 1, to)) {
      return passThrough ? raw(src, from, to, g) : '';
    }
    return undefined;
  }
  if (first === 0x2e && length >= 3) {
    const command = src.slice(from + 1, from + 3).toLowerCase();
    const count = signedCount(src, from + 3, to);
    if (Number.isNaN(count)) return undefined;
    const plain = length === 3;
    let text: string;
    switch (command) {
      case 'br':
        if (!plain) return undefined;
        text = '\n';
        break;
      case 'sp':
        text = repeat('\n', Math.max(1, count));
        break;
      case 'ce':
        if (!plain) return undefined;
        text = '\n';
        break;
      case 'sk':
        text = repeat(' ', count);
        break;
      case 'fi':
      case 'nf':
        if (!plain) return undefined;
        text = '';
        break;
      case 'in':
      case 'ti':
        text = '';
        break;
      default:
        return undefined;
    }
    return passThrough ? raw(src, from, to, g) : text;
  }
  return undefined;
}

function raw(src: string, from: number, to: number, g: Grammar): string {
  return g.escape + src.slice(from, to) + g.escape;
}

/**
 * The text of src[from, to) with escape sequences decoded. An escape character that does not
 * open a valid sequence is kept literally, and the scan resumes at the next escape character,
 * so `C:\data\F\x` keeps `C:\data` and still decodes `\F\`.
 */
export function unescapeRange(src: string, from: number, to: number, g: Grammar, passThrough: boolean, utf8: boolean): string {
  const e = g.e;
  if (e < 0) return src.slice(from, to);
  // Searches stay inside [from, to): an unbounded indexOf would run on through the rest of the
  // message for every lone escape character, which hostile input turns quadratic.
  let i = indexIn(src, e, from, to);
  if (i === -1) return src.slice(from, to);
  let out = '';
  let copyFrom = from;
  while (i !== -1) {
    const close = indexIn(src, e, i + 1, to);
    if (close === -1) break;
    const text = decodeSequence(src, i + 1, close, g, passThrough, utf8);
    if (text === undefined) {
      i = close;
      continue;
    }
    out += src.slice(copyFrom, i) + text;
    copyFrom = close + 1;
    i = indexIn(src, e, copyFrom, to);
  }
  return out + src.slice(copyFrom, to);
}

function indexIn(src: string, code: number, from: number, to: number): number {
  for (let k = from; k < to; k++) if (src.charCodeAt(k) === code) return k;
  return -1;
}

function hex2(c: number): string {
  return (c < 16 ? '0' : '') + c.toString(16).toUpperCase();
}

/**
 * Escapes a value for writing: the separators and the escape character become their
 * sequences, CR becomes `X0D`, LF becomes `.br` in HL7 (the line break receivers render) and
 * `X0A` in ASTM, and other C0 controls become `Xhh`, so no value can break framing.
 */
export function escapeValue(value: string, g: Grammar): string {
  let i = 0;
  const n = value.length;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === g.f || c === g.c || c === g.r || c === g.e || c === g.s) break;
  }
  if (i === n) return value;
  if (g.e < 0) {
    throw new Hl7Error(g.dialect === 'hl7' ? 'HL7_BAD_DELIMITERS' : 'ASTM_BAD_DELIMITERS', 'This message declares no escape character, so the value cannot be written.');
  }
  const e = g.escape;
  let out = value.slice(0, i);
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === g.f) out += e + 'F' + e;
    else if (c === g.c) out += e + 'S' + e;
    else if (c === g.r) out += e + 'R' + e;
    else if (c === g.e) out += e + 'E' + e;
    else if (c === g.s) out += e + 'T' + e;
    else if (c === 0x0a) out += g.lineBreak;
    else if (c < 0x20 && c !== 0x09) out += e + 'X' + hex2(c) + e;
    else out += value[i];
  }
  return out;
}
