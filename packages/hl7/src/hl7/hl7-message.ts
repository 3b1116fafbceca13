import { Hl7Error } from '../errors.js';
import type { Charset } from '../internal/charset.js';
import { parsePath } from '../internal/path.js';
import type { CharsetOwner, StoreInit } from '../internal/record-store.js';
import { RecordStore } from '../internal/record-store.js';
import { charsetOfMsh18, decodeHl7Bytes } from './hl7-bytes.js';
import type { Hl7Delimiters } from './hl7-delimiters.js';
import { delimitersOf, readHl7Delimiters } from './hl7-delimiters.js';
import { Hl7Segment } from './hl7-segment.js';
import type { Hl7SegmentViews, MshSegment } from './hl7-segment-views.js';
import { SEGMENT_VIEWS } from './hl7-segment-views.js';

/** How formatting escapes (`\.br\`, `\.sp\`, `\H\`...) come out of `get`. */
export type Hl7Formatting = 'lineBreaks' | 'passThrough';

export interface ParseHl7Options {
  /**
   * Character set overriding MSH-18: the per-interface setting for senders that declare one
   * set and send another. It decodes byte input, and for both bytes and strings it decides
   * how `\Xhh\` escapes are read and is what `charset` reports.
   */
  readonly charset?: Charset;
  /**
   * `lineBreaks` (default): `\.br\`, `\.sp\` and `\.ce\` become line breaks, `\.sk n\` spaces,
   * and the other formatting commands vanish. `passThrough`: they are returned as sent, for
   * callers that render FT themselves.
   */
  readonly formatting?: Hl7Formatting;
}

/** The explicit HL7 null, `""`, as `get` returns it: distinct from an empty field. */
export const HL7_NULL = '""';

/**
 * One parsed HL7 v2 message. Segments are located at parse time; fields are read on access.
 * `get` never throws for absent data (it returns undefined); it throws `Hl7Error`
 * (`HL7_BAD_PATH`) only for a path that breaks the grammar.
 */
export class Hl7Message implements CharsetOwner {
  private readonly store: RecordStore;
  private readonly charsetOverride: Charset | undefined;
  private charsetCache: Charset | null | undefined;

  /** @internal Messages come from parseHl7 / parseHl7Batch. */
  constructor(store: RecordStore, charset: Charset | undefined) {
    this.store = store;
    this.charsetOverride = charset;
    store.charsetOwner = this;
  }

  /** The message's separators and escape character, from MSH-1 and MSH-2. */
  get delimiters(): Hl7Delimiters {
    return delimitersOf(this.store.grammar);
  }

  /** @internal */
  isUtf8(): boolean {
    return this.charset === 'utf-8';
  }

  /**
   * The character set in force: the interface override or the decoded bytes' set when the
   * message came from bytes, else what MSH-18 declares (undefined when it names a set this
   * package does not know).
   */
  get charset(): Charset | undefined {
    if (this.charsetOverride !== undefined) return this.charsetOverride;
    if (this.charsetCache === undefined) {
      // Raw, not unescaped: unescaping \Xhh\ asks for the charset, which would recurse.
      const declared = this.getRaw('MSH-18(1)') ?? '';
      this.charsetCache = charsetOfMsh18(declared) ?? null;
    }
    return this.charsetCache ?? undefined;
  }

  /**
   * Unescaped text at `SEG(n)-F(r).C.S`, or undefined when the segment, field or component is
   * absent or empty (trailing separators are optional in HL7, so the two are the same). An
   * explicit null comes back as `""` (HL7_NULL). A path without a component returns the whole
   * repetition, its component separators kept as they are.
   */
  get(path: string): string | undefined {
    const p = parsePath(path, 'HL7_BAD_PATH');
    const i = this.store.find(p.name, p.segment);
    return i === -1 ? undefined : this.store.read(i, p);
  }

  /** The text at a path as sent: escape sequences and inner separators untouched. */
  getRaw(path: string): string | undefined {
    const p = parsePath(path, 'HL7_BAD_PATH');
    const i = this.store.find(p.name, p.segment);
    return i === -1 ? undefined : this.store.readRaw(i, p);
  }

  /**
   * Writes `value` at a path, escaping separators, the escape character and line breaks.
   * Writing to the next segment of a name that does not exist yet (`OBX(4)` when there are
   * three) appends that segment at the end. MSH-1 and MSH-2 cannot be written.
   */
  set(path: string, value: string): this {
    const p = parsePath(path, 'HL7_BAD_PATH');
    let i = this.store.find(p.name, p.segment);
    if (i === -1) {
      if (this.store.findAll(p.name).length !== p.segment - 1) {
        throw new Hl7Error('HL7_BAD_PATH', `Cannot write ${path}: there are fewer than ${p.segment - 1} ${p.name} segments.`, { path });
      }
      if (p.name === 'MSH' || p.name === 'FHS' || p.name === 'BHS') {
        throw new Hl7Error('HL7_BAD_PATH', `Cannot write ${path}: header segments are not appended.`, { path });
      }
      this.store.assertWritable(p, false);
      i = this.store.insert(p.name);
    }
    this.store.write(i, p, value);
    return this;
  }

  /** How many repetitions the field at `SEG(n)-F` holds (0 when empty or absent). */
  repetitions(path: string): number {
    const p = parsePath(path, 'HL7_BAD_PATH');
    const i = this.store.find(p.name, p.segment);
    return i === -1 ? 0 : this.store.repetitions(i, p.field);
  }

  /** Number of segments. */
  get segmentCount(): number {
    return this.store.count;
  }

  /** Every segment, or every segment with the given ID, in message order. */
  segments(name?: string): Hl7Segment[] {
    return this.store.findAll(name).map((i) => new Hl7Segment(this.store, i));
  }

  /** The nth (1-based) segment with the given ID. */
  segment(name: string, nth = 1): Hl7Segment | undefined {
    const i = this.store.find(name, nth);
    return i === -1 ? undefined : new Hl7Segment(this.store, i);
  }

  /** Typed views of every segment with one of the supported IDs. */
  typed<K extends keyof Hl7SegmentViews>(name: K): Hl7SegmentViews[K][] {
    const View = SEGMENT_VIEWS[name];
    return this.store.findAll(name).map((i) => new View(new Hl7Segment(this.store, i)));
  }

  /** The typed MSH view. */
  get msh(): MshSegment {
    return new SEGMENT_VIEWS.MSH(new Hl7Segment(this.store, 0));
  }

  /** The message with every segment ended by CR. Unchanged input comes back byte for byte. */
  toString(): string {
    return this.store.serialize();
  }
}

function firstContentOffset(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // Blank lines, stray MLLP bytes and a byte-order mark before MSH are not content.
    if (c <= 0x20 || c === 0xfeff || c === 0x1c) i++;
    else break;
  }
  return i;
}

/** @internal Builds a message over text[from, to), which must start with `MSH`. */
export function messageOver(
  text: string,
  from: number,
  to: number,
  charset: Charset | undefined,
  formatting: Hl7Formatting | undefined,
  lines?: StoreInit['lines'],
): Hl7Message {
  const { grammar } = readHl7Delimiters(text, from);
  const store = new RecordStore({
    grammar,
    text,
    from,
    to,
    lines,
    passThrough: formatting === 'passThrough',
    pathError: 'HL7_BAD_PATH',
  });
  return new Hl7Message(store, charset);
}

/**
 * Parses one HL7 v2 message from text or bytes. Delimiters come from MSH-1/MSH-2; segments
 * may end in CR, LF or CRLF, with or without a final terminator. Throws `Hl7Error`
 * (HL7_NO_MSH, HL7_BAD_DELIMITERS, HL7_BAD_CHARSET) and nothing else.
 */
export function parseHl7(input: string | Uint8Array, options?: ParseHl7Options): Hl7Message {
  let text: string;
  let charset: Charset | undefined;
  if (typeof input === 'string') {
    text = input;
    charset = options?.charset;
  } else if (input instanceof Uint8Array) {
    const decoded = decodeHl7Bytes(input, options?.charset);
    text = decoded.text;
    charset = decoded.charset;
  } else {
    throw new Hl7Error('HL7_NO_MSH', 'parseHl7 takes a string or a Uint8Array.');
  }
  const from = firstContentOffset(text);
  if (text.charCodeAt(from) !== 0x4d || text.charCodeAt(from + 1) !== 0x53 || text.charCodeAt(from + 2) !== 0x48) {
    const start = text.slice(from, from + 3);
    const hint = start === 'FHS' || start === 'BHS' ? ' (this is a batch: use parseHl7Batch)' : '';
    throw new Hl7Error('HL7_NO_MSH', `An HL7 message must start with MSH${hint}.`, { start });
  }
  return messageOver(text, from, text.length, charset, options?.formatting);
}
