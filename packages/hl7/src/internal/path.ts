import { Hl7Error } from '../errors.js';

/**
 * A parsed `SEG(n)-F(r).C.S` path; every index is 1-based. `depth` says how deep the path
 * goes: 1 = a whole field repetition, 2 = a component, 3 = a subcomponent.
 */
export interface ParsedPath {
  readonly name: string;
  readonly segment: number;
  readonly field: number;
  readonly repetition: number;
  readonly component: number;
  readonly subcomponent: number;
  readonly depth: 1 | 2 | 3;
}

/** Largest index a path may hold: far past any real message, small enough to pad safely. */
export const MAX_INDEX = 99_999;

type PathErrorCode = 'HL7_BAD_PATH' | 'ASTM_BAD_PATH';

// Paths are nearly always string constants in the caller's code, so a small cache turns
// parsing into one Map lookup. It is cleared wholesale when full, which bounds its memory.
const CACHE_LIMIT = 4096;
const cache = new Map<string, ParsedPath>();
const fieldCache = new Map<string, ParsedPath>();

function fail(code: PathErrorCode, path: string, why: string): never {
  throw new Hl7Error(code, `Bad path "${path}": ${why}.`, { path });
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isNameChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || isDigit(c);
}

class Cursor {
  pos = 0;
  readonly text: string;
  readonly code: PathErrorCode;
  constructor(text: string, code: PathErrorCode) {
    this.text = text;
    this.code = code;
  }
  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }
  number(what: string): number {
    const start = this.pos;
    let value = 0;
    while (isDigit(this.peek())) {
      value = value * 10 + (this.peek() - 0x30);
      this.pos++;
      if (value > MAX_INDEX) fail(this.code, this.text, `${what} is larger than ${MAX_INDEX}`);
    }
    if (this.pos === start) fail(this.code, this.text, `${what} must be a number`);
    if (value < 1) fail(this.code, this.text, `${what} is 1-based`);
    return value;
  }
  /** `(n)`, or 1 when absent. */
  optionalIndex(what: string): number {
    if (this.peek() !== 0x28) return 1;
    this.pos++;
    const value = this.number(what);
    if (this.peek() !== 0x29) fail(this.code, this.text, `missing ")" after the ${what}`);
    this.pos++;
    return value;
  }
}

function parseFieldPart(cursor: Cursor, name: string, segment: number): ParsedPath {
  const field = cursor.number('field');
  const repetition = cursor.optionalIndex('repetition');
  let component = 1;
  let subcomponent = 1;
  let depth: 1 | 2 | 3 = 1;
  if (cursor.peek() === 0x2e) {
    cursor.pos++;
    component = cursor.number('component');
    depth = 2;
    if (cursor.peek() === 0x2e) {
      cursor.pos++;
      subcomponent = cursor.number('subcomponent');
      depth = 3;
    }
  }
  if (cursor.pos !== cursor.text.length) fail(cursor.code, cursor.text, `unexpected "${cursor.text.slice(cursor.pos)}"`);
  return { name, segment, field, repetition, component, subcomponent, depth };
}

/** Parses `SEG(n)-F(r).C.S`. Throws `Hl7Error` with `code` on anything else. */
export function parsePath(path: string, code: PathErrorCode): ParsedPath {
  const key = code === 'HL7_BAD_PATH' ? path : `\u0000${path}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (typeof path !== 'string') fail(code, String(path), 'not a string');
  const cursor = new Cursor(path, code);
  while (isNameChar(cursor.peek())) cursor.pos++;
  const nameLength = cursor.pos;
  if (nameLength === 0 || nameLength > 4) fail(code, path, 'it must start with a segment or record name');
  const name = path.slice(0, nameLength);
  const segment = cursor.optionalIndex('segment index');
  if (cursor.peek() !== 0x2d) fail(code, path, 'expected "-" and a field number after the name');
  cursor.pos++;
  const parsed = parseFieldPart(cursor, name, segment);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

/** Parses the `F(r).C.S` part alone, as used on a segment or record handle. */
export function parseFieldPath(path: string, code: PathErrorCode): ParsedPath {
  const key = code === 'HL7_BAD_PATH' ? path : `\u0000${path}`;
  const hit = fieldCache.get(key);
  if (hit !== undefined) return hit;
  if (typeof path !== 'string') fail(code, String(path), 'not a string');
  const parsed = parseFieldPart(new Cursor(path, code), '', 1);
  if (fieldCache.size >= CACHE_LIMIT) fieldCache.clear();
  fieldCache.set(key, parsed);
  return parsed;
}
