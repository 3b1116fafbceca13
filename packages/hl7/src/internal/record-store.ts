import { Hl7Error } from '../errors.js';
import type { Grammar } from './grammar.js';
import { escapeValue, unescapeRange } from './grammar.js';
import type { ParsedPath } from './path.js';

// The shared engine behind Hl7Message and AstmMessage: segments (records) are located once,
// as offsets into the original text; fields, repetitions and components are found on access
// by scanning only the part of the segment asked for. Nothing is split or copied up front,
// which is where the speed comes from; a written segment gets its own string.

/** Scratch result of `narrow`, kept in module variables so the hot path allocates nothing. */
let narrowStart = 0;
let narrowEnd = 0;

/** Finds the nth (1-based) piece of [from, to) split on `code` (-1: no such separator). */
function narrow(src: string, from: number, to: number, code: number, nth: number): boolean {
  let start = from;
  if (nth > 1) {
    if (code < 0) return false;
    let seen = 1;
    let i = from;
    for (; i < to; i++) {
      if (src.charCodeAt(i) === code && ++seen === nth) break;
    }
    if (i >= to) return false;
    start = i + 1;
  }
  let end = to;
  if (code >= 0) {
    for (let i = start; i < to; i++) {
      if (src.charCodeAt(i) === code) {
        end = i;
        break;
      }
    }
  }
  narrowStart = start;
  narrowEnd = end;
  return true;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/**
 * Splits text[from, to) into lines ended by CR, LF, CRLF or any run of them, skipping blank
 * lines. Returns true when every line ended with exactly one CR (the last may end the text),
 * i.e. when runs of untouched lines can be copied verbatim on output.
 */
export function scanLines(text: string, from: number, to: number, starts: number[], ends: number[]): boolean {
  let clean = true;
  let pos = from;
  const lf = text.indexOf('\n', from);
  if (lf === -1 || lf >= to) {
    while (pos < to) {
      let q = text.indexOf('\r', pos);
      if (q === -1 || q > to) q = to;
      if (q === pos || (text.charCodeAt(pos) <= 0x20 && isBlank(text, pos, q))) {
        clean = false;
      } else {
        starts.push(pos);
        ends.push(q);
      }
      pos = q + 1;
    }
    return clean;
  }
  let lineStart = pos;
  for (; pos <= to; pos++) {
    const c = pos < to ? text.charCodeAt(pos) : 0x0d;
    if (c !== 0x0d && c !== 0x0a) continue;
    if (pos > lineStart && !isBlank(text, lineStart, pos)) {
      starts.push(lineStart);
      ends.push(pos);
    }
    lineStart = pos + 1;
  }
  return false;
}

export interface StoreInit {
  readonly grammar: Grammar;
  readonly text: string;
  readonly from: number;
  readonly to: number;
  /**
   * Lines already found by the caller (streams of several messages scan once, not once per
   * message): their bounds and whether the whole text was CR-separated.
   */
  readonly lines?: { readonly starts: number[]; readonly ends: number[]; readonly crSeparated: boolean };
  readonly passThrough: boolean;
  readonly pathError: 'HL7_BAD_PATH' | 'ASTM_BAD_PATH';
}

/** Whoever knows the message's character set, asked only when a `\Xhh\` escape is read. */
export interface CharsetOwner {
  isUtf8(): boolean;
}

function firstIn(src: string, code: number, from: number, to: number): number {
  for (let k = from; k < to; k++) if (src.charCodeAt(k) === code) return k;
  return -1;
}

export class RecordStore {
  readonly grammar: Grammar;
  readonly passThrough: boolean;
  readonly pathError: 'HL7_BAD_PATH' | 'ASTM_BAD_PATH';
  private readonly hl7: boolean;
  private readonly text: string;
  /** Rewritten segments' own strings, by index (holes read as `text`); null until a write. */
  private srcs: (string | undefined)[] | null = null;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** The last `find` hit, so that walking OBX(1), OBX(2), ... OBX(n) stays linear. */
  private lastName = '';
  private lastNth = 0;
  private lastIndex = -1;
  /** Where the last located field started, so reading fields left to right stays linear. */
  private cursorSegment = -1;
  private cursorField = 0;
  private cursorPos = 0;
  /** True when the original text is exactly what toString() would produce. */
  private readonly exact: boolean;
  /** True when untouched runs of lines can be copied from the text as they are. */
  private readonly crSeparated: boolean;
  private dirty = false;
  /** Decides how `\X..\` bytes are read (Latin-1 when unset). */
  charsetOwner: CharsetOwner | null = null;

  constructor(init: StoreInit) {
    this.grammar = init.grammar;
    this.passThrough = init.passThrough;
    this.pathError = init.pathError;
    this.hl7 = init.grammar.dialect === 'hl7';
    this.text = init.text;
    if (init.lines === undefined) {
      this.crSeparated = scanLines(init.text, init.from, init.to, this.starts, this.ends);
    } else {
      this.starts = init.lines.starts;
      this.ends = init.lines.ends;
      this.crSeparated = init.lines.crSeparated;
    }
    const count = this.starts.length;
    this.exact = this.crSeparated && init.from === 0 && init.to === init.text.length && count > 0
      && this.ends[count - 1] === init.to - 1;
  }

  private src(i: number): string {
    if (this.srcs === null) return this.text;
    const own = this.srcs[i];
    return own === undefined ? this.text : own;
  }

  get count(): number {
    return this.starts.length;
  }

  /** The segment's text, without its terminator. */
  segmentText(i: number): string {
    return this.src(i).slice(this.starts[i], this.ends[i]);
  }

  /** The segment (record) name: the text before the first field separator. */
  nameOf(i: number): string {
    const src = this.src(i);
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    const q = src.indexOf(this.grammar.field, s);
    return src.slice(s, q === -1 || q > e ? e : q);
  }

  private isHeader(src: string, s: number, e: number): boolean {
    const c0 = src.charCodeAt(s);
    if (this.hl7) {
      // MSH, FHS and BHS carry the delimiters in fields 1 and 2.
      if (s + 3 < e && src.charCodeAt(s + 3) !== this.grammar.f) return false;
      const c1 = src.charCodeAt(s + 1);
      const c2 = src.charCodeAt(s + 2);
      return (c0 === 0x4d && c1 === 0x53 && c2 === 0x48) || ((c0 === 0x46 || c0 === 0x42) && c1 === 0x48 && c2 === 0x53);
    }
    return (c0 === 0x48 || c0 === 0x68) && (s + 1 === e || src.charCodeAt(s + 1) === this.grammar.f);
  }

  /** Whether segment i is named `name`. ASTM record letters match in any case. */
  private matches(i: number, name: string): boolean {
    const src = this.src(i);
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    const len = name.length;
    const fold = this.hl7 ? 0 : 0x20;
    if (s + len > e) return false;
    for (let j = 0; j < len; j++) {
      if ((src.charCodeAt(s + j) | fold) !== (name.charCodeAt(j) | fold)) return false;
    }
    return s + len === e || src.charCodeAt(s + len) === this.grammar.f;
  }

  /** Index of the nth segment named `name`, or -1. */
  find(name: string, nth: number): number {
    // The first-character test rejects most segments before the full comparison.
    const fold = this.hl7 ? 0 : 0x20;
    const c0 = name.charCodeAt(0) | fold;
    const count = this.starts.length;
    let seen = 0;
    let i = 0;
    if (nth > 1 && nth > this.lastNth && name === this.lastName) {
      seen = this.lastNth;
      i = this.lastIndex + 1;
    }
    for (; i < count; i++) {
      if ((this.src(i).charCodeAt(this.starts[i] as number) | fold) !== c0) continue;
      if (this.matches(i, name) && ++seen === nth) {
        if (nth > 1) {
          this.lastName = name;
          this.lastNth = nth;
          this.lastIndex = i;
        }
        return i;
      }
    }
    return -1;
  }

  /** Indexes of every segment named `name` (all segments when undefined). */
  findAll(name: string | undefined): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.starts.length; i++) {
      if (name === undefined || this.matches(i, name)) out.push(i);
    }
    return out;
  }

  /**
   * Locates field `field` of segment i: sets narrowStart/narrowEnd and returns 1, or returns
   * 0 when absent, 2 for HL7 header field 1 (the separator itself), 3 for the raw delimiter
   * field (MSH-2, H-2) whose characters are not separators.
   */
  private locateField(i: number, field: number): number {
    const src = this.src(i);
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    let k: number;
    let raw = false;
    if (this.hl7) {
      if (this.isHeader(src, s, e)) {
        if (field === 1) return 2;
        k = field - 1;
        raw = k === 1;
      } else {
        k = field;
      }
    } else {
      k = field - 1;
      raw = k === 1 && this.isHeader(src, s, e);
    }
    const fs = this.grammar.field;
    let pos = s;
    let j = 0;
    if (i === this.cursorSegment && k >= this.cursorField) {
      j = this.cursorField;
      pos = this.cursorPos;
    }
    for (; j < k; j++) {
      const q = src.indexOf(fs, pos);
      if (q === -1 || q >= e) return 0;
      pos = q + 1;
    }
    this.cursorSegment = i;
    this.cursorField = k;
    this.cursorPos = pos;
    let end = src.indexOf(fs, pos);
    if (end === -1 || end > e) end = e;
    narrowStart = pos;
    narrowEnd = end;
    return raw ? 3 : 1;
  }

  /** Narrows to the addressed repetition/component/subcomponent; false when absent. */
  private locate(i: number, p: ParsedPath): number {
    const kind = this.locateField(i, p.field);
    if (kind !== 1) return kind;
    const src = this.src(i);
    const g = this.grammar;
    if (!narrow(src, narrowStart, narrowEnd, g.r, p.repetition)) return 0;
    if (p.depth >= 2) {
      if (!narrow(src, narrowStart, narrowEnd, g.c, p.component)) return 0;
      if (p.depth === 3 && !narrow(src, narrowStart, narrowEnd, g.s, p.subcomponent)) return 0;
    }
    return 1;
  }

  /** The unescaped text at a path within segment i, or undefined when absent or empty. */
  read(i: number, p: ParsedPath): string | undefined {
    const kind = this.locate(i, p);
    if (kind === 0) return undefined;
    const plain = p.depth === 1 && p.repetition === 1;
    if (kind === 2) return plain ? this.grammar.field : undefined;
    const src = this.src(i);
    const a = narrowStart;
    const b = narrowEnd;
    if (a === b) return undefined;
    if (kind === 3) return plain ? src.slice(a, b) : undefined;
    // Escapes are rare: a scan of the (short) value decides, and most reads are one slice.
    const e = this.grammar.e;
    if (e < 0) return src.slice(a, b);
    const first = firstIn(src, e, a, b);
    if (first === -1) return src.slice(a, b);
    return unescapeRange(src, a, b, this.grammar, this.passThrough, this.charsetOwner !== null && this.charsetOwner.isUtf8());
  }

  /** The raw (still escaped) text at a path, or undefined when absent or empty. */
  readRaw(i: number, p: ParsedPath): string | undefined {
    const kind = this.locate(i, p);
    if (kind === 0) return undefined;
    if (kind === 2) return p.depth === 1 && p.repetition === 1 ? this.grammar.field : undefined;
    if (narrowStart === narrowEnd) return undefined;
    return this.src(i).slice(narrowStart, narrowEnd);
  }

  /** Number of repetitions of a field (0 when empty or absent). */
  repetitions(i: number, field: number): number {
    const kind = this.locateField(i, field);
    if (kind === 0) return 0;
    if (kind !== 1) return 1;
    const a = narrowStart;
    const b = narrowEnd;
    if (a === b) return 0;
    const r = this.grammar.r;
    if (r < 0) return 1;
    const src = this.src(i);
    let n = 1;
    for (let k = a; k < b; k++) if (src.charCodeAt(k) === r) n++;
    return n;
  }

  /** Number of components in the addressed repetition (0 when empty or absent). */
  components(i: number, p: ParsedPath): number {
    const kind = this.locateField(i, p.field);
    if (kind === 0) return 0;
    if (kind !== 1) return 1;
    const src = this.src(i);
    const g = this.grammar;
    if (!narrow(src, narrowStart, narrowEnd, g.r, p.repetition)) return 0;
    const a = narrowStart;
    const b = narrowEnd;
    if (a === b) return 0;
    let n = 1;
    for (let k = a; k < b; k++) if (src.charCodeAt(k) === g.c) n++;
    return n;
  }

  /** Number of fields in segment i, counted the way paths count them. */
  fieldCount(i: number): number {
    const src = this.src(i);
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    let separators = 0;
    for (let k = s; k < e; k++) if (src.charCodeAt(k) === this.grammar.f) separators++;
    if (!this.hl7) return separators + 1;
    return this.isHeader(src, s, e) ? separators + 1 : separators;
  }

  private badPath(p: ParsedPath, why: string): never {
    const where = p.name === '' ? '' : `${p.name}(${p.segment})-`;
    throw new Hl7Error(this.pathError, `Cannot write ${where}${p.field}: ${why}.`, { path: p });
  }

  /**
   * Throws unless `p` can be written in a segment that is (or is not) a header. Owners call it
   * before appending a segment, so a refused write leaves the message as it was.
   */
  assertWritable(p: ParsedPath, header: boolean): void {
    const g = this.grammar;
    if (this.hl7) {
      if (header && p.field <= 2) this.badPath(p, 'the delimiters are fixed when the message is parsed');
    } else {
      if (header && p.field <= 2) this.badPath(p, 'the record type and delimiters are fixed');
      if (p.field === 1) this.badPath(p, 'field 1 is the record type');
    }
    if (p.repetition > 1 && g.r < 0) this.badPath(p, 'no repetition separator is declared');
    if (p.depth === 3 && p.subcomponent > 1 && g.s < 0) this.badPath(p, 'no subcomponent separator is declared');
  }

  /** Writes `value` (escaped here) at a path within segment i. */
  write(i: number, p: ParsedPath, value: string): void {
    const g = this.grammar;
    const src = this.src(i);
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    const header = this.isHeader(src, s, e);
    this.assertWritable(p, header);
    const k = this.hl7 ? (header ? p.field - 1 : p.field) : p.field - 1;
    // Clearing what is already absent changes nothing, and must not pad with separators.
    if (value === '' && this.readRaw(i, p) === undefined) return;
    const escaped = escapeValue(value, g);
    if (this.locate(i, p) === 1) {
      // The addressed piece exists: splice the new text in place of it.
      this.replace(i, src.slice(s, narrowStart) + escaped + src.slice(narrowEnd, e));
      return;
    }
    const fields = src.slice(s, e).split(g.field);
    while (fields.length <= k) fields.push('');
    const reps = g.r < 0 ? [fields[k] as string] : (fields[k] as string).split(g.repetition);
    while (reps.length < p.repetition) reps.push('');
    if (p.depth === 1) {
      reps[p.repetition - 1] = escaped;
    } else {
      const comps = (reps[p.repetition - 1] as string).split(g.component);
      while (comps.length < p.component) comps.push('');
      if (p.depth === 2) {
        comps[p.component - 1] = escaped;
      } else {
        const subs = g.s < 0 ? [comps[p.component - 1] as string] : (comps[p.component - 1] as string).split(g.subcomponent);
        while (subs.length < p.subcomponent) subs.push('');
        subs[p.subcomponent - 1] = escaped;
        comps[p.component - 1] = subs.join(g.subcomponent);
      }
      reps[p.repetition - 1] = comps.join(g.component);
    }
    fields[k] = reps.join(g.repetition);
    this.replace(i, fields.join(g.field));
  }

  private ownSources(): (string | undefined)[] {
    if (this.srcs === null) this.srcs = [];
    return this.srcs;
  }

  private replace(i: number, text: string): void {
    this.cursorSegment = -1;
    this.ownSources()[i] = text;
    this.starts[i] = 0;
    this.ends[i] = text.length;
    this.dirty = true;
  }

  /** Inserts a segment holding exactly `text` (no terminator) at position `at` (default: last). */
  insert(text: string, at = this.starts.length): number {
    this.lastName = '';
    this.lastNth = 0;
    this.cursorSegment = -1;
    const own = this.ownSources();
    // Fill up to the insertion point so the splice shifts every later entry.
    while (own.length < at) own.push(undefined);
    own.splice(at, 0, text);
    this.starts.splice(at, 0, 0);
    this.ends.splice(at, 0, text.length);
    this.dirty = true;
    return at;
  }

  /** Every segment followed by CR. Untouched runs are copied from the original text. */
  serialize(): string {
    if (this.exact && !this.dirty) return this.text;
    const count = this.starts.length;
    let out = '';
    let i = 0;
    const own = this.srcs;
    const original = (k: number): boolean => own === null || own[k] === undefined;
    while (i < count) {
      const src = this.src(i);
      if (this.crSeparated && original(i)) {
        let j = i;
        while (j + 1 < count && original(j + 1)) j++;
        out += this.text.slice(this.starts[i], this.ends[j]) + '\r';
        i = j + 1;
      } else {
        out += src.slice(this.starts[i], this.ends[i]) + '\r';
        i++;
      }
    }
    return out;
  }
}
