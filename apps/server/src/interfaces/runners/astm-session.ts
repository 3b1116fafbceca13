import { AstmLink } from '@hms/hl7';
import type { AstmLinkAction } from '@hms/hl7';
import type { AstmStored } from '../astm-ingest.js';
import { applyAstm, storeAstm } from '../astm-ingest.js';
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
 * checksum is NAKed and the retransmission taken) and hands each message over at its L record
 * with that last frame's ACK held: the message is committed to the log first, then the frame
 * is ACKed, so a crash never loses a message the analyzer counts as sent. Results go to the lab
 * and host queries are answered after that. A transfer cut off before its L record (as after
 * six NAKs) is never handed over: nothing partial reaches the log or the lab.
 */
export function astmSession(ctx: RunnerContext, line: Line): void {
  const link = new AstmLink({
    role: 'computer',
    lenient: ctx.config.options.lenient ?? false,
    timers: timerOverrides,
    holdLastAck: true,
    ...(ctx.config.options.charset === undefined ? {} : { charset: ctx.config.options.charset }),
  });
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  // Order downloads waiting for the analyzer to take (or refuse) their last frame, by ref.
  const outcomes = new Map<string, (outcome: 'sent' | string) => void>();
  const detach = ctx.attachOrderLine?.({
    send: (text, ref) => {
      if (closed) return Promise.resolve('the line is closed');
      const done = new Promise<'sent' | string>((resolve) => outcomes.set(ref, resolve));
      run(link.send(text, ref));
      return done;
    },
  });
  line.onClose(() => {
    closed = true;
    clearTimeout(timer);
    detach?.();
    for (const resolve of outcomes.values()) resolve('the line closed before the analyzer took the message');
    outcomes.clear();
  });
  const handle = async (text: string, arrived: number) => {
    const now = ctx.clock.now();
    ctx.meter.received();
    let stored: AstmStored;
    try {
      stored = await storeAstm(ctx.db, ctx.config, text, now);
    } catch (error) {
      // Not kept: the frame is NAKed and the analyzer sends it again (or gives up and keeps it).
      if (!closed) run(link.release(false));
      ctx.live.error(`an ASTM message could not be stored, its last frame NAKed: ${error instanceof Error ? error.message : String(error)}`);
      ctx.log.warn({ err: error, interfaceId: ctx.config.id }, 'an ASTM message could not be stored; its last frame was NAKed');
      return;
    }
    if (!closed) {
      run(link.release(true));
      ctx.meter.acknowledged((performance.now() - arrived) / 1000);
    }
    ctx.live.message(now);
    try {
      const replies = await applyAstm(ctx.db, ctx.auditKey, ctx.config, stored, now);
      for (const reply of replies) {
        if (closed) break;
        run(link.send(reply.text, reply.ref));
        ctx.meter.sent();
      }
    } catch (error) {
      ctx.live.error(`a stored ASTM message could not be applied: ${error instanceof Error ? error.message : String(error)}`);
      ctx.log.warn({ err: error, interfaceId: ctx.config.id }, 'a stored ASTM message could not be applied');
    }
  };
  const settle = (ref: string | undefined, outcome: 'sent' | string) => {
    const resolve = ref === undefined ? undefined : outcomes.get(ref);
    if (resolve === undefined) return;
    outcomes.delete(ref!);
    resolve(outcome);
  };
  const run = (actions: readonly AstmLinkAction[]) => {
    for (const action of actions) {
      switch (action.type) {
        case 'write':
          line.write(action.bytes);
          break;
        case 'message': {
          // With holdLastAck every message comes held, at its L record; one at a time, in order.
          const text = action.text;
          const arrived = performance.now();
          chain = chain.then(() => handle(text, arrived));
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
          settle(action.ref, action.reason);
          break;
        case 'warning':
          ctx.live.error(`${action.warning}: ${action.detail}`.slice(0, 200));
          break;
        case 'sent':
          settle(action.ref, 'sent');
          break;
        case 'state':
          break;
      }
    }
  };
  line.onData((chunk) => { if (!closed) run(link.receive(new Uint8Array(chunk))); });
}
