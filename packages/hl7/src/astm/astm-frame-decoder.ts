import { Hl7Error } from '../errors.js';
import { decodeLatin1 } from '../internal/charset.js';
import { ACK, CR, ENQ, EOT, ETB, ETX, NAK, STX } from '../internal/control-chars.js';
import { checksumHex, MAX_FRAME_TEXT } from './astm-frames.js';

/** One E1381 frame as received. */
export interface AstmFrame {
  /** The frame number 0..7, or -1 when the FN byte was not a digit 0..7. */
  readonly number: number;
  /** The frame text, one character per byte (decode it once the message is whole). */
  readonly text: string;
  /** ETX (last frame of a message) rather than ETB (intermediate). */
  readonly final: boolean;
  /** Whether the two checksum characters match the sum of FN, text and ETB/ETX. */
  readonly checksumOk: boolean;
  readonly expectedChecksum: string;
  readonly receivedChecksum: string;
  /** Text longer than the 240 bytes E1381 allows. */
  readonly tooLong: boolean;
}

/** What the decoder reports, in arrival order. */
export type AstmToken =
  | { readonly kind: 'frame'; readonly frame: AstmFrame }
  /** ENQ, ACK, NAK or EOT outside a frame. */
  | { readonly kind: 'control'; readonly byte: number }
  /** A frame cut short by a control byte, a new STX, or the size limit. */
  | { readonly kind: 'broken'; readonly reason: 'interrupted' | 'too-long'; readonly bytes: number };

export interface AstmFrameDecoderOptions {
  /** Frames whose text outgrows this are dropped as broken. Default 64 KiB. */
  readonly maxFrameBytes?: number;
}

const State = {
  /** Between frames: control bytes are reported, anything else (CR LF trailers) skipped. */
  Idle: 'idle',
  /** After STX: the frame number. */
  Number: 'number',
  /** Frame text, until ETB or ETX. */
  Text: 'text',
  /** The first checksum character. */
  Check1: 'check1',
  /** The second checksum character. */
  Check2: 'check2',
} as const;
type State = (typeof State)[keyof typeof State];

function isControl(b: number): boolean {
  return b === ENQ || b === ACK || b === NAK || b === EOT;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x57;
  return -1;
}

/**
 * A streaming E1381 / LIS01-A2 frame decoder: feed it bytes in any chunking and it reports
 * each frame (number, text, ETB/ETX, checksum verdict) and each control byte, in order.
 * It never throws on input: malformed frames come back as `broken` tokens or as frames
 * whose `checksumOk` is false.
 */
export class AstmFrameDecoder {
  private state: State = State.Idle;
  private number = -1;
  private sum = 0;
  private final = false;
  private first = 0;
  private parts: Uint8Array[] = [];
  private size = 0;
  private readonly max: number;

  constructor(options?: AstmFrameDecoderOptions) {
    const max = options?.maxFrameBytes ?? 65536;
    if (!Number.isInteger(max) || max < MAX_FRAME_TEXT) {
      throw new Hl7Error('BAD_OPTION', `maxFrameBytes must be an integer of at least ${MAX_FRAME_TEXT}.`, { max });
    }
    this.max = max;
  }

  /** Forgets any partial frame. */
  reset(): void {
    this.state = State.Idle;
    this.parts = [];
    this.size = 0;
  }

  push(chunk: Uint8Array): AstmToken[] {
    const out: AstmToken[] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const b = chunk[i] as number;
      switch (this.state) {
        case State.Idle:
          if (b === STX) this.begin();
          else if (isControl(b)) out.push({ kind: 'control', byte: b });
          i++;
          break;
        case State.Number:
          if (b === STX || isControl(b) || b === ETX || b === ETB) {
            this.interrupt(out, b, 2);
            i++;
            break;
          }
          this.number = b >= 0x30 && b <= 0x37 ? b - 0x30 : -1;
          this.sum = b;
          this.state = State.Text;
          i++;
          break;
        case State.Text: {
          // Scan the run of text bytes in one go; stop at the first framing byte.
          let j = i;
          let sum = this.sum;
          for (; j < n; j++) {
            const c = chunk[j] as number;
            if (c < 0x20 && (c === ETX || c === ETB || c === STX || c === ENQ || c === EOT || c === ACK || c === NAK)) break;
            sum += c;
          }
          this.sum = sum;
          if (j > i && !this.collect(chunk, i, j, out)) {
            i = j;
            break;
          }
          i = j;
          if (j === n) break;
          const c = chunk[j] as number;
          if (c === ETX || c === ETB) {
            this.final = c === ETX;
            this.sum += c;
            this.state = State.Check1;
            i++;
          } else {
            this.interrupt(out, c, 2 + this.size);
            i++;
          }
          break;
        }
        case State.Check1:
          if (b === STX || isControl(b)) {
            this.interrupt(out, b, 3 + this.size);
            i++;
            break;
          }
          this.first = b;
          this.state = State.Check2;
          i++;
          break;
        case State.Check2:
          if (b === STX || isControl(b)) {
            this.interrupt(out, b, 4 + this.size);
            i++;
            break;
          }
          out.push({ kind: 'frame', frame: this.finish(b) });
          i++;
          break;
      }
    }
    return out;
  }

  private begin(): void {
    this.state = State.Number;
    this.parts = [];
    this.size = 0;
    this.sum = 0;
    this.number = -1;
  }

  /** A framing byte arrived mid-frame: report the broken frame, then act on the byte. */
  private interrupt(out: AstmToken[], b: number, bytes: number): void {
    out.push({ kind: 'broken', reason: 'interrupted', bytes });
    this.parts = [];
    this.size = 0;
    if (b === STX) {
      this.begin();
      return;
    }
    this.state = State.Idle;
    if (isControl(b)) out.push({ kind: 'control', byte: b });
  }

  private collect(chunk: Uint8Array, from: number, to: number, out: AstmToken[]): boolean {
    if (this.size + (to - from) > this.max) {
      out.push({ kind: 'broken', reason: 'too-long', bytes: this.size + (to - from) });
      this.parts = [];
      this.size = 0;
      this.state = State.Idle;
      return false;
    }
    this.parts.push(chunk.slice(from, to));
    this.size += to - from;
    return true;
  }

  private finish(second: number): AstmFrame {
    let text = '';
    for (const part of this.parts) text += decodeLatin1(part);
    const expected = this.sum & 0xff;
    const hi = hexValue(this.first);
    const lo = hexValue(second);
    const received = String.fromCharCode(this.first, second);
    const frame: AstmFrame = {
      number: this.number,
      text,
      final: this.final,
      checksumOk: hi >= 0 && lo >= 0 && hi * 16 + lo === expected,
      expectedChecksum: checksumHex(expected),
      receivedChecksum: received,
      tooLong: text.length > MAX_FRAME_TEXT,
    };
    this.parts = [];
    this.size = 0;
    this.state = State.Idle;
    return frame;
  }
}

/** Whether a frame's text ends with the CR that should precede ETX. */
export function endsWithCr(frame: AstmFrame): boolean {
  return frame.text.charCodeAt(frame.text.length - 1) === CR;
}
