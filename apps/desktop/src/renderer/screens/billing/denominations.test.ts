import { describe, expect, it } from 'vitest';
import { parseDenominations } from './BillingSettingsSection.js';
import { denominationText } from './money.js';

describe('the notes and coins a drawer is counted in', () => {
  it('read as major units, largest first, each once; one that does not read refuses the list', () => {
    expect(parseDenominations('50, 1000 500;0.5 1000', 2)).toEqual([100_000, 50_000, 5_000, 50]);
    expect(parseDenominations('1000, ten', 2)).toBeUndefined();
    expect(parseDenominations('0', 2)).toBeUndefined();
    expect(parseDenominations('', 2)).toBeUndefined();
    expect(parseDenominations('1000 500', 0)).toEqual([1_000, 500]);
  });

  it('are shown as printed on them', () => {
    const kes = { code: 'KES', minorDigits: 2 };
    expect(denominationText(100_000, kes)).toBe('1,000');
    expect(denominationText(50, kes)).toBe('0.50');
    expect(denominationText(500, { code: 'UGX', minorDigits: 0 })).toBe('500');
  });
});
