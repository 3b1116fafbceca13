// Hostile input shapes must cost time in proportion to their size: each is run at n and 8n,
// and a ratio of 32 or more (quadratic gives 64) fails the benchmark run. A timing, so it lives
// here and not in the unit suite (moved from fuzz.test.ts).
import { performance } from 'node:perf_hooks';
import { AstmFrameDecoder } from '../astm/astm-frame-decoder.js';
import { encodeAstmFrames } from '../astm/astm-frames.js';
import { AstmLink } from '../astm/astm-link.js';
import { parseAstm } from '../astm/astm-message.js';
import { HL7_ERROR_CODES, Hl7Error } from '../errors.js';
import { parseHl7Batch } from '../hl7/hl7-batch.js';
import { parseHl7 } from '../hl7/hl7-message.js';
import { encodeText } from '../internal/charset.js';
import { MllpDecoder } from '../mllp/mllp-decoder.js';

const BOUND = 32;
const CODES = new Set<string>(HL7_ERROR_CODES);

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Runs `fn`; anything thrown must be an Hl7Error with a known code. */
function typedOnly(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof Hl7Error) || !CODES.has(error.code)) throw error;
  }
}

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

/** Each hostile shape's growth ratio; `linear` is false for one that grows faster than its input. */
export function growthFigures(): { bound: number; allLinear: boolean; cases: { shape: string; n: number; ratio: number; linear: boolean }[] } {
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

  const figures = cases.map(([shape, make, run, n]) => {
    let ratio = growth(make, run, n);
    // One retry absorbs a GC pause landing in the wrong sample.
    if (ratio >= BOUND) ratio = growth(make, run, n);
    return { shape, n, ratio: Number(ratio.toFixed(1)), linear: ratio < BOUND };
  });
  return { bound: BOUND, allLinear: figures.every((figure) => figure.linear), cases: figures };
}
