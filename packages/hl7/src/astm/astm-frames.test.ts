import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, cut, runs } from '../__fixtures__/arbitraries.js';
import { ASTM_FIXTURES, yumizenH500 } from '../__fixtures__/astm-instruments.js';
import { decodeLatin1, decodeUtf8Strict, encodeText } from '../internal/charset.js';
import type { AstmFrame, AstmToken } from './astm-frame-decoder.js';
import { AstmFrameDecoder } from './astm-frame-decoder.js';
import { astmChecksum, astmRecords, checksumHex, encodeAstmFrames, MAX_FRAME_TEXT } from './astm-frames.js';
import { parseAstm } from './astm-message.js';

const STX = 0x02;
const ETX = 0x03;
const ETB = 0x17;

function frames(tokens: AstmToken[]): AstmFrame[] {
  return tokens.flatMap((t) => (t.kind === 'frame' ? [t.frame] : []));
}

/** Frame texts reassembled the way a receiver does: ETB frames joined to the next. */
function reassemble(decoded: AstmFrame[]): string {
  return decoded.map((f) => f.text).join('');
}

describe('encodeAstmFrames', () => {
  it('frames one record: STX FN text CR ETX C1 C2 CR LF', () => {
    const [frame] = encodeAstmFrames('H|\\^&\r');
    const text = decodeLatin1(frame as Uint8Array);
    expect(text.charCodeAt(0)).toBe(STX);
    expect(text.slice(1, 2)).toBe('1');
    expect(text.slice(2, 8)).toBe('H|\\^&\r');
    expect(text.charCodeAt(8)).toBe(ETX);
    const sum = astmChecksum(frame as Uint8Array, 1, 9);
    expect(text.slice(9, 11)).toBe(checksumHex(sum));
    expect(text.slice(11)).toBe('\r\n');
  });

  it('matches a checksum computed by hand', () => {
    // "1L|1|N<CR><ETX>": 0x31+0x4C+0x7C+0x31+0x7C+0x4E+0x0D+0x03 = 0x204 -> "04"
    const [frame] = encodeAstmFrames('L|1|N');
    expect(decodeLatin1(frame as Uint8Array).slice(-4, -2)).toBe('04');
  });

  it('splits long records into 240-byte frames, ETB then ETX, numbers wrapping 7 -> 0', () => {
    const [message] = parseAstm(yumizenH500.text);
    const all = encodeAstmFrames(message?.toString() ?? '');
    const numbers = all.map((f) => (f[1] as number) - 0x30);
    expect(numbers.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 0, 1, 2]);
    for (const f of all) expect(f.length - 7).toBeLessThanOrEqual(MAX_FRAME_TEXT);
    const enders = all.map((f) => f[f.length - 5]);
    expect(enders.filter((b) => b === ETB).length).toBeGreaterThan(0);
    const records = astmRecords(message?.toString() ?? '');
    expect(enders.filter((b) => b === ETX)).toHaveLength(records.length);
  });

  it('can frame the whole text as one message, and start at another number', () => {
    const all = encodeAstmFrames('A\rB\rC', { split: 'whole', firstFrameNumber: 7, maxFrameText: 2 });
    expect(all.map((f) => decodeLatin1(f.subarray(1, f.length - 5)))).toEqual(['7A\r', '0B\r', '1C\r']);
    expect(all.map((f) => f[f.length - 5])).toEqual([ETB, ETB, ETX]);
  });

  it('refuses control characters and bad options with typed errors', () => {
    expect(() => encodeAstmFrames('R|1|\u0002x')).toThrow(expect.objectContaining({ code: 'ASTM_BAD_TEXT' }));
    expect(() => encodeAstmFrames('x', { maxFrameText: 241 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => encodeAstmFrames('x', { firstFrameNumber: 8 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(encodeAstmFrames('')).toEqual([]);
  });
});

describe('AstmFrameDecoder', () => {
  it('reports frames and control bytes in order', () => {
    const d = new AstmFrameDecoder();
    const bytes = concatBytes([Uint8Array.of(0x05), ...encodeAstmFrames('H|\\^&\rL|1|N'), Uint8Array.of(0x04)]);
    const tokens = d.push(bytes);
    expect(tokens.map((t) => t.kind)).toEqual(['control', 'frame', 'frame', 'control']);
    expect(frames(tokens).map((f) => [f.number, f.final, f.checksumOk, f.text])).toEqual([
      [1, true, true, 'H|\\^&\r'],
      [2, true, true, 'L|1|N\r'],
    ]);
  });

  it('flags a bad checksum, accepts lowercase hex and a missing CR LF trailer', () => {
    const d = new AstmFrameDecoder();
    const good = encodeAstmFrames('R|1|^^^GLU|5.1')[0] as Uint8Array;
    const bad = good.slice();
    bad[5] = 0x39; // change one text byte
    expect(frames(d.push(bad))[0]?.checksumOk).toBe(false);
    const lower = good.slice();
    lower[lower.length - 4] = (lower[lower.length - 4] as number) | 0x20;
    lower[lower.length - 3] = (lower[lower.length - 3] as number) | 0x20;
    expect(frames(d.push(lower))[0]?.checksumOk).toBe(true);
    const bare = good.subarray(0, good.length - 2);
    expect(frames(d.push(concatBytes([bare, bare])))).toHaveLength(2);
  });

  it('reports frames cut short, and a frame number that is not a digit', () => {
    const d = new AstmFrameDecoder();
    const tokens = d.push(concatBytes([Uint8Array.of(STX, 0x31, 0x41, 0x04), Uint8Array.of(STX, 0x31, 0x41, STX, 0x32, 0x42, ETX, 0x30, 0x30)]));
    expect(tokens.map((t) => t.kind)).toEqual(['broken', 'control', 'broken', 'frame']);
    const x = d.push(Uint8Array.of(STX, 0x39, 0x41, ETX, 0x30, 0x30));
    expect(frames(x)[0]?.number).toBe(-1);
  });

  it('drops a frame larger than its limit', () => {
    const d = new AstmFrameDecoder({ maxFrameBytes: 300 });
    const big = concatBytes([Uint8Array.of(STX, 0x31), new Uint8Array(400).fill(0x41), Uint8Array.of(ETX, 0x30, 0x30)]);
    const tokens = d.push(big);
    expect(tokens[0]).toMatchObject({ kind: 'broken', reason: 'too-long' });
    expect(frames(d.push(encodeAstmFrames('L|1')[0] as Uint8Array))).toHaveLength(1);
    expect(() => new AstmFrameDecoder({ maxFrameBytes: 10 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('notes text over 240 bytes', () => {
    const long = concatBytes([Uint8Array.of(STX, 0x31), new Uint8Array(241).fill(0x41), Uint8Array.of(ETX, 0x30, 0x30)]);
    expect(frames(new AstmFrameDecoder().push(long))[0]?.tooLong).toBe(true);
  });

  it('decodes every fixture under any chunking (property)', () => {
    const streams = ASTM_FIXTURES.map((f) => encodeAstmFrames(f.text));
    fc.assert(
      fc.property(fc.constantFrom(...streams.keys()), fc.array(fc.nat(4000), { maxLength: 30 }), (index, offsets) => {
        const all = streams[index] as Uint8Array[];
        const stream = concatBytes(all);
        const d = new AstmFrameDecoder();
        const decoded = frames(cut(stream, offsets).flatMap((c) => d.push(c)));
        expect(decoded).toHaveLength(all.length);
        expect(decoded.every((f) => f.checksumOk)).toBe(true);
        expect(decoded.map((f) => f.number)).toEqual(all.map((_, i) => (i + 1) % 8));
        const text = reassemble(decoded);
        expect(text).toBe(decodeLatin1(encodeText(astmRecords(ASTM_FIXTURES[index]?.text ?? '').map((r) => r + '\r').join(''), 'utf-8')));
      }),
      { numRuns: runs(300) },
    );
  });

  it('round-trips any record text through frames (property)', () => {
    const record = fc.string({ unit: fc.constantFrom('A', 'z', '|', '^', '\\', '&', ' ', '9', 'é', '€'), minLength: 1, maxLength: 700 });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 240 }), fc.array(fc.nat(5000), { maxLength: 10 }), (records, max, offsets) => {
        const text = records.join('\r');
        const all = encodeAstmFrames(text, { maxFrameText: max });
        const d = new AstmFrameDecoder();
        const decoded = frames(cut(concatBytes(all), offsets).flatMap((c) => d.push(c)));
        expect(decoded.every((f) => f.checksumOk && f.text.length <= max)).toBe(true);
        const bytes = encodeText(reassemble(decoded), 'latin1');
        expect(decodeUtf8Strict(bytes)).toBe(records.map((r) => r + '\r').join(''));
      }),
      { numRuns: runs(200) },
    );
  });
});
