import { derivedControlId, encodeMllp, escapeHl7, formatHl7Timestamp, parseHl7Batch } from '@hms/hl7';
import type { Hl7Batch, Hl7Segment } from '@hms/hl7';
import type { Submit } from './hl7-ingest.js';
import type { InterfaceConfig } from './interfaces-repo.js';

const CR = 0x0d;
const LF = 0x0a;
const ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

/** Where each segment's name starts (after CR/LF and leading blanks), in bytes. */
function segmentStarts(raw: Uint8Array): number[] {
  const starts: number[] = [];
  let at = 0;
  while (at < raw.length) {
    while (at < raw.length && (raw[at] === CR || raw[at] === LF || raw[at] === 0x20 || raw[at] === 0x09)) at++;
    if (at < raw.length) starts.push(at);
    while (at < raw.length && raw[at] !== CR && raw[at] !== LF) at++;
  }
  return starts;
}

const nameAt = (raw: Uint8Array, at: number) => String.fromCharCode(raw[at] ?? 0, raw[at + 1] ?? 0, raw[at + 2] ?? 0);

/** Whether an MLLP block is a batch: its first segment is FHS or BHS (a UTF-8 BOM aside). */
export function isHl7Batch(raw: Uint8Array): boolean {
  const body = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
  const first = segmentStarts(body.subarray(0, 64))[0];
  return first !== undefined && (nameAt(body, first) === 'FHS' || nameAt(body, first) === 'BHS');
}

/**
 * Each message of a batch as the bytes it came in (MSH up to the next MSH or envelope segment),
 * cut on segment names, which are ASCII in every charset HL7 allows: stored byte for byte.
 */
function messageBytes(raw: Uint8Array): Uint8Array[] {
  const starts = segmentStarts(raw);
  const messages: Uint8Array[] = [];
  let from = -1;
  for (const at of starts) {
    const name = nameAt(raw, at);
    if (name !== 'MSH' && !ENVELOPE.has(name)) continue;
    if (from !== -1) messages.push(raw.subarray(from, at));
    from = name === 'MSH' ? at : -1;
  }
  if (from !== -1) messages.push(raw.subarray(from));
  return messages;
}

/** FHS or BHS of the answer: from HMS to the sender, its -12 naming the control ID it answers. */
function header(name: 'FHS' | 'BHS', received: Hl7Segment | undefined, now: Date): string {
  const field = (position: string) => escapeHl7(received?.get(position) ?? '');
  const answered = received?.get('11') ?? '';
  return `${name}|^~\\&|HMS|HMS|${field('3')}|${field('4')}|${formatHl7Timestamp(now)}||||${derivedControlId(now, answered)}|${escapeHl7(answered)}`;
}

/**
 * An HL7 batch (FHS/BHS ... BTS/FTS) off an MLLP connection: each message is taken as if it
 * came alone (read, deduplicated, committed with its own ACK, applied after), all submitted at
 * once so they share group commits, and the answer is a batch of those ACKs in the same
 * envelope, written by the caller after every message is committed. A failure part-way sends
 * nothing: the sender sends the batch again and the messages already stored are answered from
 * the dedup table.
 */
export async function ingestHl7Batch(submit: Submit, config: InterfaceConfig, raw: Uint8Array, now: Date): Promise<{ ack: Uint8Array; messages: number }> {
  let batch: Hl7Batch;
  try {
    batch = parseHl7Batch(raw, config.options.charset === undefined ? {} : { charset: config.options.charset });
  } catch {
    // Not a batch we can read: answered AR and kept, as any unreadable message.
    return { ack: (await submit(raw, now)).ack, messages: 1 };
  }
  const parts = messageBytes(raw);
  if (parts.length !== batch.messages.length) {
    throw new Error(`a batch cut into ${parts.length} messages where its parse found ${batch.messages.length}`);
  }
  const replies = (await Promise.all(parts.map((part) => submit(part, now)))).map((ingested) => ingested.reply);
  const segments: (string | Uint8Array)[] = [];
  if (batch.fileHeader !== undefined) segments.push(header('FHS', batch.fileHeader, now));
  let next = 0;
  let batches = 0;
  for (const group of batch.batches) {
    const enveloped = group.header !== undefined || group.trailer !== undefined;
    if (enveloped) batches++;
    if (group.header !== undefined) segments.push(header('BHS', group.header, now));
    for (let i = 0; i < group.messages.length; i++) segments.push(replies[next++]!);
    if (enveloped) segments.push(`BTS|${group.messages.length}`);
  }
  if (batch.fileHeader !== undefined || batch.fileTrailer !== undefined) segments.push(`FTS|${batches}`);
  const bytes = Buffer.concat(segments.map((segment) => (typeof segment === 'string' ? Buffer.from(`${segment}\r`, 'latin1') : trailingCr(segment))));
  return { ack: encodeMllp(bytes), messages: parts.length };
}

function trailingCr(bytes: Uint8Array): Buffer {
  return bytes[bytes.length - 1] === CR ? Buffer.from(bytes) : Buffer.concat([bytes, Uint8Array.of(CR)]);
}
