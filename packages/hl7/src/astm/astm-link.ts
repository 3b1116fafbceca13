import { Hl7Error } from '../errors.js';
import type { Charset } from '../internal/charset.js';
import { decodeBytes, latin1Bytes } from '../internal/charset.js';
import { ACK, ENQ, EOT, NAK } from '../internal/control-chars.js';
import type { AstmFrame, AstmToken } from './astm-frame-decoder.js';
import { AstmFrameDecoder, endsWithCr } from './astm-frame-decoder.js';
import { encodeAstmFrames } from './astm-frames.js';

/** The E1381 / LIS01-A2 link states. */
export const AstmLinkState = {
  /** Idle: either side may bid for the line. */
  Neutral: 'neutral',
  /** We sent ENQ and await ACK (go), NAK (busy) or ENQ (contention). */
  Establishing: 'establishing',
  /** We sent a frame and await ACK, NAK, or EOT (the receiver's interrupt request). */
  Sending: 'sending',
  /** We accepted the other side's ENQ; frames arrive until EOT. */
  Receiving: 'receiving',
  /** Backing off before bidding again (busy, contention, failed bid, honored interrupt); an ENQ from the other side is still answered. */
  Waiting: 'waiting',
} as const;
export type AstmLinkState = (typeof AstmLinkState)[keyof typeof AstmLinkState];

/** The computer (LIS/host) yields on contention; the instrument has priority. */
export type AstmLinkRole = 'computer' | 'instrument';

export interface AstmLinkTimers {
  /** Wait for the reply to ENQ or to a frame (E1381: 15 s). */
  readonly replyMs: number;
  /** Receiver's wait for the next frame or EOT (E1381: 30 s). */
  readonly receiveMs: number;
  /** Back-off after a busy NAK or a failed bid, before the next ENQ (E1381: 10 s). */
  readonly busyMs: number;
  /** Back-off after contention: the computer waits 20 s, the instrument 1 s. */
  readonly contentionMs: number;
  /** After honoring a receiver interrupt, before bidding again (15 s). */
  readonly interruptMs: number;
}

export interface AstmLinkOptions {
  readonly role: AstmLinkRole;
  /**
   * For instruments known to break the rules: accept frames with bad checksums, wrong frame
   * numbers, text over 240 bytes, or no CR before ETX (a CR is supplied), with a warning
   * instead of a NAK.
   */
  readonly lenient?: boolean;
  readonly timers?: Partial<AstmLinkTimers>;
  /** Transmissions of one frame before the message is abandoned (E1381: 6). */
  readonly maxFrameAttempts?: number;
  /** ENQ bids for one message before it is abandoned (timeouts and busy NAKs count). Default 6. */
  readonly maxEstablishAttempts?: number;
  /** Bytes <-> text. Default: UTF-8 when valid else Windows-1252 in, UTF-8 out. */
  readonly charset?: Charset;
  /** Stop sending when the receiver answers a frame with EOT (default true). */
  readonly honorInterrupts?: boolean;
  /** Passed to the frame encoder: `record` (default) or `whole`. */
  readonly split?: 'record' | 'whole';
  /**
   * Receiving: hand each message over when the frame with its L record arrives and hold that
   * frame's ACK until `release`, so a receiver that stores first acknowledges only what it has
   * kept (the sender counts a message sent once its last frame is ACKed). Default false: whole
   * transfers are handed over at EOT, after every frame was ACKed.
   */
  readonly holdLastAck?: boolean;
}

export type AstmSendFailure = 'reply-timeout' | 'nak-limit' | 'establish-limit' | 'reset';

export type AstmLinkWarning =
  | 'bad-checksum'
  | 'bad-frame-number'
  | 'duplicate-frame'
  | 'missing-cr'
  | 'frame-too-long'
  | 'broken-frame'
  | 'incomplete-discarded'
  | 'receive-timeout'
  | 'reply-timeout'
  | 'busy'
  | 'contention'
  | 'restarted'
  | 'interrupted';

/** What the link asks its driver to do, or tells it, in order. */
export type AstmLinkAction =
  /** Write these bytes to the line. */
  | { readonly type: 'write'; readonly bytes: Uint8Array }
  /**
   * A complete transfer arrived (ENQ ... EOT): its records, CR-separated, decoded. With
   * `holdLastAck`, one message (H ... L) whose last frame is not yet acknowledged (`held`):
   * answer with `release`.
   */
  | { readonly type: 'message'; readonly text: string; readonly held?: true }
  | { readonly type: 'state'; readonly state: AstmLinkState; readonly previous: AstmLinkState }
  /** (Re)arm the single timer for `ms`, or cancel it (`ms` null); call `timeout(token)` when it fires. */
  | { readonly type: 'timer'; readonly ms: number | null; readonly token: number }
  /** A queued message was accepted by the other side. */
  | { readonly type: 'sent'; readonly ref: string | undefined }
  /** A queued message was given up on. */
  | { readonly type: 'failed'; readonly ref: string | undefined; readonly reason: AstmSendFailure }
  /** Something went wrong on the line but the link coped; for logs and counters. */
  | { readonly type: 'warning'; readonly warning: AstmLinkWarning; readonly detail: string };

interface Outgoing {
  readonly ref: string | undefined;
  readonly frames: readonly Uint8Array[];
}

const DEFAULT_TIMERS: Record<AstmLinkRole, AstmLinkTimers> = {
  computer: { replyMs: 15_000, receiveMs: 30_000, busyMs: 10_000, contentionMs: 20_000, interruptMs: 15_000 },
  instrument: { replyMs: 15_000, receiveMs: 30_000, busyMs: 10_000, contentionMs: 1_000, interruptMs: 15_000 },
};

const BYTE_ACK = Uint8Array.of(ACK);
const BYTE_NAK = Uint8Array.of(NAK);
const BYTE_ENQ = Uint8Array.of(ENQ);
const BYTE_EOT = Uint8Array.of(EOT);

/** Whether the received records end with an L (terminator) record: a message is complete. */
function endsWithTerminator(text: string): boolean {
  const start = text.lastIndexOf('\r', text.length - 2) + 1;
  // The field delimiter is the H record's second character; the L record follows it.
  const delimiter = text.startsWith('H') ? text[1] : '|';
  return text[start] === 'L' && text[start + 1] === delimiter;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new Hl7Error('BAD_OPTION', `${name} must be a positive integer.`, { [name]: v });
  return v;
}

/**
 * The E1381 / LIS01-A2 data link, both directions, free of any transport: feed it received
 * bytes (`receive`), timer expiries (`timeout`) and messages to send (`send`); every call
 * returns the actions to carry out, in order. It keeps one timer, which it arms and cancels
 * through `timer` actions carrying a token, so a stale expiry is recognised and ignored.
 */
export class AstmLink {
  readonly role: AstmLinkRole;
  private readonly lenient: boolean;
  private readonly timers: AstmLinkTimers;
  private readonly maxFrameAttempts: number;
  private readonly maxEstablishAttempts: number;
  private readonly charset: Charset | undefined;
  private readonly honorInterrupts: boolean;
  private readonly split: 'record' | 'whole';
  private readonly holdLastAck: boolean;
  private readonly decoder = new AstmFrameDecoder();

  private current: AstmLinkState = AstmLinkState.Neutral;
  private token = 0;
  private timerArmed = false;
  private busy = false;
  private interruptRequested = false;

  private readonly queue: Outgoing[] = [];
  private frameIndex = 0;
  private frameAttempts = 0;
  private establishAttempts = 0;

  private expected = 1;
  private lastAccepted = -1;
  private committed = '';
  private pending = '';
  /** The frame whose ACK waits for `release`, and the received text as it was before it. */
  private held: { number: number; before: string } | undefined;

  constructor(options: AstmLinkOptions) {
    if (options?.role !== 'computer' && options?.role !== 'instrument') {
      throw new Hl7Error('BAD_OPTION', 'AstmLink needs role "computer" or "instrument".');
    }
    this.role = options.role;
    this.lenient = options.lenient ?? false;
    const timers = { ...DEFAULT_TIMERS[options.role], ...options.timers };
    for (const [name, ms] of Object.entries(timers)) {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Hl7Error('BAD_OPTION', `Timer ${name} must be a non-negative number of milliseconds.`, { name, ms });
    }
    this.timers = timers;
    this.maxFrameAttempts = positiveInteger(options.maxFrameAttempts, 6, 'maxFrameAttempts');
    this.maxEstablishAttempts = positiveInteger(options.maxEstablishAttempts, 6, 'maxEstablishAttempts');
    this.charset = options.charset;
    this.honorInterrupts = options.honorInterrupts ?? true;
    this.split = options.split ?? 'record';
    this.holdLastAck = options.holdLastAck ?? false;
  }

  get state(): AstmLinkState {
    return this.current;
  }

  /** Messages queued or in flight. */
  get pendingMessages(): number {
    return this.queue.length;
  }

  /** Whether a timer is armed (every state but neutral has one). */
  get timerRunning(): boolean {
    return this.timerArmed;
  }

  /** While busy, an ENQ from the other side is answered NAK (E1381: receiver not ready). */
  setBusy(busy: boolean): void {
    this.busy = busy;
  }

  /** Ask the sender to stop: the next accepted frame is answered EOT instead of ACK. */
  requestInterrupt(): void {
    this.interruptRequested = true;
  }

  /**
   * Queues `text` (ASTM records) for sending; bids for the line at once when it is idle.
   * Throws `Hl7Error` ASTM_BAD_TEXT if the text holds bytes frames cannot carry.
   */
  send(text: string, ref?: string): AstmLinkAction[] {
    const frames = encodeAstmFrames(text, { charset: this.charset ?? 'utf-8', split: this.split });
    const out: AstmLinkAction[] = [];
    if (frames.length === 0) {
      out.push({ type: 'sent', ref });
      return out;
    }
    this.queue.push({ ref, frames });
    if (this.current === AstmLinkState.Neutral) this.establish(out);
    return out;
  }

  /**
   * Answers the held last frame of a message (`holdLastAck`): kept -> ACK (the sender goes on,
   * usually with EOT); not kept -> NAK, the frame is not taken and the sender sends it again,
   * so the message is handed over again. Nothing is written if the transfer ended meanwhile
   * (the sender timed out, restarted or the line was reset): it will send the message again.
   */
  release(kept: boolean): AstmLinkAction[] {
    const out: AstmLinkAction[] = [];
    const held = this.held;
    if (held === undefined || this.current !== AstmLinkState.Receiving) return out;
    this.held = undefined;
    if (kept) {
      this.committed = '';
      this.accept(held.number, out);
    } else {
      this.committed = held.before;
      this.write(out, BYTE_NAK);
      this.arm(out, this.timers.receiveMs);
    }
    return out;
  }

  /** Feeds bytes read from the line. */
  receive(bytes: Uint8Array): AstmLinkAction[] {
    const out: AstmLinkAction[] = [];
    for (const token of this.decoder.push(bytes)) this.onToken(token, out);
    return out;
  }

  /** The timer armed with `token` fired. Stale tokens are ignored. */
  timeout(token: number): AstmLinkAction[] {
    const out: AstmLinkAction[] = [];
    if (token !== this.token || !this.timerArmed) return out;
    this.timerArmed = false;
    switch (this.current) {
      case AstmLinkState.Neutral:
        break;
      case AstmLinkState.Establishing:
        this.warn(out, 'reply-timeout', 'No reply to ENQ.');
        this.write(out, BYTE_EOT);
        this.bidFailed(out);
        break;
      case AstmLinkState.Sending:
        this.warn(out, 'reply-timeout', `No reply to frame ${this.frameIndex + 1}.`);
        this.write(out, BYTE_EOT);
        this.abandon(out, 'reply-timeout');
        break;
      case AstmLinkState.Receiving:
        this.warn(out, 'receive-timeout', 'No frame or EOT in time; the partial transfer is discarded.');
        this.clearReceive();
        this.toNeutral(out);
        break;
      case AstmLinkState.Waiting:
        if (this.queue.length > 0) this.establish(out);
        else this.toNeutral(out);
        break;
    }
    return out;
  }

  /**
   * Back to neutral, e.g. after the transport reconnected: a partial transfer is dropped,
   * the message in flight goes back to the head of the queue, and bidding starts again.
   */
  reset(): AstmLinkAction[] {
    const out: AstmLinkAction[] = [];
    this.decoder.reset();
    this.clearReceive();
    this.frameIndex = 0;
    this.frameAttempts = 0;
    this.establishAttempts = 0;
    this.toNeutral(out);
    return out;
  }

  private onToken(token: AstmToken, out: AstmLinkAction[]): void {
    switch (token.kind) {
      case 'control':
        this.onControl(token.byte, out);
        break;
      case 'frame':
        this.onFrame(token.frame, out);
        break;
      case 'broken':
        this.onBroken(token.reason, out);
        break;
    }
  }

  private onControl(byte: number, out: AstmLinkAction[]): void {
    switch (this.current) {
      case AstmLinkState.Neutral:
      case AstmLinkState.Waiting:
        if (byte === ENQ) this.answerEnq(out);
        break;
      case AstmLinkState.Establishing:
        if (byte === ACK) {
          this.frameIndex = 0;
          this.frameAttempts = 0;
          this.setState(out, AstmLinkState.Sending);
          this.sendFrame(out);
        } else if (byte === NAK) {
          this.warn(out, 'busy', 'The receiver answered ENQ with NAK (busy).');
          this.bidFailed(out);
        } else if (byte === ENQ) {
          this.warn(out, 'contention', this.role === 'computer' ? 'Both sides bid; the computer yields.' : 'Both sides bid; the instrument bids again shortly.');
          // E1381 contention: the instrument has priority. The computer stops and answers the
          // instrument's next ENQ; the instrument bids again after its short wait.
          this.backOff(out, this.timers.contentionMs);
        }
        // Anything else is ignored while awaiting the reply to ENQ.
        break;
      case AstmLinkState.Sending:
        if (byte === ACK) this.frameAccepted(out);
        else if (byte === EOT) this.onInterrupt(out);
        else this.frameRejected(out); // NAK, or any other reply, means resend
        break;
      case AstmLinkState.Receiving:
        if (byte === EOT) {
          this.finishReceive(out);
        } else if (byte === ENQ) {
          this.warn(out, 'restarted', 'ENQ during a transfer: the sender started over.');
          this.clearReceive();
          this.write(out, BYTE_ACK);
          this.arm(out, this.timers.receiveMs);
        }
        break;
    }
  }

  private answerEnq(out: AstmLinkAction[]): void {
    if (this.busy) {
      this.write(out, BYTE_NAK);
      return;
    }
    this.clearReceive();
    this.write(out, BYTE_ACK);
    this.setState(out, AstmLinkState.Receiving);
    this.arm(out, this.timers.receiveMs);
  }

  private onFrame(frame: AstmFrame, out: AstmLinkAction[]): void {
    if (this.current === AstmLinkState.Sending) {
      this.frameRejected(out);
      return;
    }
    if (this.current !== AstmLinkState.Receiving) return;
    // The sender waits for the held frame's answer; anything it sends meanwhile is out of turn.
    if (this.held !== undefined) return;
    const previous = (this.expected + 7) % 8;
    if (frame.checksumOk && frame.number === previous && frame.number === this.lastAccepted) {
      // The sender missed our ACK and sent the frame again: acknowledge, do not keep twice.
      this.warn(out, 'duplicate-frame', `Frame ${frame.number} received again.`);
      this.write(out, BYTE_ACK);
      this.arm(out, this.timers.receiveMs);
      return;
    }
    const problems: [AstmLinkWarning, string][] = [];
    if (!frame.checksumOk) problems.push(['bad-checksum', `Frame ${frame.number}: checksum ${frame.receivedChecksum}, expected ${frame.expectedChecksum}.`]);
    if (frame.number !== this.expected) problems.push(['bad-frame-number', `Frame number ${frame.number}, expected ${this.expected}.`]);
    if (frame.tooLong) problems.push(['frame-too-long', `Frame ${frame.number} carries ${frame.text.length} bytes of text.`]);
    if (frame.final && !endsWithCr(frame)) problems.push(['missing-cr', `Frame ${frame.number} has no CR before ETX.`]);
    for (const [warning, detail] of problems) this.warn(out, warning, this.lenient ? `${detail} Accepted (lenient).` : `${detail} NAK.`);
    if (problems.length > 0 && !this.lenient) {
      this.write(out, BYTE_NAK);
      this.arm(out, this.timers.receiveMs);
      return;
    }
    const before = this.committed;
    this.pending += frame.text;
    if (frame.final) {
      if (!endsWithCr(frame)) this.pending += '\r';
      this.committed += this.pending;
      this.pending = '';
      if (this.holdLastAck && endsWithTerminator(this.committed)) {
        this.held = { number: frame.number, before };
        out.push({ type: 'message', text: this.decoded(this.committed), held: true });
        this.arm(out, this.timers.receiveMs);
        return;
      }
    }
    this.accept(frame.number, out);
  }

  /** The frame is taken: the next number is expected, and the sender hears ACK (or EOT, to interrupt). */
  private accept(number: number, out: AstmLinkAction[]): void {
    this.lastAccepted = number;
    this.expected = number >= 0 ? (number + 1) % 8 : (this.expected + 1) % 8;
    if (this.interruptRequested) {
      this.interruptRequested = false;
      this.write(out, BYTE_EOT);
    } else {
      this.write(out, BYTE_ACK);
    }
    this.arm(out, this.timers.receiveMs);
  }

  private onBroken(reason: 'interrupted' | 'too-long', out: AstmLinkAction[]): void {
    this.warn(out, 'broken-frame', reason === 'too-long' ? 'A frame outgrew the decoder limit.' : 'A frame was cut short.');
    if (this.current === AstmLinkState.Receiving && reason === 'too-long') {
      this.write(out, BYTE_NAK);
      this.arm(out, this.timers.receiveMs);
    }
  }

  private finishReceive(out: AstmLinkAction[]): void {
    if (this.pending !== '') this.warn(out, 'incomplete-discarded', 'EOT arrived in the middle of a message; its partial record was dropped.');
    const text = this.committed;
    const held = this.held !== undefined;
    this.clearReceive();
    if (this.holdLastAck) {
      // Complete messages were handed over at their L record; what is left never got one.
      if (held) this.warn(out, 'incomplete-discarded', 'EOT before the last frame was answered: the sender will send the message again.');
      else if (text !== '') this.warn(out, 'incomplete-discarded', 'EOT before the L record: the records since the last complete message were dropped.');
    } else if (text !== '') {
      out.push({ type: 'message', text: this.decoded(text) });
    }
    this.toNeutral(out);
  }

  private decoded(text: string): string {
    return decodeBytes(latin1Bytes(text), this.charset ?? 'ascii');
  }

  private clearReceive(): void {
    this.held = undefined;
    this.committed = '';
    this.pending = '';
    this.expected = 1;
    this.lastAccepted = -1;
  }

  private establish(out: AstmLinkAction[]): void {
    this.establishAttempts++;
    this.write(out, BYTE_ENQ);
    this.setState(out, AstmLinkState.Establishing);
    this.arm(out, this.timers.replyMs);
  }

  /** The bid failed (timeout or busy): back off and retry, or give up on the message. */
  private bidFailed(out: AstmLinkAction[]): void {
    if (this.establishAttempts >= this.maxEstablishAttempts) {
      this.fail(out, 'establish-limit');
      this.toNeutral(out);
      return;
    }
    this.backOff(out, this.timers.busyMs);
  }

  private backOff(out: AstmLinkAction[], ms: number): void {
    this.setState(out, AstmLinkState.Waiting);
    this.arm(out, ms);
  }

  private sendFrame(out: AstmLinkAction[]): void {
    const message = this.queue[0] as Outgoing;
    this.frameAttempts++;
    this.write(out, message.frames[this.frameIndex] as Uint8Array);
    this.arm(out, this.timers.replyMs);
  }

  private frameAccepted(out: AstmLinkAction[]): void {
    const message = this.queue[0] as Outgoing;
    this.frameIndex++;
    this.frameAttempts = 0;
    if (this.frameIndex < message.frames.length) {
      this.sendFrame(out);
      return;
    }
    this.write(out, BYTE_EOT);
    this.queue.shift();
    this.establishAttempts = 0;
    out.push({ type: 'sent', ref: message.ref });
    this.toNeutral(out);
  }

  private frameRejected(out: AstmLinkAction[]): void {
    if (this.frameAttempts >= this.maxFrameAttempts) {
      this.write(out, BYTE_EOT);
      this.abandon(out, 'nak-limit');
      return;
    }
    this.sendFrame(out);
  }

  private onInterrupt(out: AstmLinkAction[]): void {
    // EOT in reply to a frame: the frame was accepted, and the receiver wants the line.
    if (!this.honorInterrupts) {
      this.frameAccepted(out);
      return;
    }
    const message = this.queue[0] as Outgoing;
    if (this.frameIndex + 1 >= message.frames.length) {
      this.frameAccepted(out);
      return;
    }
    this.warn(out, 'interrupted', 'The receiver asked to stop; the message will be sent again in full.');
    this.write(out, BYTE_EOT);
    this.frameIndex = 0;
    this.frameAttempts = 0;
    this.establishAttempts = 0;
    this.backOff(out, this.timers.interruptMs);
  }

  private abandon(out: AstmLinkAction[], reason: AstmSendFailure): void {
    this.fail(out, reason);
    this.toNeutral(out);
  }

  private fail(out: AstmLinkAction[], reason: AstmSendFailure): void {
    const message = this.queue.shift();
    this.frameIndex = 0;
    this.frameAttempts = 0;
    this.establishAttempts = 0;
    if (message !== undefined) out.push({ type: 'failed', ref: message.ref, reason });
  }

  /** Neutral, and straight into the next bid if anything is queued. */
  private toNeutral(out: AstmLinkAction[]): void {
    this.cancel(out);
    this.setState(out, AstmLinkState.Neutral);
    if (this.queue.length > 0) this.establish(out);
  }

  private setState(out: AstmLinkAction[], next: AstmLinkState): void {
    if (next === this.current) return;
    out.push({ type: 'state', state: next, previous: this.current });
    this.current = next;
  }

  private arm(out: AstmLinkAction[], ms: number): void {
    this.token++;
    this.timerArmed = true;
    out.push({ type: 'timer', ms, token: this.token });
  }

  private cancel(out: AstmLinkAction[]): void {
    if (!this.timerArmed) return;
    this.token++;
    this.timerArmed = false;
    out.push({ type: 'timer', ms: null, token: this.token });
  }

  private write(out: AstmLinkAction[], bytes: Uint8Array): void {
    out.push({ type: 'write', bytes });
  }

  private warn(out: AstmLinkAction[], warning: AstmLinkWarning, detail: string): void {
    out.push({ type: 'warning', warning, detail });
  }
}
