import { Hl7Error } from '../errors.js';
import type { Grammar } from '../internal/grammar.js';
import { makeGrammar } from '../internal/grammar.js';

/** The separators and escape character of one message, from MSH-1 and MSH-2. */
export interface Hl7Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
  /** v2.7+ truncation character (a fifth MSH-2 character), or ''. */
  readonly truncation: string;
}

/** `|^~\&`, the recommended delimiters. */
export const DEFAULT_HL7_DELIMITERS: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
  truncation: '',
};

function unusable(c: number): boolean {
  // Letters, digits, space and line ends can never be separators.
  return c <= 0x20 || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x7f;
}

export interface HeaderDelimiters {
  readonly grammar: Grammar;
  /** Offset just past MSH-2 (where escape sequences may begin). */
  readonly end: number;
}

/**
 * Reads the delimiters of the MSH, FHS or BHS segment starting at `start`: the field
 * separator is the 4th character, MSH-2 runs to the next field separator and gives component,
 * repetition, escape, subcomponent (and v2.7 truncation) characters, in that order. Characters
 * missing from a short MSH-2 are simply not declared.
 */
export function readHl7Delimiters(text: string, start: number): HeaderDelimiters {
  // Nearly every message on an interface declares the same delimiters: reuse the last
  // grammar when MSH-1/MSH-2 match it character for character.
  const cached = lastGrammar;
  if (cached !== undefined && text.startsWith(lastDeclaration, start + 3)) {
    const end = start + 3 + lastDeclaration.length;
    const next = end < text.length ? text.charCodeAt(end) : -1;
    if (next === cached.f || next === 0x0d || next === 0x0a || next === -1) return { grammar: cached, end };
  }
  const result = readUncached(text, start);
  lastGrammar = result.grammar;
  lastDeclaration = text.slice(start + 3, result.end);
  return result;
}

let lastGrammar: Grammar | undefined;
let lastDeclaration = '';

function readUncached(text: string, start: number): HeaderDelimiters {
  const name = text.slice(start, start + 3);
  const f = start + 3 < text.length ? text.charCodeAt(start + 3) : -1;
  if (f === -1 || unusable(f)) {
    throw new Hl7Error('HL7_BAD_DELIMITERS', `${name}-1 must be a field separator character.`, { offset: start + 3 });
  }
  let end = start + 4;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === f || c === 0x0d || c === 0x0a) break;
    end++;
  }
  const encoding = text.slice(start + 4, end);
  if (encoding.length < 1 || encoding.length > 5) {
    throw new Hl7Error('HL7_BAD_DELIMITERS', `${name}-2 must hold 1 to 5 encoding characters, not "${encoding}".`, { encoding });
  }
  const seen = new Set<number>([f]);
  for (let i = 0; i < encoding.length; i++) {
    const c = encoding.charCodeAt(i);
    if (unusable(c) || seen.has(c)) {
      throw new Hl7Error('HL7_BAD_DELIMITERS', `${name}-2 "${encoding}" repeats a delimiter or uses a letter, digit or space.`, { encoding });
    }
    seen.add(c);
  }
  const grammar = makeGrammar(
    'hl7',
    String.fromCharCode(f),
    encoding.charAt(0),
    encoding.charAt(1),
    encoding.charAt(2),
    encoding.charAt(3),
    encoding.charAt(4),
  );
  return { grammar, end };
}

export function delimitersOf(g: Grammar): Hl7Delimiters {
  return {
    field: g.field,
    component: g.component,
    repetition: g.repetition,
    escape: g.escape,
    subcomponent: g.subcomponent,
    truncation: g.truncation,
  };
}
