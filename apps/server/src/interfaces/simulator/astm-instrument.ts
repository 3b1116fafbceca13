import { AstmLink } from '@hms/hl7';
import type { AstmLinkAction } from '@hms/hl7';

/** Where the instrument's bytes go and come from: a serial port or a socket. */
export interface InstrumentLine {
  write(bytes: Uint8Array): void;
  onData(handler: (chunk: Buffer) => void): void;
}

const STX = 0x02;

/**
 * An analyzer's side of ASTM E1381, for tests and for IT to try an interface: it bids, sends
 * a transcript frame by frame and honours ACK/NAK as the standard says. `corruptFrames` sends
 * that many frames with a wrong checksum first (each NAKed and sent again correctly);
 * `breakAfterFrames` sends that many frames clean and breaks every one after, so the sender
 * gives up mid-transfer after six tries (a cable going bad).
 */
export class AstmInstrument {
  private readonly link: AstmLink;
  private readonly line: InstrumentLine;
  private timer: NodeJS.Timeout | undefined;
  private corruptLeft: number;
  private readonly breakAfterFrames: number;
  private framesWritten = 0;
  private readonly outcomes = new Map<string, (result: 'sent' | string) => void>();
  readonly received: string[] = [];
  naks = 0;
  private stopped = false;

  constructor(line: InstrumentLine, options: { corruptFrames?: number; breakAfterFrames?: number; replyMs?: number } = {}) {
    this.line = line;
    this.corruptLeft = options.corruptFrames ?? 0;
    this.breakAfterFrames = options.breakAfterFrames ?? Number.POSITIVE_INFINITY;
    this.link = new AstmLink({ role: 'instrument', timers: { replyMs: options.replyMs ?? 5_000 } });
    line.onData((chunk) => {
      if (this.stopped) return;
      for (const byte of chunk) if (byte === 0x15) this.naks += 1;
      this.run(this.link.receive(new Uint8Array(chunk)));
    });
  }

  /** Sends one transfer; resolves 'sent' when the computer took it, else the failure reason. */
  send(text: string, ref: string): Promise<'sent' | string> {
    const done = new Promise<'sent' | string>((resolve) => this.outcomes.set(ref, resolve));
    this.run(this.link.send(text, ref));
    return done;
  }

  private run(actions: readonly AstmLinkAction[]): void {
    for (const action of actions) {
      switch (action.type) {
        case 'write': {
          let bytes = action.bytes;
          const broken = bytes[0] === STX && (this.framesWritten++ >= this.breakAfterFrames || this.corruptLeft > 0);
          if (broken) {
            this.corruptLeft -= 1;
            bytes = Uint8Array.from(bytes);
            // The first checksum digit, changed: the frame's text is intact but does not add up.
            const at = bytes.length - 4;
            bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
          }
          this.line.write(bytes);
          break;
        }
        case 'message':
          this.received.push(action.text);
          break;
        case 'timer':
          clearTimeout(this.timer);
          if (action.ms !== null) {
            const token = action.token;
            this.timer = setTimeout(() => this.run(this.link.timeout(token)), action.ms);
          }
          break;
        case 'sent':
          this.outcomes.get(action.ref ?? '')?.('sent');
          break;
        case 'failed':
          this.outcomes.get(action.ref ?? '')?.(action.reason);
          break;
        case 'state':
        case 'warning':
          break;
      }
    }
  }

  /** Lets go of the line: a later instrument object may use it. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
