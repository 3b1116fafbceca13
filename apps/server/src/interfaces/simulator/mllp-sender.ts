import { MllpDecoder, encodeMllp } from '@hms/hl7';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';

/** An analyzer's side of an MLLP connection: sends a message and waits for its ACK. */
export class MllpSender {
  private readonly socket: Socket;
  private readonly decoder = new MllpDecoder();
  private readonly waiting: ((ack: string) => void)[] = [];
  private readonly acks: string[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk) => {
      for (const bytes of this.decoder.push(chunk)) {
        const ack = Buffer.from(bytes).toString('utf8');
        const next = this.waiting.shift();
        if (next === undefined) this.acks.push(ack);
        else next(ack);
      }
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<MllpSender> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ port, host }, () => resolve(new MllpSender(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes the framed message; resolves with the ACK text (segments CR-separated). */
  send(text: string, timeoutMs = 10_000): Promise<string> {
    const reply = new Promise<string>((resolve, reject) => {
      const queued = this.acks.shift();
      if (queued !== undefined) {
        resolve(queued);
        return;
      }
      const timer = setTimeout(() => reject(new Error('no ACK in time')), timeoutMs);
      this.waiting.push((ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    this.socket.write(encodeMllp(text));
    return reply;
  }

  /** Raw bytes, framed as given (for broken frames and non-HL7). */
  writeRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}
