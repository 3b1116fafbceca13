import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneQuery } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['0722 123 456', '+254722123456'],
    ['0722-123-456', '+254722123456'],
    ['722123456', '+254722123456'],
    ['254722123456', '+254722123456'],
    ['+254 722 123456', '+254722123456'],
    ['00256 772 123456', '+256772123456'],
    ['+1 (555) 010-0199', '+15550100199'],
  ])('%s -> %s', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it.each(['', '0722', 'call me', '07221234567', '+0722123456'])('refuses %j', (raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });

  it('uses another plan when given', () => {
    expect(normalizePhone('0772 123456', { callingCode: '256', nationalLength: 9 })).toBe('+256772123456');
  });
});

describe('phoneQuery', () => {
  it('matches whole numbers exactly and partial ones by prefix', () => {
    expect(phoneQuery('0722123456')).toEqual({ exact: '254722123456' });
    expect(phoneQuery('0722')).toEqual({ prefix: '254722' });
    expect(phoneQuery('722')).toEqual({ prefix: '254722' });
    expect(phoneQuery('2547')).toEqual({ prefix: '2547' });
    expect(phoneQuery('07')).toBeUndefined();
  });
});
