import { AstmLink } from '@hms/hl7';
import type { AstmLinkAction } from '@hms/hl7';
import { ingestAstm } from '../astm-ingest.js';
import type { RunnerContext } from './runner.js';
import type { Line } from './transports.js';

/** Test hooks: shorter E1381 timers so a test need not wait 15 s for a timeout. */
export interface AstmTimerOverrides {
  replyMs?: number;
  receiveMs?: number;
  busyMs?: number;
}

let timerOverrides: AstmTimerOverrides = {};
/** @internal for tests and the simulator only. */
export function setAstmTimersForTests(overrides: AstmTimerOverrides): void {
  timerOverrides = overrides;
}

/**
 * ASTM E1381 on one line, the server as the computer: AstmLink checks every frame (a bad
 * checksum is NAKed and the retransmission taken), delivers a whole transfer at EOT, and it is
 * stored then; host queries are answered on the same line. A transfer cut off (no L record,
 * as after six NAKs) is not stored: nothing partial reaches the log or the lab.
 */
export function astmSession(ctx: RunnerContext, line: Line): void {
  const link = new AstmLink({
    role: 'computer',
    lenient: ctx.config.options.lenient ?? false,
    timers: timerOverrides,
    ...(ctx.config.options.charset === undefined ? {} : { charset: ctx.config.options.charset }),
  });
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  line.onClose(() => {
    closed = true;
    clearTimeout(timer);
  });
  const run = (actions: readonly AstmLinkAction[]) => {
    for (const action of actions) {
      switch (action.type) {
        case 'write':
          line.write(action.bytes);
          break;
        case 'message': {
          const text = action.text;
          // Busy while it is stored: a next transfer's ENQ is answered NAK (busy) until then.
          link.setBusy(true);
          chain = chain.then(async () => {
            const now = ctx.clock.now();
            try {
              const result = await ingestAstm(ctx.db, ctx.auditKey, ctx.config, text, now);
              ctx.live.message(now);
              if (result.dropped !== undefined) ctx.live.error(result.dropped);
              for (const reply of result.replies) if (!closed) run(link.send(reply.text, reply.ref));
            } catch (error) {
              ctx.live.error(`an ASTM transfer could not be stored: ${error instanceof Error ? error.message : String(error)}`);
              ctx.log.warn({ err: error, interfaceId: ctx.config.id }, 'an ASTM transfer could not be stored');
            } finally {
              link.setBusy(false);
            }
          });
          break;
        }
        case 'timer':
          clearTimeout(timer);
          if (action.ms !== null && !closed) {
            const token = action.token;
            timer = setTimeout(() => run(link.timeout(token)), action.ms);
          }
          break;
        case 'failed':
          ctx.live.error(`an outgoing ASTM message failed: ${action.reason}`);
          break;
        case 'warning':
          ctx.live.error(`${action.warning}: ${action.detail}`.slice(0, 200));
          break;
        case 'sent':
        case 'state':
          break;
      }
    }
  };
  line.onData((chunk) => { if (!closed) run(link.receive(new Uint8Array(chunk))); });
}
