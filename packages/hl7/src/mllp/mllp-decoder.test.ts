import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, cut, runs } from '../__fixtures__/arbitraries.js';
import type { Hl7Error } from '../errors.js';
import { decodeLatin1, encodeText } from '../internal/charset.js';
import { encodeMllp } from './encode-mllp.js';
import { MllpDecoder } from './mllp-decoder.js';

const text = (bytes: Uint8Array): string => decodeLatin1(bytes);
const bytes = (s: string): Uint8Array => encodeText(s, 'latin1');

describe('encodeMllp', () => {
  it('frames with VT ... FS CR', () => {
    expect([...encodeMllp('MSH|^~\\&|A\r')]).toEqual([0x0b, ...bytes('MSH|^~\\&|A\r'), 0x1c, 0x0d]);
    expect([...encodeMllp(Uint8Array.of(1, 2))]).toEqual([0x0b, 1, 2, 0x1c, 0x0d]);
  });

  it('encodes text in the charset MSH-18 declares unless told otherwise', () => {
    const latin = 'MSH|^~\\&|A||||||ADT^A08|1|P|2.5||||||8859/1\rPID|1||1||Müller\r';
    expect(encodeMllp(latin).length).toBe(latin.length + 3);
    const utf = latin.replace('8859/1', 'UNICODE UTF-8');
    expect(encodeMllp(utf).length).toBe(utf.length + 4);
    expect(encodeMllp(utf, { charset: 'latin1' }).length).toBe(utf.length + 3);
    expect(encodeMllp('no msh é').length).toBe('no msh é'.length + 4);
  });
});

describe('MllpDecoder', () => {
  it('returns whole messages, skipping bytes before VT', () => {
    const d = new MllpDecoder();
    const stream = concatBytes([bytes('noise\r\n'), encodeMllp('A'), bytes('\r\n'), encodeMllp('B'), encodeMllp('C')]);
    expect(d.push(stream).map(text)).toEqual(['A', 'B', 'C']);
    expect(d.buffered).toBe(0);
  });

  it('holds a partial message until its end block arrives', () => {
    const d = new MllpDecoder();
    expect(d.push(bytes('\u000bMSH|par'))).toEqual([]);
    expect(d.buffered).toBe(7);
    expect(d.push(bytes('tial\u001c'))[0]).toEqual(bytes('MSH|partial'));
    expect(d.push(bytes('\r'))).toEqual([]);
    expect(d.push(bytes('\u000bnext\u001c\r')).map(text)).toEqual(['next']);
  });

  it('ends a message at FS even without the CR, and restarts on a VT inside a frame', () => {
    const d = new MllpDecoder();
    expect(d.push(bytes('\u000bone\u001c\u000btwo\u001c')).map(text)).toEqual(['one', 'two']);
    expect(d.push(bytes('\u000babandoned\u000bthree\u001c\r')).map(text)).toEqual(['three']);
    expect(d.push(bytes('\u000bfour')).map(text)).toEqual([]);
    expect(d.push(bytes('\u000bfive\u001c')).map(text)).toEqual(['five']);
    expect(d.push(bytes('\u000b\u001c\r')).map(text)).toEqual(['']);
  });

  it('drops a frame that grows past the limit and resynchronises', () => {
    const errors: Hl7Error[] = [];
    const d = new MllpDecoder({ maxMessageBytes: 8, onError: (e) => errors.push(e) });
    expect(d.push(bytes('\u000b0123456789\u001c\r\u000bok\u001c\r')).map(text)).toEqual(['ok']);
    expect(d.push(bytes('\u000b0123')).map(text)).toEqual([]);
    expect(d.push(bytes('456789')).map(text)).toEqual([]);
    expect(d.push(bytes('more\u001c\r\u000bok2\u001c\r')).map(text)).toEqual(['ok2']);
    expect(errors.map((e) => e.code)).toEqual(['MLLP_TOO_LARGE', 'MLLP_TOO_LARGE']);
    expect(d.droppedFrames).toBe(2);
    expect(() => new MllpDecoder({ maxMessageBytes: 0 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('does not keep references into the caller\'s buffers', () => {
    const d = new MllpDecoder();
    const chunk = bytes('\u000babc');
    d.push(chunk);
    chunk.fill(0x21);
    expect(text(d.push(bytes('\u001c\r'))[0] as Uint8Array)).toBe('abc');
  });

  it('decodes the same messages under any chunking (property)', () => {
    const message = fc.uint8Array({ maxLength: 60 }).map((b) => b.map((x) => (x === 0x0b || x === 0x1c ? 0x41 : x)));
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), fc.uint8Array({ maxLength: 8 }), fc.array(fc.nat(500), { maxLength: 20 }), (messages, junk, offsets) => {
        const cleanJunk = junk.map((x) => (x === 0x0b ? 0x20 : x));
        const stream = concatBytes([cleanJunk, ...messages.map((m) => encodeMllp(m))]);
        const d = new MllpDecoder();
        const out = cut(stream, offsets).flatMap((chunk) => d.push(chunk));
        expect(out.map((m) => [...m])).toEqual(messages.map((m) => [...m]));
        expect(d.buffered).toBe(0);
      }),
      { numRuns: runs(500) },
    );
  });
});
