import { Hl7Error } from '../errors.js';
import type { Charset } from '../internal/charset.js';
import { encodeText } from '../internal/charset.js';
import { CR, ETB, ETX, LF, STX } from '../internal/control-chars.js';

/** Most text bytes an E1381 / LIS01-A2 frame may carry (247 with the frame's overhead). */
export const MAX_FRAME_TEXT = 240;

export interface EncodeAstmFramesOptions {
  /**
   * `record` (default): every record is its own low-level message, ended by an ETX frame, as
   * instruments expect. `whole`: the text is one message and only its last frame has ETX.
   */
  readonly split?: 'record' | 'whole';
  /** How text becomes bytes. Default UTF-8 (plain ASCII for ASCII text). */
  readonly charset?: Charset;
  /** Frame number of the first frame: 1 for a new transfer (the default), 0..7. */
  readonly firstFrameNumber?: number;
  /** Text bytes per frame, 1..240. Default 240. */
  readonly maxFrameText?: number;
}

/** Sum of bytes[from, to) modulo 256: the E1381 checksum (over FN, text, and ETB/ETX). */
export function astmChecksum(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i] as number;
  return sum & 0xff;
}

const HEX = '0123456789ABCDEF';

/** Two uppercase hex digits, as the checksum is sent. */
export function checksumHex(sum: number): string {
  return (HEX[(sum >> 4) & 0x0f] as string) + (HEX[sum & 0x0f] as string);
}

/** True for the bytes E1381 forbids in frame text (everything framing uses, plus LF). */
export function isForbiddenInFrame(byte: number): boolean {
  return byte < 0x20 && byte !== CR && byte !== 0x09;
}

function frame(number: number, text: Uint8Array, from: number, to: number, last: boolean): Uint8Array {
  const length = to - from;
  const out = new Uint8Array(length + 7);
  out[0] = STX;
  out[1] = 0x30 + number;
  out.set(text.subarray(from, to), 2);
  out[length + 2] = last ? ETX : ETB;
  const sum = astmChecksum(out, 1, length + 3);
  out[length + 3] = HEX.charCodeAt((sum >> 4) & 0x0f);
  out[length + 4] = HEX.charCodeAt(sum & 0x0f);
  out[length + 5] = CR;
  out[length + 6] = LF;
  return out;
}

/** Splits text into records ended by CR, whatever line ends it came with. */
export function astmRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : CR;
    if (c !== CR && c !== LF) continue;
    if (i > start) records.push(text.slice(start, i));
    start = i + 1;
  }
  return records;
}

/**
 * Encodes ASTM text as E1381 / LIS01-A2 frames: `STX FN text ETB|ETX C1 C2 CR LF`, text at
 * most 240 bytes, frame numbers 1..7, 0, 1... continuing across the whole transfer, and the
 * checksum as two uppercase hex digits. Records end in CR inside the frames. Throws
 * `Hl7Error` ASTM_BAD_TEXT when the text holds control characters frames cannot carry.
 */
export function encodeAstmFrames(text: string, options?: EncodeAstmFramesOptions): Uint8Array[] {
  const max = options?.maxFrameText ?? MAX_FRAME_TEXT;
  if (!Number.isInteger(max) || max < 1 || max > MAX_FRAME_TEXT) {
    throw new Hl7Error('BAD_OPTION', `maxFrameText must be 1..${MAX_FRAME_TEXT}.`, { max });
  }
  let number = options?.firstFrameNumber ?? 1;
  if (!Number.isInteger(number) || number < 0 || number > 7) {
    throw new Hl7Error('BAD_OPTION', 'firstFrameNumber must be 0..7.', { number });
  }
  const charset = options?.charset ?? 'utf-8';
  const records = astmRecords(text);
  const messages = options?.split === 'whole' ? [records.map((r) => r + '\r').join('')] : records.map((r) => r + '\r');
  const frames: Uint8Array[] = [];
  for (const message of messages) {
    const bytes = encodeText(message, charset);
    for (let i = 0; i < bytes.length; i++) {
      if (isForbiddenInFrame(bytes[i] as number)) {
        throw new Hl7Error('ASTM_BAD_TEXT', `Byte 0x${checksumHex(bytes[i] as number)} cannot travel inside an ASTM frame; escape it first.`, { offset: i });
      }
    }
    for (let from = 0; from < bytes.length; from += max) {
      const to = Math.min(bytes.length, from + max);
      frames.push(frame(number, bytes, from, to, to === bytes.length));
      number = (number + 1) % 8;
    }
  }
  return frames;
}
