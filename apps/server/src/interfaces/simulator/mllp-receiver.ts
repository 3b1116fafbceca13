import { MllpDecoder, buildAck, encodeMllp, parseHl7 } from '@hms/hl7';
import type { AckCode } from '@hms/hl7';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** How the simulated receiver answers the next message: an ACK code, or silence (the sender's ACK timeout). */
export type ReceiverAnswer = AckCode | 'silent';

/**
 * An analyzer's or middleware's order port: listens for MLLP, keeps every message it gets and
 * answers each with an ACK built from it (AA unless told otherwise). `answers` is consumed one
 * per message (then AA): 'silent' sends nothing, so the sender times out and retries.
 */
export class MllpReceiver {
  readonly received: string[] = [];
  readonly answers: ReceiverAnswer[];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(server: Server, answers: ReceiverAnswer[]) {
    this.server = server;
    this.answers = answers;
  }

  static listen(port: number, answers: ReceiverAnswer[] = []): Promise<MllpReceiver> {
    return new Promise((resolve, reject) => {
      let receiver: MllpReceiver | undefined = undefined;
      const server = createServer((socket) => receiver!.accept(socket));
      receiver = new MllpReceiver(server, answers);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(receiver));
    });
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const decoder = new MllpDecoder();
    socket.on('data', (chunk) => {
      for (const bytes of decoder.push(chunk)) {
        const text = Buffer.from(bytes).toString('utf8');
        this.received.push(text);
        const answer = this.answers.shift() ?? 'AA';
        if (answer === 'silent') continue;
        const ack = buildAck(parseHl7(text), answer, answer === 'AA' ? { now: new Date() } : { now: new Date(), reason: 'unknown test code', errorCondition: '207' });
        socket.write(encodeMllp(ack.toString()));
      }
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
