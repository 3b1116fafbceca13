import { describe, expect, it } from 'vitest';
import { LineFramer } from './line-framer.js';

describe('LineFramer', () => {
  it('splits codes at CR, across chunk boundaries', () => {
    const framer = new LineFramer('CR');
    expect(framer.push('HMS-00')).toEqual([]);
    expect(framer.push('0123\rHMS-0')).toEqual(['HMS-000123']);
    expect(framer.push('00124\r\r')).toEqual(['HMS-000124']);
  });

  it('drops a stray LF left by a CRLF scanner read as CR', () => {
    const framer = new LineFramer('CR');
    expect(framer.push('A1234\r\nB5678\r\n')).toEqual(['A1234', 'B5678']);
  });

  it('supports LF and CRLF terminators', () => {
    expect(new LineFramer('LF').push('A1\nB2\n')).toEqual(['A1', 'B2']);
    expect(new LineFramer('CRLF').push('A1\r\nB2\r')).toEqual(['A1']);
  });

  it('discards an endless line rather than growing without bound', () => {
    const framer = new LineFramer('CR', 16);
    expect(framer.push('x'.repeat(40))).toEqual([]);
    expect(framer.push('OK123\r')).toEqual(['OK123']);
  });
});
