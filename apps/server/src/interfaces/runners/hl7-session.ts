import { MllpDecoder } from '@hms/hl7';
import { ingestHl7Batch, isHl7Batch } from '../hl7-batch-ingest.js';
import { ingestHl7 } from '../hl7-ingest.js';
import type { RunnerContext } from './runner.js';
import type { Line } from './transports.js';

const MAX_MESSAGE_BYTES = 16 << 20;

/**
 * HL7 over MLLP on one line: messages (and batches, FHS/BHS ... BTS/FTS) are taken one at a
 * time, in order, and each ACK is written only after its message (and the ACK itself) is
 * committed; a batch is answered once all its messages are. A database failure sends
 * no ACK and drops the line: the sender keeps the message and sends it again.
 */
export function hl7Session(ctx: RunnerContext, line: Line): void {
  const decoder = new MllpDecoder({ maxMessageBytes: MAX_MESSAGE_BYTES, onError: (error) => ctx.live.error(error.code) });
  let chain: Promise<void> = Promise.resolve();
  let broken = false;
  line.onData((chunk) => {
    for (const bytes of decoder.push(chunk)) {
      const raw = new Uint8Array(bytes);
      const arrived = performance.now();
      chain = chain.then(async () => {
        if (broken) return;
        const now = ctx.clock.now();
        try {
          const batch = isHl7Batch(raw);
          const ingested = batch ? await ingestHl7Batch(ctx.db, ctx.auditKey, ctx.config, raw, now) : { ...(await ingestHl7(ctx.db, ctx.auditKey, ctx.config, raw, now)), messages: 1 };
          ctx.live.message(now);
          line.write(ingested.ack);
          ctx.meter.received(ingested.messages);
          ctx.meter.sent(ingested.messages);
          ctx.meter.acknowledged((performance.now() - arrived) / 1000);
        } catch (error) {
          broken = true;
          ctx.live.error(`not stored, no ACK sent: ${error instanceof Error ? error.message : String(error)}`);
          ctx.log.warn({ err: error, interfaceId: ctx.config.id }, 'an HL7 message could not be stored; the line is closed without an ACK');
          line.close();
        }
      });
    }
  });
}
