import { Hl7Error } from '../errors.js';
import { CR, FS, VT } from '../internal/control-chars.js';

export interface MllpDecoderOptions {
  /** Largest message kept, in bytes; a longer frame is dropped. Default 16 MiB. */
  readonly maxMessageBytes?: number;
  /** Told about every dropped frame (an `Hl7Error` with code MLLP_TOO_LARGE). */
  readonly onError?: (error: Hl7Error) => void;
}

const DEFAULT_MAX = 16 * 1024 * 1024;

/** Where the decoder is in the `VT data FS CR` frame. */
const State = {
  /** Skipping bytes until a start block (VT). */
  Idle: 'idle',
  /** Collecting message bytes until an end block (FS). */
  Message: 'message',
  /** Saw FS; a CR should follow and is consumed if it does. */
  End: 'end',
} as const;
type State = (typeof State)[keyof typeof State];

/**
 * A streaming MLLP framer for one connection. Feed it whatever the transport delivers;
 * it returns each complete message's bytes (without VT/FS/CR) as soon as its FS arrives.
 * Bytes before a VT are skipped; a VT inside a message restarts it (the sender gave up on
 * the earlier frame); an FS without its CR still ends the message.
 */
export class MllpDecoder {
  private state: State = State.Idle;
  private parts: Uint8Array[] = [];
  private size = 0;
  private readonly max: number;
  private readonly onError: ((error: Hl7Error) => void) | undefined;
  /** Frames dropped because they outgrew `maxMessageBytes`. */
  droppedFrames = 0;

  constructor(options?: MllpDecoderOptions) {
    const max = options?.maxMessageBytes ?? DEFAULT_MAX;
    if (!Number.isInteger(max) || max < 1) throw new Hl7Error('BAD_OPTION', 'maxMessageBytes must be a positive integer.', { max });
    this.max = max;
    this.onError = options?.onError;
  }

  /** Bytes held for a message not yet complete. */
  get buffered(): number {
    return this.size;
  }

  /** Forgets any partial message (e.g. when the connection is reset). */
  reset(): void {
    this.state = State.Idle;
    this.parts = [];
    this.size = 0;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    const n = chunk.length;
    let i = 0;
    // Next VT and FS at or after i, each found once per chunk and reused until passed, so no
    // byte is searched twice however the VTs and FSs are laid out.
    let nextVt = -2;
    let nextFs = -2;
    const vtFrom = (from: number): number => {
      if (nextVt !== -1 && nextVt < from) nextVt = chunk.indexOf(VT, from);
      return nextVt;
    };
    const fsFrom = (from: number): number => {
      if (nextFs !== -1 && nextFs < from) nextFs = chunk.indexOf(FS, from);
      return nextFs;
    };
    while (i < n) {
      switch (this.state) {
        case State.Idle: {
          const vt = vtFrom(i);
          if (vt === -1) return out;
          this.state = State.Message;
          i = vt + 1;
          break;
        }
        case State.Message: {
          const fs = fsFrom(i);
          const stop = fs === -1 ? n : fs;
          const vt = vtFrom(i);
          if (vt !== -1 && vt < stop) {
            // A new start block before the end block: the earlier frame was abandoned.
            this.parts = [];
            this.size = 0;
            i = vt + 1;
            break;
          }
          this.collect(chunk, i, stop);
          if (stop === n) return out;
          if (this.state === State.Message) {
            out.push(this.take());
            this.state = State.End;
          }
          i = stop + 1;
          break;
        }
        case State.End: {
          if (chunk[i] === CR) i++;
          this.state = State.Idle;
          break;
        }
      }
    }
    return out;
  }

  private collect(chunk: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    if (this.size + (to - from) > this.max) {
      this.droppedFrames++;
      const dropped = this.size + (to - from);
      this.parts = [];
      this.size = 0;
      // Skip the rest of this frame: resynchronise on the next start block.
      this.state = State.Idle;
      this.onError?.(new Hl7Error('MLLP_TOO_LARGE', `An MLLP frame grew past ${this.max} bytes and was dropped.`, { bytes: dropped, max: this.max }));
      return;
    }
    // Copy: transports may reuse the chunk's memory after push() returns.
    this.parts.push(chunk.slice(from, to));
    this.size += to - from;
  }

  private take(): Uint8Array {
    const parts = this.parts;
    let message: Uint8Array;
    if (parts.length === 1) {
      message = parts[0] as Uint8Array;
    } else {
      message = new Uint8Array(this.size);
      let offset = 0;
      for (const part of parts) {
        message.set(part, offset);
        offset += part.length;
      }
    }
    this.parts = [];
    this.size = 0;
    return message;
  }
}
