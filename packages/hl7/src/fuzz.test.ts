/// <reference types="node" />
// The long fuzz run: random and mutated bytes into every parser and decoder. Each must return
// a result or throw the package's own Hl7Error (with a known code): no other exception, no
// hang, no super-linear time. `npm test` runs a few thousand cases; set HMS_FUZZ_RUNS (e.g.
// 200000) for a long run.
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, cut, runs } from './__fixtures__/arbitraries.js';
import { ASTM_FIXTURES } from './__fixtures__/astm-instruments.js';
import { batchFile, HIS_FIXTURES } from './__fixtures__/hl7-his.js';
import { INSTRUMENT_HL7_FIXTURES } from './__fixtures__/hl7-instruments.js';
import { AstmFrameDecoder } from './astm/astm-frame-decoder.js';
import { encodeAstmFrames } from './astm/astm-frames.js';
import { AstmLink } from './astm/astm-link.js';
import { parseAstm } from './astm/astm-message.js';
import { escapeAstm, unescapeAstm } from './astm/astm-escape.js';
import { HL7_ERROR_CODES, Hl7Error } from './errors.js';
import { buildAck } from './hl7/hl7-ack.js';
import { parseHl7Batch } from './hl7/hl7-batch.js';
import { unescapeHl7 } from './hl7/hl7-escape.js';
import { parseHl7 } from './hl7/hl7-message.js';
import { decodeLatin1, decodeUtf8Portable, decodeUtf8Strict, encodeText } from './internal/charset.js';
import { encodeMllp } from './mllp/encode-mllp.js';
import { MllpDecoder } from './mllp/mllp-decoder.js';

const CODES = new Set<string>(HL7_ERROR_CODES);

/** Reads a value so getters run; the sink keeps the reads observable. */
const sink: unknown[] = [];
function touch(value: unknown): void {
  sink[0] = value;
}

/** Runs `fn`; anything thrown must be an Hl7Error with a known code. */
function typedOnly(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof Hl7Error) || !CODES.has(error.code)) {
      throw new Error(`Untyped failure: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`, { cause: error });
    }
  }
}

const HL7_PATHS = ['MSH-1', 'MSH-2', 'MSH-9.2', 'MSH-10', 'MSH-18', 'PID-3(2).1', 'PID-5.1.1', 'OBX(2)-5', 'OBX-5(3).2.2', 'ZZZ(9)-99', 'FHS-2', 'BHS-9'];
const ASTM_PATHS = ['H-2', 'H-5.1', 'P-6.2', 'O-5(2).4', 'R(2)-3.4', 'R-4', 'C-4', 'L-3', 'M(3)-9(9).9'];

/** Everything a caller might do with a parsed HL7 message. */
function exerciseHl7(input: string | Uint8Array): void {
  const m = parseHl7(input);
  for (const path of HL7_PATHS) {
    m.get(path);
    m.getRaw(path);
    m.repetitions(path);
  }
  m.toString();
  for (const s of m.segments()) {
    touch(s.name);
    touch(s.fieldCount);
    s.get('1');
    s.toString();
  }
  for (const name of ['MSH', 'PID', 'PV1', 'ORC', 'OBR', 'OBX', 'NTE', 'SPM', 'MSA', 'ERR'] as const) {
    for (const view of m.typed(name)) {
      for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(view))) {
        if (key !== 'constructor') touch((view as unknown as Record<string, unknown>)[key]);
      }
    }
  }
  touch(m.charset);
  typedOnly(() => buildAck(m, 'AE', { now: new Date(0), reason: 'fuzz\r|^~\\&', errorLocation: 'PID-3' }).toString());
  typedOnly(() => m.set('PID-5.2', 'x|y\r\n'));
  typedOnly(() => m.set('OBX(2)-5(2).1.2', '\\E\\'));
  typedOnly(() => parseHl7(m.toString()).get('PID-5.2'));
}

function exerciseAstm(input: string | Uint8Array): void {
  for (const m of parseAstm(input)) {
    for (const path of ASTM_PATHS) {
      m.get(path);
      m.getRaw(path);
      m.repetitions(path);
    }
    for (const type of ['H', 'P', 'O', 'R', 'C', 'Q', 'L'] as const) {
      for (const view of m.typed(type)) {
        for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(view))) {
          if (key !== 'constructor') touch((view as unknown as Record<string, unknown>)[key]);
        }
      }
    }
    const text = m.toString();
    typedOnly(() => m.set('R(2)-4', 'a|b\\c'));
    typedOnly(() => parseAstm(m.toString()));
    typedOnly(() => encodeAstmFrames(text));
  }
}

const SPECIAL = [0x00, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0b, 0x0d, 0x15, 0x17, 0x1c, 0x7c, 0x5e, 0x7e, 0x5c, 0x26, 0x22, 0x40, 0x48, 0x4d, 0x53, 0x58, 0x2e, 0xc3, 0xa9, 0xff, 0xef, 0xbb, 0xbf];

/** Seeds to mutate: every fixture as bytes, plus framed forms. */
const SEEDS: Uint8Array[] = [
  ...[...HIS_FIXTURES, ...INSTRUMENT_HL7_FIXTURES, batchFile].map((f) => encodeText(f.text, 'utf-8')),
  ...ASTM_FIXTURES.map((f) => encodeText(f.text, 'utf-8')),
  ...INSTRUMENT_HL7_FIXTURES.map((f) => encodeMllp(f.text)),
  ...ASTM_FIXTURES.map((f) => concatBytes([Uint8Array.of(0x05), ...encodeAstmFrames(f.text), Uint8Array.of(0x04)])),
];

type Mutation = { at: number; kind: 'set' | 'insert' | 'delete' | 'dup'; value: number; length: number };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('set', 'insert', 'delete', 'dup'),
  value: fc.oneof(fc.constantFrom(...SPECIAL), fc.integer({ min: 0, max: 255 })),
  length: fc.integer({ min: 1, max: 40 }),
});

function mutate(seed: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Array.from(seed);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
    switch (m.kind) {
      case 'set':
        if (at < bytes.length) bytes[at] = m.value;
        break;
      case 'insert':
        bytes.splice(at, 0, m.value);
        break;
      case 'delete':
        bytes.splice(at, m.length);
        break;
      case 'dup':
        bytes = [...bytes.slice(0, at), ...bytes.slice(at, at + m.length), ...bytes.slice(at)];
        break;
    }
  }
  return Uint8Array.from(bytes);
}

const inputArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutationArb, { maxLength: 8 })).map(([seed, ms]) => mutate(seed, ms)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...SPECIAL), { maxLength: 200 }).map((a) => Uint8Array.from(a)) },
);

function everyParser(bytes: Uint8Array, offsets: readonly number[]): void {
  const text = decodeLatin1(bytes);
  typedOnly(() => exerciseHl7(bytes));
  typedOnly(() => exerciseHl7(text));
  typedOnly(() => exerciseHl7('MSH|^~\\&|' + text));
  typedOnly(() => parseHl7Batch(bytes).messages.forEach((m) => m.get('PID-3')));
  typedOnly(() => parseHl7(bytes, { charset: 'utf-8', formatting: 'passThrough' }).get('OBX-5'));
  typedOnly(() => exerciseAstm(bytes));
  typedOnly(() => exerciseAstm('H|\\^&|' + text));
  typedOnly(() => unescapeHl7(text, undefined, { utf8: true }));
  typedOnly(() => unescapeAstm(text));
  typedOnly(() => escapeAstm(text));
  typedOnly(() => encodeMllp(text));
  typedOnly(() => {
    const portable = decodeUtf8Portable(bytes);
    expect(portable).toBe(decodeUtf8Strict(bytes));
  });

  const chunks = cut(bytes, offsets);
  const mllp = new MllpDecoder({ maxMessageBytes: 300 });
  for (const chunk of chunks) for (const message of mllp.push(chunk)) typedOnly(() => exerciseHl7(message));

  const frames = new AstmFrameDecoder({ maxFrameBytes: 256 });
  for (const chunk of chunks) frames.push(chunk);

  for (const role of ['computer', 'instrument'] as const) {
    const link = new AstmLink({ role, lenient: role === 'instrument' });
    let token = -1;
    const apply = (actions: ReturnType<AstmLink['receive']>): void => {
      for (const a of actions) {
        if (a.type === 'timer') token = a.ms === null ? -1 : a.token;
        if (a.type === 'message') typedOnly(() => exerciseAstm(a.text));
      }
    };
    apply(link.send('H|\\^&\rL|1|N'));
    for (const chunk of chunks) {
      apply(link.receive(chunk));
      if (chunk.length % 3 === 0 && token !== -1) apply(link.timeout(token));
    }
    for (let i = 0; i < 100 && token !== -1; i++) apply(link.timeout(token));
    expect(link.state).toBe('neutral');
  }
}

describe('fuzz: every parser and decoder returns a result or a typed Hl7Error', () => {
  it('random and mutated bytes', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.nat(2000), { maxLength: 6 }), (bytes, offsets) => {
        everyParser(bytes, offsets);
      }),
      { numRuns: runs(1500) },
    );
  }, 600_000);

  it('random strings (every code unit, lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom('|', '^', '~', '\\', '&', '\r', '\n', 'M', 'S', 'H', 'X', '0', '.', 'b', 'r', '"', 'é'), maxLength: 300 }), (a, b) => {
        for (const text of [a, b, `MSH|^~\\&|${b}`, `H|\\^&|${b}`, `MSH|^~\\&|\r${a}`]) {
          typedOnly(() => exerciseHl7(text));
          typedOnly(() => exerciseAstm(text));
          typedOnly(() => parseHl7Batch(text));
          typedOnly(() => unescapeHl7(text));
          typedOnly(() => encodeAstmFrames(text));
        }
      }),
      { numRuns: runs(800) },
    );
  }, 600_000);
});

/** Best-of-five wall time of fn(), in ms. */
function time(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Time for an input of size 8n against size n. Linear code gives about 8 (up to ~15 once
 * the larger input pushes the garbage collector harder); quadratic gives 64. The bound of 32
 * leaves room for that and for noise without letting quadratic behaviour through.
 */
function growth(make: (n: number) => string | Uint8Array, run: (input: string | Uint8Array) => void, n: number): number {
  const small = make(n);
  const large = make(8 * n);
  run(small); // warm up the JIT on the same paths
  run(large);
  const t1 = time(() => run(small));
  const t8 = time(() => run(large));
  return t8 / Math.max(t1, 0.05);
}

const repeatText = (unit: string) => (n: number): string => unit.repeat(n);
const repeatBytes = (unit: number[]) => (n: number): Uint8Array => {
  const out = new Uint8Array(unit.length * n);
  for (let i = 0; i < n; i++) out.set(unit, i * unit.length);
  return out;
};

describe('fuzz: no super-linear time on hostile shapes', () => {
  const hl7Read = (input: string | Uint8Array): void => {
    typedOnly(() => {
      const m = parseHl7(input);
      for (const s of m.segments()) s.get('2');
      for (let i = 1; i <= 200; i++) m.get(`OBX(${i})-5`);
      m.toString();
    });
  };
  const cases: [string, (n: number) => string | Uint8Array, (input: string | Uint8Array) => void, number][] = [
    ['HL7: many segments', (n) => 'MSH|^~\\&|A\r' + repeatText('OBX|1|ST|X||v\\F\\|\r')(n), hl7Read, 4000],
    ['HL7: every field read, each with a lone escape', (n) => 'MSH|^~\\&|A\rOBX|' + repeatText('a\\b|')(n) + '\r', (i) => typedOnly(() => {
      const obx = parseHl7(i).segment('OBX');
      const count = obx?.fieldCount ?? 0;
      for (let f = 1; f <= count; f++) obx?.get(`${f}`);
    }), 4000],
    ['HL7: one huge field of escapes', (n) => 'MSH|^~\\&|A\rOBX|1|ST|X||' + repeatText('\\X41\\\\.br\\\\Q')(n) + '\r', (i) => typedOnly(() => parseHl7(i).get('OBX-5')), 4000],
    ['HL7: blank lines and LF', (n) => 'MSH|^~\\&|A' + repeatText('\n \r\n\rPID|1\n')(n), hl7Read, 2000],
    ['HL7 batch: many messages', (n) => repeatText('MSH|^~\\&|A||||||ORU^R01|1\rPID|1\r')(n), (i) => typedOnly(() => parseHl7Batch(i).messages.forEach((m) => m.get('PID-1'))), 2000],
    ['ASTM: many messages, no L', (n) => repeatText('H|\\^&\rR|1|^^^A|1&x\r')(n), (i) => typedOnly(() => parseAstm(i).forEach((m) => m.get('R-4'))), 2000],
    ['ASTM: many records', (n) => 'H|\\^&\r' + repeatText('R|1|^^^A|1,5&S&\r')(n), (i) => typedOnly(() => parseAstm(i)[0]?.records('R').forEach((r) => r.get('4'))), 4000],
    ['MLLP: start blocks without end blocks', repeatBytes([0x0b, 0x41, 0x0b]), (i) => new MllpDecoder().push(i as Uint8Array), 20000],
    ['MLLP: end blocks without start blocks', repeatBytes([0x1c, 0x0d, 0x41]), (i) => new MllpDecoder().push(i as Uint8Array), 20000],
    ['MLLP: many small messages', repeatBytes([0x0b, 0x41, 0x1c, 0x0d]), (i) => new MllpDecoder().push(i as Uint8Array), 5000],
    ['E1381: frames cut short', repeatBytes([0x02, 0x31, 0x41, 0x05]), (i) => new AstmFrameDecoder().push(i as Uint8Array), 5000],
    ['E1381: link fed frames and controls', (n) => concatBytes([Uint8Array.of(0x05), ...Array.from({ length: n }, () => encodeAstmFrames('R|1|x')[0] as Uint8Array)]), (i) => new AstmLink({ role: 'computer', lenient: true }).receive(i as Uint8Array), 2000],
    ['charset: 8-bit bytes', repeatBytes([0xc3, 0xa9, 0xff, 0x41]), (i) => typedOnly(() => parseHl7(concatBytes([encodeText('MSH|^~\\&|A\rOBX|1|', 'latin1'), i as Uint8Array]))), 20000],
  ];

  it.each(cases)('%s', (_name, make, run, n) => {
    let ratio = growth(make, run, n);
    // One retry absorbs a GC pause landing in the wrong sample.
    if (ratio >= 32) ratio = growth(make, run, n);
    expect(ratio).toBeLessThan(32);
  });
});
