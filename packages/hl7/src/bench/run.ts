/// <reference types="node" />
// `pnpm --filter @hms/hl7 run bench`: HL7 parse/read/serialize throughput side by side with
// the peer parsers, plus ASTM parsing and the MLLP / E1381 decoders. Prints one JSON object
// and writes it to bench/results/hl7-<timestamp>.json and hl7-latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Hl7Message as MedplumMessage } from '@medplum/core';
import { Message as NodeHl7Message } from 'node-hl7-client';
import simpleHl7 from 'simple-hl7';
import {
  AstmFrameDecoder,
  AstmLink,
  encodeAstmFrames,
  encodeMllp,
  MllpDecoder,
  parseAstm,
  parseHl7,
} from '../index.js';
import { ASTM_FIXTURES } from '../__fixtures__/astm-instruments.js';
import { HIS_FIXTURES } from '../__fixtures__/hl7-his.js';
import { INSTRUMENT_HL7_FIXTURES } from '../__fixtures__/hl7-instruments.js';
import { growthFigures } from './growth.js';
import type { Rate } from './measure.js';
import { consume, measure, measureInterleaved, sink } from './measure.js';

// The mixed corpus: every HIS and instrument fixture that uses the standard delimiters
// (simple-hl7 assumes them), with CR segment ends (as MLLP delivers them).
const corpus = [...HIS_FIXTURES, ...INSTRUMENT_HL7_FIXTURES]
  .filter((f) => f.text.includes('MSH|^~\\&|'))
  .map((f) => parseHl7(f.text).toString());
const corpusBytes = corpus.reduce((n, text) => n + text.length, 0);

/** The ten reads, each as component-level path in every library's terms. */
const READS: readonly (readonly [segment: string, nth: number, field: number, component: number])[] = [
  ['MSH', 1, 3, 1],
  ['MSH', 1, 4, 1],
  ['MSH', 1, 7, 1],
  ['MSH', 1, 9, 1],
  ['MSH', 1, 9, 2],
  ['MSH', 1, 10, 1],
  ['MSH', 1, 12, 1],
  ['PID', 1, 3, 1],
  ['PID', 1, 5, 1],
  ['OBX', 2, 5, 1],
];
const OUR_PATHS = READS.map(([s, n, f, c]) => `${s}${n === 1 ? '' : `(${n})`}-${f}.${c}`);
const NODE_HL7_PATHS = READS.map(([s, , f, c]) => `${s}.${f}.${c}`);

interface Peer {
  readonly name: string;
  read(text: string): void;
  serialize(text: string): void;
  readSerialize(text: string): void;
}

const ours: Peer = {
  name: '@hms/hl7',
  read(text) {
    const m = parseHl7(text);
    for (const path of OUR_PATHS) consume(m.get(path));
  },
  serialize(text) {
    consume(parseHl7(text).set('MSH-10', 'BENCH-1').toString());
  },
  readSerialize(text) {
    const m = parseHl7(text);
    for (const path of OUR_PATHS) consume(m.get(path));
    consume(m.set('MSH-10', 'BENCH-1').toString());
  },
};

function medplumRead(m: MedplumMessage): void {
  for (const [s, n, f, c] of READS) {
    const segment = n === 1 ? m.getSegment(s) : m.getAllSegments(s)[n - 1];
    consume(segment?.getComponent(f, c));
  }
}

const medplum: Peer = {
  name: '@medplum/core',
  read(text) {
    medplumRead(MedplumMessage.parse(text));
  },
  serialize(text) {
    const m = MedplumMessage.parse(text);
    m.getSegment('MSH')?.setField(10, 'BENCH-1');
    consume(m.toString());
  },
  readSerialize(text) {
    const m = MedplumMessage.parse(text);
    medplumRead(m);
    m.getSegment('MSH')?.setField(10, 'BENCH-1');
    consume(m.toString());
  },
};

function nodeHl7Read(m: NodeHl7Message): void {
  for (let i = 0; i < READS.length; i++) {
    const [s, n] = READS[i] as (typeof READS)[number];
    const path = NODE_HL7_PATHS[i] as string;
    if (n === 1) {
      consume(m.get(path).toString());
    } else {
      const list = m.get(s);
      consume(list.length >= n ? list.get(n - 1).get(path).toString() : '');
    }
  }
}

const nodeHl7: Peer = {
  name: 'node-hl7-client',
  read(text) {
    nodeHl7Read(new NodeHl7Message({ text }));
  },
  serialize(text) {
    const m = new NodeHl7Message({ text });
    m.set('MSH.10', 'BENCH-1');
    consume(m.toString());
  },
  readSerialize(text) {
    const m = new NodeHl7Message({ text });
    nodeHl7Read(m);
    m.set('MSH.10', 'BENCH-1');
    consume(m.toString());
  },
};

const simpleParser = new simpleHl7.Parser();
type SimpleMessage = ReturnType<typeof simpleParser.parse>;

function simpleRead(m: SimpleMessage): void {
  for (const [s, n, f, c] of READS) {
    if (s === 'MSH') {
      // simple-hl7 keeps MSH-3 as its header's field 1.
      consume(m.header.getComponent(f - 2, c));
    } else {
      const segment = n === 1 ? m.getSegment(s) : m.getSegments(s)[n - 1];
      consume(segment?.getComponent(f, c));
    }
  }
}

const simple: Peer = {
  name: 'simple-hl7',
  read(text) {
    simpleRead(simpleParser.parse(text));
  },
  serialize(text) {
    const m = simpleParser.parse(text);
    m.header.setField(8, 'BENCH-1');
    consume(m.toString());
  },
  readSerialize(text) {
    const m = simpleParser.parse(text);
    simpleRead(m);
    m.header.setField(8, 'BENCH-1');
    consume(m.toString());
  },
};

const PEERS = [medplum, nodeHl7, simple];
const WORKLOADS = {
  /** Full parse plus reading the ten fields. */
  read: (p: Peer) => p.read,
  /** Parse, change MSH-10, serialize (a modified message cannot come from a cache). */
  serialize: (p: Peer) => p.serialize,
  /** Both: what a bridge does when it reads a message and writes it back out. */
  readSerialize: (p: Peer) => p.readSerialize,
} as const;

function hl7Figures(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [workload, pick] of Object.entries(WORKLOADS)) {
    const batches: Record<string, () => void> = {};
    for (const peer of [ours, ...PEERS]) {
      const fn = pick(peer).bind(peer);
      batches[peer.name] = () => {
        for (const text of corpus) fn(text);
      };
    }
    // HMS_BENCH_MODE=sequential measures each library in its own run of windows instead.
    const rates = process.env.HMS_BENCH_MODE === 'sequential'
      ? Object.fromEntries(Object.entries(batches).map(([name, batch]) => [name, measure(batch, corpus.length)]))
      : measureInterleaved(batches, corpus.length);
    const fastest = PEERS.reduce((best, p) => ((rates[p.name] as Rate).perSecond > (rates[best.name] as Rate).perSecond ? p : best));
    const oursRate = (rates[ours.name] as Rate).perSecond;
    out[workload] = {
      messagesPerSecond: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.perSecond])),
      samples: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.samples])),
      fastestPeer: fastest.name,
      ratioToFastestPeer: Number((oursRate / (rates[fastest.name] as Rate).perSecond).toFixed(2)),
      ratioToEachPeer: Object.fromEntries(PEERS.map((p) => [p.name, Number((oursRate / (rates[p.name] as Rate).perSecond).toFixed(2))])),
    };
  }
  return out;
}

function astmFigures(): Record<string, unknown> {
  const texts = ASTM_FIXTURES.map((f) => f.text);
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  const messages = texts.reduce((n, t) => n + parseAstm(t).length, 0);
  const rate = measure(() => {
    for (const text of texts) {
      for (const m of parseAstm(text)) {
        consume(m.get('H-5.1'));
        consume(m.get('O-3'));
        consume(m.get('R-3.4'));
        consume(m.get('R-4'));
        consume(m.get('R(2)-4'));
      }
    }
  }, messages);
  return {
    workload: 'parseAstm plus five reads (H-5.1, O-3, R-3.4, R-4, R(2)-4) over the instrument fixtures',
    messagesPerSecond: rate.perSecond,
    megabytesPerSecond: Number(((rate.perSecond * (bytes / messages)) / 1e6).toFixed(1)),
    samples: rate.samples,
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function chunks(stream: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < stream.length; i += size) out.push(stream.subarray(i, i + size));
  return out;
}

function mllpFigures(): Record<string, unknown> {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < 50; i++) for (const text of corpus) frames.push(encodeMllp(text));
  const stream = concat(frames);
  const pieces = chunks(stream, 1460); // one TCP segment's payload
  const rate = measure(() => {
    const decoder = new MllpDecoder();
    for (const piece of pieces) consume(decoder.push(piece).length);
  }, frames.length);
  return {
    workload: `MllpDecoder over ${frames.length} messages delivered in 1460-byte chunks`,
    messagesPerSecond: rate.perSecond,
    megabytesPerSecond: Number(((rate.perSecond * (stream.length / frames.length)) / 1e6).toFixed(1)),
    samples: rate.samples,
  };
}

function e1381Figures(): Record<string, unknown> {
  const texts = ASTM_FIXTURES.map((f) => f.text);
  const allFrames = texts.flatMap((t) => encodeAstmFrames(t));
  const stream = concat(allFrames);
  const pieces = chunks(stream, 64); // serial ports deliver small reads
  const decoderRate = measure(() => {
    const decoder = new AstmFrameDecoder();
    for (const piece of pieces) consume(decoder.push(piece).length);
  }, allFrames.length);

  // The whole receiving link: ENQ, every frame of a transfer, EOT, per instrument fixture.
  const transfers = texts.map((t) => chunks(concat([Uint8Array.of(0x05), ...encodeAstmFrames(t), Uint8Array.of(0x04)]), 64));
  const linkRate = measure(() => {
    const link = new AstmLink({ role: 'computer' });
    for (const transfer of transfers) {
      for (const piece of transfer) consume(link.receive(piece).length);
    }
  }, transfers.length);
  return {
    decoder: {
      workload: `AstmFrameDecoder over ${allFrames.length} frames in 64-byte reads`,
      framesPerSecond: decoderRate.perSecond,
      megabytesPerSecond: Number(((decoderRate.perSecond * (stream.length / allFrames.length)) / 1e6).toFixed(1)),
      samples: decoderRate.samples,
    },
    link: {
      workload: 'AstmLink receiving whole transfers (ENQ, frames, EOT) in 64-byte reads',
      transfersPerSecond: linkRate.perSecond,
      samples: linkRate.samples,
    },
  };
}

const started = Date.now();
const result = {
  benchmark: '@hms/hl7',
  date: new Date().toISOString(),
  node: process.version,
  mode: process.env.HMS_BENCH_MODE === 'sequential' ? 'sequential' : 'interleaved',
  platform: `${os.platform()} ${os.arch()}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  hl7: {
    corpus: { messages: corpus.length, bytes: corpusBytes, reads: OUR_PATHS },
    ...hl7Figures(),
  },
  astm: astmFigures(),
  mllp: mllpFigures(),
  e1381: e1381Figures(),
  growth: growthFigures(),
  seconds: 0,
  sink,
};
result.seconds = Math.round((Date.now() - started) / 100) / 10;

const json = JSON.stringify(result, null, 2);
process.stdout.write(json + '\n');
const dir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const stamp = result.date.replace(/[:.]/g, '-');
writeFileSync(`${dir}hl7-${stamp}.json`, json + '\n');
writeFileSync(`${dir}hl7-latest.json`, json + '\n');
if (!result.growth.allLinear) {
  process.stderr.write(`hl7 bench: time grew faster than the input for ${result.growth.cases.filter((c) => !c.linear).map((c) => c.shape).join('; ')}\n`);
  process.exitCode = 1;
}
