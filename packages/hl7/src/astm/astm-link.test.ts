import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, runs } from '../__fixtures__/arbitraries.js';
import { ASTM_FIXTURES } from '../__fixtures__/astm-instruments.js';
import { WIRE_FIXTURES } from '../__fixtures__/astm-wire.js';
import { encodeText } from '../internal/charset.js';
import { encodeAstmFrames } from './astm-frames.js';
import type { AstmLinkAction, AstmLinkOptions, AstmLinkState } from './astm-link.js';
import { AstmLink } from './astm-link.js';
import { parseAstm } from './astm-message.js';

const ENQ = 0x05;
const ACK = 0x06;
const NAK = 0x15;
const EOT = 0x04;
const b = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

/** A test driver: records what the link asks for and keeps its one timer. */
class Harness {
  readonly link: AstmLink;
  readonly written: Uint8Array[] = [];
  readonly messages: string[] = [];
  /** The messages handed over with their last frame's ACK held (`holdLastAck`). */
  readonly held: string[] = [];
  readonly sent: (string | undefined)[] = [];
  readonly failed: [string | undefined, string][] = [];
  readonly warnings: string[] = [];
  readonly states: AstmLinkState[] = [];
  timer: { ms: number; token: number } | undefined;

  constructor(options: AstmLinkOptions) {
    this.link = new AstmLink(options);
  }

  apply(actions: AstmLinkAction[]): this {
    for (const a of actions) {
      switch (a.type) {
        case 'write':
          this.written.push(a.bytes);
          break;
        case 'message':
          (a.held === true ? this.held : this.messages).push(a.text);
          break;
        case 'state':
          this.states.push(a.state);
          break;
        case 'timer':
          this.timer = a.ms === null ? undefined : { ms: a.ms, token: a.token };
          break;
        case 'sent':
          this.sent.push(a.ref);
          break;
        case 'failed':
          this.failed.push([a.ref, a.reason]);
          break;
        case 'warning':
          this.warnings.push(a.warning);
          break;
      }
    }
    return this;
  }

  receive(...chunks: Uint8Array[]): this {
    for (const c of chunks) this.apply(this.link.receive(c));
    return this;
  }

  release(kept: boolean): this {
    return this.apply(this.link.release(kept));
  }

  send(text: string, ref?: string): this {
    return this.apply(this.link.send(text, ref));
  }

  fire(): this {
    const t = this.timer;
    if (t === undefined) throw new Error('no timer armed');
    // A timer that fired is spent; the link re-arms through its actions if it needs one.
    this.timer = undefined;
    return this.apply(this.link.timeout(t.token));
  }

  /** Bytes written since the last call, flattened. */
  take(): number[] {
    const out = this.written.flatMap((w) => [...w]);
    this.written.length = 0;
    return out;
  }
}

const TEXT = 'H|\\^&|||SIM\rR|1|^^^GLU|5.1\rL|1|N\r';
const FRAMES = encodeAstmFrames(TEXT);

function corrupt(frame: Uint8Array): Uint8Array {
  const copy = frame.slice();
  copy[3] = (copy[3] as number) ^ 0x01;
  return copy;
}

describe('AstmLink receiving with holdLastAck', () => {
  it('hands a message over at the frame with its L record and ACKs that frame only when released', () => {
    const h = new Harness({ role: 'computer', holdLastAck: true });
    h.receive(b(ENQ), FRAMES[0] as Uint8Array, FRAMES[1] as Uint8Array);
    expect(h.take()).toEqual([ACK, ACK, ACK]);
    h.receive(FRAMES[2] as Uint8Array);
    // Not acknowledged yet: the sender does not count the message sent until it is kept.
    expect(h.take()).toEqual([]);
    expect(h.held).toEqual([TEXT]);
    expect(h.timer?.ms).toBe(30_000);
    h.release(true);
    expect(h.take()).toEqual([ACK]);
    h.receive(b(EOT));
    expect(h.messages).toEqual([]);
    expect(h.held).toEqual([TEXT]);
    expect(h.warnings).toEqual([]);
    expect(h.link.state).toBe('neutral');
  });

  it('NAKs the held frame when the message was not kept, and hands it over again on the retransmission', () => {
    const h = new Harness({ role: 'computer', holdLastAck: true });
    h.receive(b(ENQ), ...FRAMES).take();
    h.release(false);
    expect(h.take()).toEqual([NAK]);
    h.receive(FRAMES[2] as Uint8Array);
    expect(h.take()).toEqual([]);
    expect(h.held).toEqual([TEXT, TEXT]);
    h.release(true).receive(b(EOT));
    expect(h.take()).toEqual([ACK]);
    expect(h.link.state).toBe('neutral');
  });

  it('hands over each message of a transfer on its own', () => {
    const second = 'H|\\^&|||SIM\rR|1|^^^NA|140\rL|1|N\r';
    const frames = encodeAstmFrames(TEXT + second);
    const h = new Harness({ role: 'computer', holdLastAck: true });
    h.receive(b(ENQ), ...frames.slice(0, 3)).release(true).receive(...frames.slice(3)).release(true).receive(b(EOT));
    expect(h.take()).toEqual([ACK, ACK, ACK, ACK, ACK, ACK, ACK]);
    expect(h.held).toEqual([TEXT, second]);
  });

  it('drops the held message if the sender gives up first (EOT), and a release then writes nothing', () => {
    const h = new Harness({ role: 'computer', holdLastAck: true });
    h.receive(b(ENQ), ...FRAMES).take();
    h.receive(b(EOT));
    expect(h.warnings).toContain('incomplete-discarded');
    expect(h.link.state).toBe('neutral');
    h.release(true);
    expect(h.take()).toEqual([]);
  });

  it('hands nothing over for a transfer that ends before its L record', () => {
    const h = new Harness({ role: 'computer', holdLastAck: true });
    h.receive(b(ENQ), FRAMES[0] as Uint8Array, FRAMES[1] as Uint8Array, b(EOT));
    expect(h.held).toEqual([]);
    expect(h.messages).toEqual([]);
    expect(h.warnings).toContain('incomplete-discarded');
  });
});

describe('AstmLink receiving', () => {
  it('ACKs ENQ and each frame, emits the message at EOT, returns to neutral', () => {
    const h = new Harness({ role: 'computer' });
    h.receive(b(ENQ));
    expect(h.take()).toEqual([ACK]);
    expect(h.link.state).toBe('receiving');
    expect(h.timer?.ms).toBe(30_000);
    for (const f of FRAMES) {
      h.receive(f);
      expect(h.take()).toEqual([ACK]);
    }
    h.receive(b(EOT));
    expect(h.messages).toEqual([TEXT]);
    expect(h.link.state).toBe('neutral');
    expect(h.timer).toBeUndefined();
    expect(h.states).toEqual(['receiving', 'neutral']);
  });

  it('NAKs a checksum error and takes the retransmission', () => {
    const h = new Harness({ role: 'computer' });
    h.receive(b(ENQ), FRAMES[0] as Uint8Array).take();
    h.receive(corrupt(FRAMES[1] as Uint8Array));
    expect(h.take()).toEqual([NAK]);
    expect(h.warnings).toContain('bad-checksum');
    h.receive(FRAMES[1] as Uint8Array, FRAMES[2] as Uint8Array, b(EOT));
    expect(h.take()).toEqual([ACK, ACK]);
    expect(h.messages).toEqual([TEXT]);
  });

  it('ACKs a repeated frame without keeping it twice', () => {
    const h = new Harness({ role: 'computer' });
    h.receive(b(ENQ), FRAMES[0] as Uint8Array, FRAMES[0] as Uint8Array, FRAMES[1] as Uint8Array, FRAMES[2] as Uint8Array, b(EOT));
    expect(h.take()).toEqual([ACK, ACK, ACK, ACK, ACK]);
    expect(h.warnings).toContain('duplicate-frame');
    expect(h.messages).toEqual([TEXT]);
  });

  it('NAKs a frame out of sequence unless lenient', () => {
    const strict = new Harness({ role: 'computer' });
    strict.receive(b(ENQ), FRAMES[1] as Uint8Array);
    expect(strict.take()).toEqual([ACK, NAK]);
    const lenient = new Harness({ role: 'computer', lenient: true });
    lenient.receive(b(ENQ), FRAMES[1] as Uint8Array, FRAMES[2] as Uint8Array, b(EOT));
    expect(lenient.take()).toEqual([ACK, ACK, ACK]);
    expect(lenient.warnings).toContain('bad-frame-number');
    expect(lenient.messages).toEqual(['R|1|^^^GLU|5.1\rL|1|N\r']);
  });

  it('takes bad checksums and frames without CR before ETX only when lenient', () => {
    // An instrument that sends "STX 1 H|... ETX" (no CR) and a wrong checksum.
    const noCr = concatBytes([b(0x02, 0x31), encodeText('H|\\^&|||QUIRKY', 'latin1'), b(0x03, 0x30, 0x30, 0x0d, 0x0a)]);
    const strict = new Harness({ role: 'computer' });
    strict.receive(b(ENQ), noCr);
    expect(strict.take()).toEqual([ACK, NAK]);
    expect(strict.warnings).toEqual(expect.arrayContaining(['bad-checksum', 'missing-cr']));
    const lenient = new Harness({ role: 'computer', lenient: true });
    lenient.receive(b(ENQ), noCr, FRAMES[2] as Uint8Array, b(EOT));
    expect(lenient.take()).toEqual([ACK, ACK, ACK]);
    expect(lenient.messages).toEqual(['H|\\^&|||QUIRKY\rL|1|N\r']);
    expect(parseAstm(lenient.messages[0] as string)[0]?.get('H-5')).toBe('QUIRKY');
  });

  it('answers NAK while busy', () => {
    const h = new Harness({ role: 'computer' });
    h.link.setBusy(true);
    h.receive(b(ENQ));
    expect(h.take()).toEqual([NAK]);
    expect(h.link.state).toBe('neutral');
    h.link.setBusy(false);
    h.receive(b(ENQ));
    expect(h.take()).toEqual([ACK]);
  });

  it('drops a partial transfer after 30 s of silence', () => {
    const h = new Harness({ role: 'computer' });
    h.receive(b(ENQ), FRAMES[0] as Uint8Array);
    h.fire();
    expect(h.link.state).toBe('neutral');
    expect(h.warnings).toContain('receive-timeout');
    h.receive(b(EOT));
    expect(h.messages).toEqual([]);
  });

  it('discards a record cut off by EOT, and starts over on a new ENQ', () => {
    const long = encodeAstmFrames('H|\\^&\r' + 'R|1|' + 'x'.repeat(300), { split: 'record' });
    const h = new Harness({ role: 'computer' });
    h.receive(b(ENQ), long[0] as Uint8Array, long[1] as Uint8Array, b(EOT));
    expect(h.messages).toEqual(['H|\\^&\r']);
    expect(h.warnings).toContain('incomplete-discarded');
    const again = new Harness({ role: 'computer' });
    again.receive(b(ENQ), FRAMES[0] as Uint8Array, b(ENQ), ...FRAMES, b(EOT));
    expect(again.messages).toEqual([TEXT]);
    expect(again.warnings).toContain('restarted');
  });

  it('asks the sender to stop by answering a frame with EOT', () => {
    const h = new Harness({ role: 'computer' });
    h.receive(b(ENQ), FRAMES[0] as Uint8Array).take();
    h.link.requestInterrupt();
    h.receive(FRAMES[1] as Uint8Array);
    expect(h.take()).toEqual([EOT]);
    h.receive(FRAMES[2] as Uint8Array);
    expect(h.take()).toEqual([ACK]);
  });
});

describe.each(WIRE_FIXTURES)('wire transcript: $name', (fixture) => {
  it('a lenient host takes every frame and ends with the records', () => {
    const h = new Harness({ role: 'computer', lenient: true });
    for (const chunk of fixture.frames) {
      h.receive(chunk);
      if (chunk.length > 1) expect(h.take()).toEqual([ACK]);
      else h.take();
    }
    expect(h.messages).toEqual([fixture.records]);
  });

  it(fixture.strictAccepts ? 'a strict host takes it too' : 'a strict host NAKs the first frame', () => {
    const h = new Harness({ role: 'computer' });
    h.receive(fixture.frames[0] as Uint8Array, fixture.frames[1] as Uint8Array);
    expect(h.take()).toEqual([ACK, fixture.strictAccepts ? ACK : NAK]);
  });
});

describe('AstmLink sending', () => {
  it('ENQ, frames on ACK, EOT at the end', () => {
    const h = new Harness({ role: 'computer' });
    h.send(TEXT, 'order-1');
    expect(h.take()).toEqual([ENQ]);
    expect(h.link.state).toBe('establishing');
    expect(h.timer?.ms).toBe(15_000);
    for (const f of FRAMES) {
      h.receive(b(ACK));
      expect(h.take()).toEqual([...f]);
      expect(h.timer?.ms).toBe(15_000);
    }
    h.receive(b(ACK));
    expect(h.take()).toEqual([EOT]);
    expect(h.sent).toEqual(['order-1']);
    expect(h.link.state).toBe('neutral');
    expect(h.timer).toBeUndefined();
  });

  it('retransmits a NAKed frame, and gives up after six transmissions', () => {
    const h = new Harness({ role: 'computer' });
    h.send(TEXT, 'x').take();
    h.receive(b(ACK));
    const first = h.take();
    for (let i = 0; i < 5; i++) {
      h.receive(b(NAK));
      expect(h.take()).toEqual(first);
    }
    h.receive(b(NAK));
    expect(h.take()).toEqual([EOT]);
    expect(h.failed).toEqual([['x', 'nak-limit']]);
    expect(h.link.state).toBe('neutral');
  });

  it('terminates on a reply timeout', () => {
    const h = new Harness({ role: 'computer' });
    h.send(TEXT, 'x');
    h.receive(b(ACK)).take();
    h.fire();
    expect(h.take()).toEqual([EOT]);
    expect(h.failed).toEqual([['x', 'reply-timeout']]);
    expect(h.link.state).toBe('neutral');
  });

  it('backs off 10 s after a busy NAK and after a silent ENQ, then gives up', () => {
    const h = new Harness({ role: 'computer', maxEstablishAttempts: 3 });
    h.send(TEXT, 'x');
    h.receive(b(NAK));
    expect(h.link.state).toBe('waiting');
    expect(h.timer?.ms).toBe(10_000);
    h.fire();
    expect(h.take()).toEqual([ENQ, ENQ]);
    h.fire(); // no reply to the second ENQ
    expect(h.take()).toEqual([EOT]);
    expect(h.link.state).toBe('waiting');
    h.fire();
    h.fire();
    expect(h.take()).toEqual([ENQ, EOT]);
    expect(h.failed).toEqual([['x', 'establish-limit']]);
    expect(h.link.state).toBe('neutral');
  });

  it('the computer yields on contention and answers the instrument', () => {
    const h = new Harness({ role: 'computer' });
    h.send(TEXT, 'mine');
    h.receive(b(ENQ));
    expect(h.take()).toEqual([ENQ]);
    expect(h.link.state).toBe('waiting');
    expect(h.timer?.ms).toBe(20_000);
    h.receive(b(ENQ));
    expect(h.take()).toEqual([ACK]);
    h.receive(...FRAMES, b(EOT));
    expect(h.messages).toEqual([TEXT]);
    // Its own message goes out next.
    expect(h.take()).toEqual([ACK, ACK, ACK, ENQ]);
    expect(h.link.state).toBe('establishing');
  });

  it('the instrument bids again after 1 s on contention', () => {
    const h = new Harness({ role: 'instrument' });
    h.send(TEXT);
    h.receive(b(ENQ));
    expect(h.timer?.ms).toBe(1_000);
    h.fire();
    expect(h.take()).toEqual([ENQ, ENQ]);
    expect(h.link.state).toBe('establishing');
  });

  it('honors a receiver interrupt and later sends the whole message again', () => {
    const h = new Harness({ role: 'computer' });
    h.send(TEXT, 'x');
    h.receive(b(ACK)).take();
    h.receive(b(EOT));
    expect(h.take()).toEqual([EOT]);
    expect(h.warnings).toContain('interrupted');
    expect(h.link.state).toBe('waiting');
    expect(h.timer?.ms).toBe(15_000);
    // The other side takes the line meanwhile.
    h.receive(b(ENQ), ...FRAMES, b(EOT));
    expect(h.messages).toEqual([TEXT]);
    h.take();
    h.receive(b(ACK));
    expect(h.take()).toEqual([...(FRAMES[0] as Uint8Array)]);
    const ignoring = new Harness({ role: 'computer', honorInterrupts: false });
    ignoring.send(TEXT).receive(b(ACK)).take();
    ignoring.receive(b(EOT));
    expect(ignoring.take()).toEqual([...(FRAMES[1] as Uint8Array)]);
  });

  it('ignores stale timer tokens and validates its options', () => {
    const h = new Harness({ role: 'computer' });
    h.send(TEXT);
    const stale = h.timer?.token ?? 0;
    h.receive(b(ACK));
    expect(h.link.timeout(stale)).toEqual([]);
    expect(() => new AstmLink({ role: 'nobody' as 'computer' })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new AstmLink({ role: 'computer', timers: { replyMs: -1 } })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new AstmLink({ role: 'computer', maxFrameAttempts: 0 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('reset puts the message in flight back at the head of the queue', () => {
    const h = new Harness({ role: 'computer' });
    h.send(TEXT, 'x');
    h.receive(b(ACK)).take();
    h.apply(h.link.reset());
    expect(h.take()).toEqual([ENQ]);
    expect(h.link.pendingMessages).toBe(1);
  });
});

/** Two links joined by a line that corrupts some frames; a virtual clock drives the timers. */
function simulate(texts: readonly string[], corruptions: readonly boolean[]): { delivered: string[]; sent: (string | undefined)[]; failed: (string | undefined)[] } {
  const instrument = new Harness({ role: 'instrument' });
  const computer = new Harness({ role: 'computer' });
  let nth = 0;
  texts.forEach((t, i) => instrument.send(t, String(i)));
  const line = (from: Harness, to: Harness): boolean => {
    if (from.written.length === 0) return false;
    const chunks = from.written.splice(0);
    for (const chunk of chunks) {
      const isFrame = chunk.length > 1;
      const damage = isFrame && (corruptions[nth++ % Math.max(1, corruptions.length)] ?? false);
      to.receive(damage ? corrupt(chunk) : chunk);
    }
    return true;
  };
  for (let step = 0; step < 10_000; step++) {
    if (line(instrument, computer) || line(computer, instrument)) continue;
    const timers = [instrument, computer].filter((h) => h.timer !== undefined);
    if (timers.length === 0) break;
    const next = timers.reduce((a, c) => ((c.timer?.ms ?? 0) < (a.timer?.ms ?? 0) ? c : a));
    next.fire();
  }
  return { delivered: computer.messages, sent: instrument.sent, failed: instrument.failed.map(([ref]) => ref) };
}

describe('AstmLink end to end (property)', () => {
  it('delivers every message it reports sent, exactly once, through checksum errors and retransmissions', () => {
    const texts = ASTM_FIXTURES.map((f) => parseAstm(f.text).map((m) => m.toString()).join(''));
    fc.assert(
      fc.property(fc.subarray(texts, { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { maxLength: 40 }), (chosen, damage) => {
        const corruptions = damage.map((d, i) => d && i % 3 === 0);
        const { delivered, sent, failed } = simulate(chosen, corruptions);
        expect(sent.length + failed.length).toBe(chosen.length);
        for (const ref of sent) expect(delivered.filter((d) => d === chosen[Number(ref)]).length).toBe(1);
        expect(delivered.length).toBeLessThanOrEqual(chosen.length);
        if (!corruptions.some(Boolean)) expect(delivered).toEqual(chosen);
      }),
      { numRuns: runs(60) },
    );
  });
});

describe('AstmLink state machine (property)', () => {
  const tokenArb = fc.oneof(
    fc.constantFrom(b(ENQ), b(ACK), b(NAK), b(EOT), b(0x0d, 0x0a), b(0x41)),
    fc.constantFrom(...FRAMES, ...FRAMES.map(corrupt)),
    fc.uint8Array({ maxLength: 12 }),
  );
  type Op = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'send' } | { kind: 'timeout' } | { kind: 'busy'; on: boolean } | { kind: 'interrupt' } | { kind: 'reset' } | { kind: 'release'; kept: boolean };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: tokenArb.map((bytes) => ({ kind: 'bytes' as const, bytes })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'send' as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'timeout' as const }) },
    { weight: 1, arbitrary: fc.boolean().map((on) => ({ kind: 'busy' as const, on })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'interrupt' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
    { weight: 1, arbitrary: fc.boolean().map((kept) => ({ kind: 'release' as const, kept })) },
  );

  it('never throws, keeps a timer armed outside neutral, and timeouts always bring it back to neutral', () => {
    fc.assert(
      fc.property(fc.constantFrom<'computer' | 'instrument'>('computer', 'instrument'), fc.boolean(), fc.boolean(), fc.array(opArb, { maxLength: 60 }), (role, lenient, holdLastAck, ops) => {
        const h = new Harness({ role, lenient, holdLastAck });
        for (const op of ops) {
          switch (op.kind) {
            case 'bytes':
              h.receive(op.bytes);
              break;
            case 'send':
              h.send(TEXT);
              break;
            case 'timeout':
              if (h.timer) h.fire();
              break;
            case 'busy':
              h.link.setBusy(op.on);
              break;
            case 'interrupt':
              h.link.requestInterrupt();
              break;
            case 'reset':
              h.apply(h.link.reset());
              break;
            case 'release':
              h.release(op.kept);
              break;
          }
          expect(h.link.timerRunning).toBe(h.link.state !== 'neutral');
          expect(h.timer !== undefined).toBe(h.link.timerRunning);
        }
        // With the line silent, the timers alone must return the link to neutral.
        for (let i = 0; i < 200 && h.link.state !== 'neutral'; i++) h.fire();
        expect(h.link.state).toBe('neutral');
        expect(h.link.pendingMessages).toBe(0);
        expect(h.timer).toBeUndefined();
      }),
      { numRuns: runs(500) },
    );
  });
});
