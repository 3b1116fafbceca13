import { describe, expect, it } from 'vitest';
import { passwordString, text, textCharacterProblem, wireString } from './common.js';

const ODD = {
  nul: '\u0000',
  escape: '\u001B',
  del: '\u007F',
  c1NextLine: '\u0085',
  loneHighSurrogate: '\uD800',
  loneLowSurrogate: '\uDC00',
  rightToLeftOverride: '\u202E',
  leftToRightEmbedding: '\u202A',
  firstStrongIsolate: '\u2068',
  zeroWidthSpace: '\u200B',
  rightToLeftMark: '\u200F',
  wordJoiner: '\u2060',
  byteOrderMark: '\uFEFF',
  lineSeparator: '\u2028',
  arabicLetterMark: '\u061C',
} as const;

describe('textCharacterProblem', () => {
  it.each(Object.entries(ODD))('refuses %s and names its code point', (_name, char) => {
    const problem = textCharacterProblem(`Mary${char}Kamau`);
    expect(problem).toBeDefined();
    expect(problem).toContain(`U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  });

  it('accepts letters of every script, accents, emoji and a pair of surrogates', () => {
    for (const value of ['Wanjirũ', 'Ñandú', 'محمد', 'श्रेया', '李小龍', 'Zoë', 'می\u200Cخواهم', 'क\u094D\u200Dष', 'N\'Dungu-Wa', '𝒜']) {
      expect(textCharacterProblem(value)).toBeUndefined();
    }
  });

  it('refuses a zero-width joiner that joins no letters', () => {
    expect(textCharacterProblem('\u200DMary')).toContain('U+200D');
    expect(textCharacterProblem('Mary \u200C Kamau')).toContain('U+200C');
  });

  it('lets multi-line fields keep tab and newlines, and only those', () => {
    expect(textCharacterProblem('line one\r\n\tline two', { multiline: true })).toBeUndefined();
    expect(textCharacterProblem('line one\nline two')).toContain('U+000A');
    expect(textCharacterProblem('a\tb')).toContain('U+0009');
    expect(textCharacterProblem('line one\n\u0000', { multiline: true })).toContain('U+0000');
    expect(textCharacterProblem('\u202Eline', { multiline: true })).toContain('U+202E');
  });
});

describe('wireString and text', () => {
  it('answer the character problem as the field\'s message', () => {
    const result = text(80).safeParse('Amina\u202E');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.message).toBe('must not contain invisible formatting characters (U+202E)');
    expect(wireString(80).safeParse('x\uD800').error?.issues[0]?.message).toContain('unpaired surrogate');
  });

  it('normalize to NFC before bounding, and text trims first', () => {
    expect(wireString(5).parse('Zoe\u0301')).toBe('Zoé');
    expect(text(5).parse('  Zoe\u0301  ')).toBe('Zoé');
    expect(text(3).safeParse('   ').error?.issues[0]?.message).toBe('must not be empty');
    expect(wireString(3).safeParse('abcd').error?.issues[0]?.message).toBe('at most 3 characters');
  });
});

describe('passwordString', () => {
  it('keeps a password as typed but refuses controls and lone surrogates', () => {
    expect(passwordString(64).parse('Pässwörd \u202E 1')).toBe('Pässwörd \u202E 1');
    expect(passwordString(64).parse('Zoe\u0301')).toBe('Zoe\u0301');
    expect(passwordString(64).safeParse('secret\u0000').success).toBe(false);
    expect(passwordString(64).safeParse('secret\uD800').success).toBe(false);
  });
});
