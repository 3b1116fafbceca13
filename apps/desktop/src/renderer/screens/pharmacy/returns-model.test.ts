import { describe, expect, it } from 'vitest';
import { checkReturn } from './returns-model.js';

describe('checkReturn', () => {
  it('takes whole units up to what is still out, with a reason', () => {
    expect(checkReturn(4, ' 2 ', ' Unopened ')).toEqual({ ok: true, quantity: 2, reason: 'Unopened' });
    expect(checkReturn(4, '4', 'Stopped by the doctor')).toMatchObject({ ok: true, quantity: 4 });
  });
  it('refuses more than is out, nothing, fractions, and a missing reason', () => {
    expect(checkReturn(4, '5', 'Unopened')).toEqual({ ok: false, errors: { quantity: 'Only 4 are still out on this line' } });
    expect(checkReturn(1, '2', 'Unopened')).toEqual({ ok: false, errors: { quantity: 'Only 1 is still out on this line' } });
    expect(checkReturn(4, '0', '')).toEqual({ ok: false, errors: { quantity: 'A whole number of units, more than 0', reason: expect.stringContaining('Say why') } });
    expect(checkReturn(4, '1.5', 'x')).toMatchObject({ ok: false, errors: { quantity: expect.any(String) } });
  });
});
