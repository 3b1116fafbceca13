import { describe, expect, it } from 'vitest';
import { trendRange } from './trend-range.js';

describe('trendRange', () => {
  it('keeps a temperature trend on the usual span, so 38.9 to 38.4 °C reads as a fall', () => {
    expect(trendRange([38.9, 38.4], [35, 41])).toEqual({ min: 35, max: 41 });
  });

  it('widens the span to take a reading outside it', () => {
    expect(trendRange([34.1, 36], [35, 41])).toEqual({ min: 33, max: 41 });
    expect(trendRange([210, 180], [60, 200])).toEqual({ min: 60, max: 217 });
  });

  it('spans the readings with a tenth either side when the measurement has no usual span', () => {
    expect(trendRange([64], undefined)).toEqual({ min: 57, max: 71 });
  });

  it('has nothing to say without readings or a span', () => {
    expect(trendRange([], undefined)).toBeUndefined();
  });
});
