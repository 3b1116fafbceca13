import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE128, Code128Error, code128Bars, code128Modules, code128Values } from './code128.js';

/** An independent decoder: reads the modules back into text, checking every rule on the way. */
function decode(modules: number[]): string {
  const patterns = CODE128.PATTERNS.map((pattern) => pattern);
  const values: number[] = [];
  let at = 0;
  while (at < modules.length) {
    const size = modules.length - at === 7 ? 7 : 6;
    const value = patterns.indexOf(modules.slice(at, at + size).join('') as (typeof patterns)[number]);
    if (value < 0) throw new Error(`no symbol at ${at}`);
    values.push(value);
    at += size;
  }
  const stop = values.pop();
  const checksum = values.pop()!;
  if (stop !== CODE128.STOP) throw new Error('no stop');
  const sum = values.reduce((total, value, index) => total + value * Math.max(index, 1), 0) % 103;
  if (sum !== checksum) throw new Error('bad checksum');
  let set: 'B' | 'C' = values[0] === CODE128.START_C ? 'C' : 'B';
  let text = '';
  for (const value of values.slice(1)) {
    if (value === CODE128.CODE_B) set = 'B';
    else if (value === CODE128.CODE_C) set = 'C';
    else text += set === 'B' ? String.fromCharCode(value + 32) : String(value).padStart(2, '0');
  }
  return text;
}

describe('Code 128', () => {
  it('has 106 symbols of 11 modules and a 13-module stop, all distinct', () => {
    const widths = CODE128.PATTERNS.map((pattern) => [...pattern].reduce((sum, digit) => sum + Number(digit), 0));
    expect(widths.slice(0, 106).every((width) => width === 11)).toBe(true);
    expect(widths[106]).toBe(13);
    expect(new Set(CODE128.PATTERNS).size).toBe(107);
  });

  it('encodes the textbook example in subset B', () => {
    // "PJJ123C": start B 104, P=48 J=42 J=42 1=17 2=18 3=19 C=35; checksum by hand:
    // (104 + 48*1 + 42*2 + 42*3 + 17*4 + 18*5 + 19*6 + 35*7) mod 103 = 879 mod 103 = 55.
    expect(code128Values('PJJ123C')).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
  });

  it('packs digit runs in subset C', () => {
    expect(code128Values('000123')).toEqual([105, 0, 1, 23, (105 + 0 * 1 + 1 * 2 + 23 * 3) % 103, 106]);
    const mrn = code128Values('HMS-00012345');
    expect(mrn.slice(0, 6)).toEqual([104, 40, 45, 51, 13, CODE128.CODE_C]);
    expect(decode(code128Modules('HMS-00012345'))).toBe('HMS-00012345');
  });

  it('round-trips any printable text through an independent decoder', () => {
    fc.assert(fc.property(fc.stringMatching(/^[ -~]{1,40}$/), (text) => decode(code128Modules(text)) === text));
  });

  it('draws bars that start at 0 and end at the symbol width', () => {
    const { bars, width } = code128Bars('A1');
    expect(bars[0]?.x).toBe(0);
    const last = bars.at(-1)!;
    expect(last.x + last.width).toBe(width);
    expect(width).toBe(11 * 4 + 13);
  });

  it('refuses characters Code 128 subset B cannot carry', () => {
    expect(() => code128Values('Müller')).toThrow(Code128Error);
    expect(() => code128Values('')).toThrow(Code128Error);
  });
});
