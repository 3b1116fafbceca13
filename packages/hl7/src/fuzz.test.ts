/// <reference types="node" />
// The long fuzz run: random and mutated bytes into every parser and decoder. Each must return
// a result or throw the package's own Hl7Error (with a known code): no other exception, no
// hang. (Time growing faster than the input is checked by the benchmarks: bench/growth.ts.)
// `npm test` runs a few thousand cases; set HMS_FUZZ_RUNS (e.g.
// 200000) for a long run.
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
