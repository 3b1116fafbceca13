import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WedgeDetector } from './wedge-detector.js';
import type { WedgeDecision, WedgeSettings } from './wedge-detector.js';

const base: WedgeSettings = { enabled: true, prefix: '', suffix: 'Enter', maxInterKeyMs: 30, minLength: 4 };

/** Types `text` then the suffix key, `gapMs` apart, starting at `start`. */
function type(detector: WedgeDetector, keys: string[], gapMs: number, start = 1_000): WedgeDecision[] {
  return keys.map((key, index) => detector.feed({ key, at: start + index * gapMs }));
}

describe('WedgeDetector', () => {
  it('recognises a fast burst ended by Enter as a scan and swallows the Enter', () => {
    const detector = new WedgeDetector(base);
    const decisions = type(detector, [...'MRN0001234', 'Enter'], 8);
    expect(decisions.at(-1)).toEqual({ swallow: true, scan: 'MRN0001234' });
    expect(decisions.slice(0, -1).every((decision) => !decision.swallow && decision.scan === undefined)).toBe(true);
  });

  it('leaves a person typing alone, even a fast typist', () => {
    const detector = new WedgeDetector(base);
    const decisions = type(detector, [...'amina', 'Enter'], 90);
    expect(decisions.every((decision) => decision.scan === undefined && !decision.swallow)).toBe(true);
  });

  it('ignores Shift between the characters of a scan', () => {
    const detector = new WedgeDetector(base);
    const decisions = type(detector, ['Shift', 'M', 'Shift', 'R', 'Shift', 'N', '1', '2', 'Enter'], 5);
    expect(decisions.at(-1)?.scan).toBe('MRN12');
  });

  it('needs the minimum length', () => {
    const detector = new WedgeDetector(base);
    expect(type(detector, [...'123', 'Enter'], 5).at(-1)).toEqual({ swallow: false });
  });

  it('starts over after a slow key: only the fast tail counts', () => {
    const detector = new WedgeDetector(base);
    detector.feed({ key: 'x', at: 0 });
    const decisions = type(detector, [...'A12345', 'Enter'], 5, 500);
    expect(decisions.at(-1)?.scan).toBe('A12345');
  });

  it('a slow Enter after a fast burst is a person pressing Enter', () => {
    const detector = new WedgeDetector(base);
    type(detector, [...'A12345'], 5);
    expect(detector.feed({ key: 'Enter', at: 5_000 })).toEqual({ swallow: false });
  });

  it('with a prefix, swallows the scan from the prefix on and strips it from the code', () => {
    const detector = new WedgeDetector({ ...base, prefix: ']C' });
    const decisions = type(detector, [...']C0HMS77', 'Enter'], 5);
    expect(decisions.map((decision) => decision.swallow)).toEqual([false, true, true, true, true, true, true, true, true]);
    expect(decisions.at(-1)?.scan).toBe('0HMS77');
  });

  it('with a prefix, a fast burst without it is not a scan', () => {
    const detector = new WedgeDetector({ ...base, prefix: '~' });
    expect(type(detector, [...'HMS1234', 'Enter'], 5).at(-1)).toEqual({ swallow: false });
  });

  it('supports Tab as the suffix', () => {
    const detector = new WedgeDetector({ ...base, suffix: 'Tab' });
    expect(type(detector, [...'12345678', 'Tab'], 5).at(-1)).toEqual({ swallow: true, scan: '12345678' });
    expect(type(detector, [...'12345678', 'Enter'], 5, 9_000).at(-1)?.scan).toBeUndefined();
  });

  it('with no suffix, a burst ends when the keys stop (flush)', () => {
    const detector = new WedgeDetector({ ...base, suffix: 'none' });
    type(detector, [...'HMS-000042'], 5);
    expect(detector.flush(1_000 + 9 * 5 + 10)).toBeUndefined();
    expect(detector.flush(1_000 + 9 * 5 + detector.quietMs)).toBe('HMS-000042');
    expect(detector.flush(99_999)).toBeUndefined();
  });

  it('does nothing when disabled', () => {
    const detector = new WedgeDetector({ ...base, enabled: false });
    expect(type(detector, [...'12345678', 'Enter'], 5).at(-1)).toEqual({ swallow: false });
  });

  it('property: keystrokes slower than the threshold never make a scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'B', '7', '-', 'Enter', 'Shift', 'Tab', 'Backspace'), { maxLength: 40 }),
        fc.array(fc.integer({ min: 31, max: 2_000 }), { minLength: 40, maxLength: 40 }),
        (keys, gaps) => {
          const detector = new WedgeDetector(base);
          let at = 0;
          return keys.every((key, index) => {
            at += gaps[index] ?? 31;
            return detector.feed({ key, at }).scan === undefined;
          });
        },
      ),
    );
  });

  it('property: any code typed fast and ended by Enter comes back exactly', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9-]{4,30}$/), fc.integer({ min: 1, max: 30 }), (code, gap) => {
        const detector = new WedgeDetector(base);
        return type(detector, [...code, 'Enter'], gap).at(-1)?.scan === code;
      }),
    );
  });
});
