import { Hl7Error } from '../errors.js';
import type { Charset } from '../internal/charset.js';
import { RecordStore, scanLines } from '../internal/record-store.js';
import { decodeHl7Bytes } from './hl7-bytes.js';
import { readHl7Delimiters } from './hl7-delimiters.js';
import type { Hl7Message, ParseHl7Options } from './hl7-message.js';
import { messageOver } from './hl7-message.js';
import { Hl7Segment } from './hl7-segment.js';

/** One BHS ... BTS batch (or the messages outside any batch). */
export interface Hl7BatchGroup {
  /** The BHS segment; undefined for messages outside a BHS/BTS pair. */
  readonly header: Hl7Segment | undefined;
  /** The BTS segment, when present. */
  readonly trailer: Hl7Segment | undefined;
  /** BTS-1, the message count the sender declared, when present and numeric. */
  readonly declaredMessageCount: number | undefined;
  readonly messages: readonly Hl7Message[];
}

/** A batch file: FHS, BHS, messages, BTS, FTS (every envelope segment optional). */
export interface Hl7Batch {
  readonly fileHeader: Hl7Segment | undefined;
  readonly fileTrailer: Hl7Segment | undefined;
  readonly batches: readonly Hl7BatchGroup[];
  /** Every message of the file, in order, whatever batch it is in. */
  readonly messages: readonly Hl7Message[];
}

interface OpenGroup {
  header: number;
  trailer: number;
  messages: Hl7Message[];
}

function nameAt(text: string, start: number): string {
  return text.slice(start, start + 3);
}

const ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

/**
 * Parses an HL7 batch file (FHS/BHS/BTS/FTS), or a plain run of messages one after another.
 * Each message keeps its own MSH delimiters. Throws `Hl7Error`: HL7_BAD_BATCH when there is
 * neither a message nor a batch header, or the errors of parseHl7 for a broken message.
 */
export function parseHl7Batch(input: string | Uint8Array, options?: ParseHl7Options): Hl7Batch {
  let text: string;
  let charset: Charset | undefined;
  if (typeof input === 'string') {
    text = input;
    charset = options?.charset;
  } else if (input instanceof Uint8Array) {
    ({ text, charset } = decodeHl7Bytes(input, options?.charset));
  } else {
    throw new Hl7Error('HL7_BAD_BATCH', 'parseHl7Batch takes a string or a Uint8Array.');
  }
  const starts: number[] = [];
  const ends: number[] = [];
  let crSeparated = scanLines(text, 0, text.length, starts, ends);
  // Leading whitespace and a byte-order mark are not part of the first segment's name.
  for (let i = 0; i < starts.length; i++) {
    let s = starts[i] as number;
    while (s < (ends[i] as number) && (text.charCodeAt(s) <= 0x20 || text.charCodeAt(s) === 0xfeff)) s++;
    if (s !== starts[i]) crSeparated = false;
    starts[i] = s;
  }

  const envelopeLines: string[] = [];
  // Messages outside any BHS/BTS pair get a group of their own, in file order.
  const groups: OpenGroup[] = [];
  let current: OpenGroup | undefined;
  let fileHeader = -1;
  let fileTrailer = -1;
  const all: Hl7Message[] = [];
  let line = 0;
  while (line < starts.length) {
    const s = starts[line] as number;
    const name = nameAt(text, s);
    if (name === 'MSH') {
      let last = line;
      while (last + 1 < starts.length) {
        const next = nameAt(text, starts[last + 1] as number);
        if (next === 'MSH' || ENVELOPE.has(next)) break;
        last++;
      }
      const lines = { starts: starts.slice(line, last + 1), ends: ends.slice(line, last + 1), crSeparated };
      const message = messageOver(text, s, ends[last] as number, charset, options?.formatting, lines);
      if (current === undefined) {
        current = { header: -1, trailer: -1, messages: [] };
        groups.push(current);
      }
      current.messages.push(message);
      all.push(message);
      line = last + 1;
      continue;
    }
    if (ENVELOPE.has(name)) {
      const index = envelopeLines.length;
      envelopeLines.push(text.slice(s, ends[line]));
      if (name === 'FHS') fileHeader = index;
      else if (name === 'FTS') fileTrailer = index;
      else if (name === 'BHS') {
        current = { header: index, trailer: -1, messages: [] };
        groups.push(current);
      } else {
        if (current === undefined) {
          current = { header: -1, trailer: -1, messages: [] };
          groups.push(current);
        }
        current.trailer = index;
        current = undefined;
      }
    }
    // Anything else outside a message (stray text between envelope lines) is skipped.
    line++;
  }
  if (all.length === 0 && fileHeader === -1 && !groups.some((g) => g.header !== -1)) {
    throw new Hl7Error('HL7_BAD_BATCH', 'No MSH, FHS or BHS segment found.');
  }

  let store: RecordStore | undefined;
  if (envelopeLines.length > 0) {
    const envelopeText = envelopeLines.join('\r');
    const headerLine = envelopeLines.findIndex((l) => l.startsWith('FHS') || l.startsWith('BHS'));
    let grammar;
    if (headerLine !== -1) {
      let offset = 0;
      for (let i = 0; i < headerLine; i++) offset += (envelopeLines[i] as string).length + 1;
      grammar = readHl7Delimiters(envelopeText, offset).grammar;
    } else {
      const first = all[0];
      if (first === undefined) throw new Hl7Error('HL7_BAD_BATCH', 'Batch trailers without a header or message.');
      grammar = readHl7Delimiters(`MSH${first.delimiters.field}${first.delimiters.component}${first.delimiters.repetition}${first.delimiters.escape}${first.delimiters.subcomponent}`, 0).grammar;
    }
    store = new RecordStore({
      grammar,
      text: envelopeText,
      from: 0,
      to: envelopeText.length,
      passThrough: options?.formatting === 'passThrough',
      pathError: 'HL7_BAD_PATH',
    });
  }
  const segment = (index: number): Hl7Segment | undefined =>
    index === -1 || store === undefined ? undefined : new Hl7Segment(store, index);

  const batches = groups.map((group) => freeze(group, segment));
  return { fileHeader: segment(fileHeader), fileTrailer: segment(fileTrailer), batches, messages: all };
}

function freeze(group: OpenGroup, segment: (index: number) => Hl7Segment | undefined): Hl7BatchGroup {
  const trailer = segment(group.trailer);
  const count = trailer?.get('1');
  const declared = count === undefined || !/^\d+$/.test(count.trim()) ? undefined : Number(count.trim());
  return { header: segment(group.header), trailer, declaredMessageCount: declared, messages: group.messages };
}
