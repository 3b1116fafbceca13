import { MllpDecoder } from '@hms/hl7';
import { ingestHl7Batch, isHl7Batch } from '../hl7-batch-ingest.js';
import { Hl7Ingest } from '../hl7-ingest.js';
import { ResultApplier } from '../result-applier.js';
import type { RunnerContext } from './runner.js';
import type { Line } from './transports.js';

const MAX_MESSAGE_BYTES = 16 << 20;

/** One group committer (and result applier) per running interface, shared by all its lines. */
const ingests = new WeakMap<RunnerContext, Hl7Ingest>();

function ingestOf(ctx: RunnerContext): Hl7Ingest {
  let ingest = ingests.get(ctx);
  if (ingest === undefined) {
    const applier = new ResultApplier(ctx);
    ingest = new Hl7Ingest(ctx.db, ctx.config, (items) => applier.enqueue(items));
    ingests.set(ctx, ingest);
    // What a crash (or a failed apply) left committed but not yet entered on its specimens.
    void applier.sweep().catch((error: unknown) => ctx.log.warn({ err: error, interfaceId: ctx.config.id }, 'interfaces: could not look for mapped messages to apply'));
  }
  return ingest;
}

/**
 * HL7 over MLLP on one line: messages (and batches, FHS/BHS ... BTS/FTS) go to the interface's
 * group commit as they arrive, and the ACKs are written in the line's order, each only after
 * its message (and the ACK itself) is committed; a batch is answered once all its messages are.
 * Results are entered on the specimens after the ACK. A database failure sends no ACK and
 * drops the line: the sender keeps the message and sends it again.
 */
export function hl7Session(ctx: RunnerContext, line: Line): void {
  const entry = ingestOf(ctx).openLine();
  line.onClose(entry.close);
  const decoder = new MllpDecoder({ maxMessageBytes: MAX_MESSAGE_BYTES, onError: (error) => ctx.live.error(error.code) });
  let chain: Promise<void> = Promise.resolve();
  let broken = false;
  line.onData((chunk) => {
    for (const bytes of decoder.push(chunk)) {
      if (broken) return;
      const raw = new Uint8Array(bytes);
      const arrived = performance.now();
      const now = ctx.clock.now();
      const work = isHl7Batch(raw)
        ? ingestHl7Batch(entry.submit, ctx.config, raw, now)
        : entry.submit(raw, now).then((ingested) => ({ ack: ingested.ack, messages: 1 }));
      // Awaited in the chain below; this only keeps a rejection behind a broken line from going unhandled.
      work.catch(() => undefined);
      chain = chain.then(async () => {
        if (broken) return;
        try {
          const ingested = await work;
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
