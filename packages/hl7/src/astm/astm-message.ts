import { Hl7Error } from '../errors.js';
import type { Charset } from '../internal/charset.js';
import { decodeBytes } from '../internal/charset.js';
import type { Grammar } from '../internal/grammar.js';
import { makeGrammar } from '../internal/grammar.js';
import type { ParsedPath } from '../internal/path.js';
import { parseFieldPath, parsePath } from '../internal/path.js';
import { RecordStore, scanLines } from '../internal/record-store.js';
import type { AstmRecordViews } from './astm-record-views.js';
import { RECORD_VIEWS } from './astm-record-views.js';

/** The delimiters an H record declares, e.g. `|\^&` or GeneXpert's `|@^\`. */
export interface AstmDelimiters {
  readonly field: string;
  readonly repeat: string;
  readonly component: string;
  /** '' when the H record declares none. */
  readonly escape: string;
}

export const DEFAULT_ASTM_DELIMITERS: AstmDelimiters = { field: '|', repeat: '\\', component: '^', escape: '&' };

export interface ParseAstmOptions {
  /**
   * Character set for byte input. ASTM declares none; by default bytes are read as UTF-8
   * when they are valid UTF-8, else as Windows-1252.
   */
  readonly charset?: Charset;
}

/** A handle on one record of an AstmMessage; paths on it are `F(r).C`. */
export class AstmRecord {
  /** Position of the record in its message, 0-based. */
  readonly index: number;
  private readonly store: RecordStore;

  /** @internal Records are obtained from a message. */
  constructor(store: RecordStore, index: number) {
    this.store = store;
    this.index = index;
  }

  /** The record type letter (H, P, O, R, C, M, S, Q, L), as sent. */
  get type(): string {
    return this.store.nameOf(this.index);
  }

  get fieldCount(): number {
    return this.store.fieldCount(this.index);
  }

  /** Unescaped text at `F(r).C`; field 1 is the record type letter. */
  get(path: string): string | undefined {
    return this.store.read(this.index, parseFieldPath(path, 'ASTM_BAD_PATH'));
  }

  getRaw(path: string): string | undefined {
    return this.store.readRaw(this.index, parseFieldPath(path, 'ASTM_BAD_PATH'));
  }

  set(path: string, value: string): this {
    this.store.write(this.index, parseFieldPath(path, 'ASTM_BAD_PATH'), value);
    return this;
  }

  repetitions(field: number): number {
    return this.store.repetitions(this.index, field);
  }

  /** How many components the repetition at `F(r)` holds (0 when empty). */
  components(path: string): number {
    return this.store.components(this.index, parseFieldPath(path, 'ASTM_BAD_PATH'));
  }

  /** @internal Reads with an already parsed path. */
  read(path: ParsedPath): string | undefined {
    return this.store.read(this.index, path);
  }

  toString(): string {
    return this.store.segmentText(this.index);
  }
}

/**
 * One ASTM E1394 / LIS2-A2 message: an H record and what follows it up to the L record (or
 * the next H, or the end of the stream, for senders that omit L).
 */
export class AstmMessage {
  readonly delimiters: AstmDelimiters;
  /** False when the message ended without an L record. */
  readonly terminated: boolean;
  private readonly store: RecordStore;

  /** @internal Messages come from parseAstm. */
  constructor(store: RecordStore, terminated: boolean) {
    this.store = store;
    this.terminated = terminated;
    const g = store.grammar;
    this.delimiters = { field: g.field, repeat: g.repetition, component: g.component, escape: g.escape };
  }

  /**
   * Unescaped text at `R(n)-F(r).C`: `R(2)-3.4` is component 4 of field 3 of the second R
   * record. Field 1 is the record type letter and H-2 the delimiter definition. Undefined when
   * absent or empty. Decimal commas and other text are returned as sent.
   */
  get(path: string): string | undefined {
    const p = parsePath(path, 'ASTM_BAD_PATH');
    const i = this.store.find(p.name, p.segment);
    return i === -1 ? undefined : this.store.read(i, p);
  }

  getRaw(path: string): string | undefined {
    const p = parsePath(path, 'ASTM_BAD_PATH');
    const i = this.store.find(p.name, p.segment);
    return i === -1 ? undefined : this.store.readRaw(i, p);
  }

  /**
   * Writes `value` (escaped on the way in) at a path. Writing to the next record of a type
   * (`R(3)` when there are two) adds that record at the end, before the L record if there is
   * one (record handles taken earlier then point one position off). H-1, H-2 and field 1 are
   * fixed.
   */
  set(path: string, value: string): this {
    const p = parsePath(path, 'ASTM_BAD_PATH');
    let i = this.store.find(p.name, p.segment);
    if (i === -1) {
      if (this.store.findAll(p.name).length !== p.segment - 1 || p.name.length !== 1) {
        throw new Hl7Error('ASTM_BAD_PATH', `Cannot write ${path}: there are fewer than ${p.segment - 1} ${p.name} records.`, { path });
      }
      if (p.name === 'H' || p.name === 'h') throw new Hl7Error('ASTM_BAD_PATH', `Cannot write ${path}: H records are not appended.`, { path });
      this.store.assertWritable(p, false);
      // A new record goes before the L record, which must stay last.
      const count = this.store.count;
      const last = count > 0 ? this.store.nameOf(count - 1).toUpperCase() : '';
      i = this.store.insert(p.name.toUpperCase(), last === 'L' && p.name.toUpperCase() !== 'L' ? count - 1 : count);
    }
    this.store.write(i, p, value);
    return this;
  }

  repetitions(path: string): number {
    const p = parsePath(path, 'ASTM_BAD_PATH');
    const i = this.store.find(p.name, p.segment);
    return i === -1 ? 0 : this.store.repetitions(i, p.field);
  }

  get recordCount(): number {
    return this.store.count;
  }

  /** Every record, or every record of one type (letters match in any case). */
  records(type?: string): AstmRecord[] {
    return this.store.findAll(type).map((i) => new AstmRecord(this.store, i));
  }

  record(type: string, nth = 1): AstmRecord | undefined {
    const i = this.store.find(type, nth);
    return i === -1 ? undefined : new AstmRecord(this.store, i);
  }

  /** Typed views of every record of a type. */
  typed<K extends keyof AstmRecordViews>(type: K): AstmRecordViews[K][] {
    const View = RECORD_VIEWS[type];
    return this.store.findAll(type).map((i) => new View(new AstmRecord(this.store, i)));
  }

  /** The records, each ended by CR (the E1394 record separator). */
  toString(): string {
    return this.store.serialize();
  }
}

// ASTM declares no character set; hex escapes that form valid UTF-8 are read as UTF-8.
const UTF8 = { isUtf8: (): boolean => true };

function unusable(c: number): boolean {
  return c <= 0x20 || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x7f;
}

/** Reads `H|\^&`: field, repeat, component and escape characters, in that order. */
function readAstmDelimiters(text: string, start: number, end: number): { grammar: Grammar; end: number } {
  const f = start + 1 < end ? text.charCodeAt(start + 1) : -1;
  if (f === -1 || unusable(f)) {
    throw new Hl7Error('ASTM_BAD_DELIMITERS', 'The H record must declare a field delimiter right after the "H".', { offset: start });
  }
  let stop = start + 2;
  while (stop < end && text.charCodeAt(stop) !== f) stop++;
  const defined = text.slice(start + 2, stop);
  if (defined.length < 2 || defined.length > 3) {
    throw new Hl7Error('ASTM_BAD_DELIMITERS', `The H record declares "${defined}"; it needs repeat, component and escape delimiters.`, { defined });
  }
  const seen = new Set<number>([f]);
  for (let i = 0; i < defined.length; i++) {
    const c = defined.charCodeAt(i);
    if (unusable(c) || seen.has(c)) {
      throw new Hl7Error('ASTM_BAD_DELIMITERS', `The H record's delimiters "${defined}" repeat a character or use a letter, digit or space.`, { defined });
    }
    seen.add(c);
  }
  const grammar = makeGrammar('astm', String.fromCharCode(f), defined.charAt(1), defined.charAt(0), defined.charAt(2), '');
  return { grammar, end: stop };
}

function isHeaderLine(text: string, s: number, e: number): boolean {
  const c0 = text.charCodeAt(s);
  if (c0 !== 0x48 && c0 !== 0x68) return false;
  return s + 1 < e && !unusable(text.charCodeAt(s + 1));
}

function isTerminatorLine(text: string, s: number, e: number, f: number): boolean {
  const c0 = text.charCodeAt(s);
  return (c0 === 0x4c || c0 === 0x6c) && (s + 1 === e || text.charCodeAt(s + 1) === f);
}

/**
 * Parses an ASTM E1394 / LIS2-A2 stream into its messages (H ... L). Records may end in CR,
 * LF, CRLF or CRCR; text before the first H and between an L and the next H is skipped; a
 * missing L ends the message at the next H or at the end. Throws `Hl7Error` (ASTM_NO_HEADER,
 * ASTM_BAD_DELIMITERS) and nothing else.
 */
export function parseAstm(input: string | Uint8Array, options?: ParseAstmOptions): AstmMessage[] {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else if (input instanceof Uint8Array) {
    text = decodeBytes(input, options?.charset ?? 'ascii');
  } else {
    throw new Hl7Error('ASTM_NO_HEADER', 'parseAstm takes a string or a Uint8Array.');
  }
  // A byte-order mark is not part of the H record.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const starts: number[] = [];
  const ends: number[] = [];
  const crSeparated = scanLines(text, 0, text.length, starts, ends);
  const messages: AstmMessage[] = [];
  let line = 0;
  const count = starts.length;
  while (line < count) {
    const s = starts[line] as number;
    const e = ends[line] as number;
    if (!isHeaderLine(text, s, e)) {
      line++;
      continue;
    }
    const { grammar } = readAstmDelimiters(text, s, e);
    let last = line;
    let terminated = false;
    while (last + 1 < count) {
      const ns = starts[last + 1] as number;
      const ne = ends[last + 1] as number;
      if (isHeaderLine(text, ns, ne)) break;
      last++;
      if (isTerminatorLine(text, ns, ne, grammar.f)) {
        terminated = true;
        break;
      }
    }
    const store = new RecordStore({
      grammar,
      text,
      from: s,
      to: ends[last] as number,
      lines: { starts: starts.slice(line, last + 1), ends: ends.slice(line, last + 1), crSeparated },
      passThrough: false,
      pathError: 'ASTM_BAD_PATH',
    });
    store.charsetOwner = UTF8;
    messages.push(new AstmMessage(store, terminated));
    line = last + 1;
  }
  if (messages.length === 0) throw new Hl7Error('ASTM_NO_HEADER', 'No H (header) record found.');
  return messages;
}

/**
 * A new message holding only `H` and its delimiter definition, to be filled with `set`
 * (records are appended in the order they are first written).
 */
export function createAstmMessage(delimiters: AstmDelimiters = DEFAULT_ASTM_DELIMITERS): AstmMessage {
  const d = delimiters;
  return parseAstm(`H${d.field}${d.repeat}${d.component}${d.escape}\r`)[0] as AstmMessage;
}
