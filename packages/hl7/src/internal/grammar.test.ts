import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { astmDelimitersArb, hl7DelimitersArb, runs, valueArb } from '../__fixtures__/arbitraries.js';
import { escapeAstm, unescapeAstm } from '../astm/astm-escape.js';
import { Hl7Error } from '../errors.js';
import { escapeHl7, unescapeHl7 } from '../hl7/hl7-escape.js';

describe('HL7 escaping', () => {
  it('escapes every special character with its own sequence', () => {
    expect(escapeHl7('a|b')).toBe('a\\F\\b');
    expect(escapeHl7('a^b')).toBe('a\\S\\b');
    expect(escapeHl7('a&b')).toBe('a\\T\\b');
    expect(escapeHl7('a~b')).toBe('a\\R\\b');
    expect(escapeHl7('a\\b')).toBe('a\\E\\b');
    expect(escapeHl7('a\nb')).toBe('a\\.br\\b');
    expect(escapeHl7('a\rb')).toBe('a\\X0D\\b');
    expect(escapeHl7('a\u000bb\u001c')).toBe('a\\X0B\\b\\X1C\\');
    expect(escapeHl7('tab\tstays')).toBe('tab\tstays');
    expect(escapeHl7('plain text é')).toBe('plain text é');
  });

  it('decodes every sequence', () => {
    expect(unescapeHl7('\\F\\\\S\\\\T\\\\R\\\\E\\')).toBe('|^&~\\');
    expect(unescapeHl7('\\X41424344\\')).toBe('ABCD');
    expect(unescapeHl7('\\Xc3a9\\', undefined, { utf8: true })).toBe('é');
    expect(unescapeHl7('\\Xe9\\')).toBe('é');
    expect(unescapeHl7('a\\.br\\b\\.sp\\c\\.sp 3\\d')).toBe('a\nb\nc\n\n\nd');
    expect(unescapeHl7('\\.ce\\x\\.sk 2\\y\\.in+4\\z\\.ti-2\\w\\.fi\\\\.nf\\')).toBe('\nx  yzw');
    expect(unescapeHl7('\\H\\bold\\N\\')).toBe('bold');
    expect(unescapeHl7('\\C2842\\text\\M2442\\')).toBe('text');
    expect(unescapeHl7('\\Zlocal\\')).toBe('\\Zlocal\\');
    expect(unescapeHl7('\\P\\')).toBe('#');
  });

  it('passes formatting through when asked', () => {
    const passThrough = { formatting: 'passThrough' } as const;
    expect(unescapeHl7('a\\.br\\b\\H\\c\\N\\\\F\\', undefined, passThrough)).toBe('a\\.br\\b\\H\\c\\N\\|');
    expect(unescapeHl7('\\.sp 2\\', undefined, passThrough)).toBe('\\.sp 2\\');
  });

  it('keeps an escape character that starts no valid sequence', () => {
    expect(unescapeHl7('C:\\data\\F\\x')).toBe('C:\\data|x');
    expect(unescapeHl7('back\\slash')).toBe('back\\slash');
    expect(unescapeHl7('\\\\')).toBe('\\\\');
    expect(unescapeHl7('\\X4\\')).toBe('\\X4\\');
    expect(unescapeHl7('\\XZZ\\')).toBe('\\XZZ\\');
    expect(unescapeHl7('\\.zz\\')).toBe('\\.zz\\');
    expect(unescapeHl7('\\.brx\\')).toBe('\\.brx\\');
    expect(unescapeHl7('\\Q\\')).toBe('\\Q\\');
  });

  it('bounds what a short formatting command can expand to', () => {
    expect(unescapeHl7('\\.sp999999999\\').length).toBeLessThanOrEqual(100);
    expect(unescapeHl7('\\.sk999999999\\').length).toBeLessThanOrEqual(100);
  });

  it('writes LF as X0A when "." is a delimiter', () => {
    const d = { field: '|', component: '.', repetition: '~', escape: '\\', subcomponent: '&', truncation: '' };
    expect(escapeHl7('a\nb', d)).toBe('a\\X0A\\b');
  });

  it('cannot write special characters without an escape character', () => {
    const d = { field: '|', component: '^', repetition: '~', escape: '', subcomponent: '&', truncation: '' };
    expect(escapeHl7('plain', d)).toBe('plain');
    expect(() => escapeHl7('a^b', d)).toThrow(Hl7Error);
  });

  it('round-trips any value under any delimiters', () => {
    fc.assert(
      fc.property(hl7DelimitersArb, valueArb(40), (d, value) => {
        const escaped = escapeHl7(value, d);
        for (const c of [d.field, d.component, d.repetition, d.subcomponent, '\r', '\n']) {
          expect(escaped.includes(c)).toBe(false);
        }
        expect(unescapeHl7(escaped, d, { utf8: true })).toBe(value);
        expect(unescapeHl7(escaped, d, { utf8: false })).toBe(value);
      }),
      { numRuns: runs(500) },
    );
  });
});

describe('ASTM escaping', () => {
  it('uses the declared escape character', () => {
    expect(escapeAstm('a|b^c\\d&e')).toBe('a&F&b&S&c&R&d&E&e');
    expect(unescapeAstm('a&F&b&S&c&R&d&E&e')).toBe('a|b^c\\d&e');
    const gx = { field: '|', repeat: '@', component: '^', escape: '\\' };
    expect(unescapeAstm('John \\R\\ Doe', gx)).toBe('John @ Doe');
    expect(escapeAstm('line\nbreak\r', gx)).toBe('line\\X0A\\break\\X0D\\');
  });

  it('tolerates the escape character used literally', () => {
    expect(unescapeAstm('Smith & Jones')).toBe('Smith & Jones');
    expect(unescapeAstm('R&D&S&x')).toBe('R&D^x');
    expect(unescapeAstm('&T&')).toBe('&T&');
  });

  it('round-trips any value under any delimiters', () => {
    fc.assert(
      fc.property(astmDelimitersArb, valueArb(40), (d, value) => {
        const escaped = escapeAstm(value, d);
        for (const c of [d.field, d.component, d.repeat, '\r', '\n']) expect(escaped.includes(c)).toBe(false);
        expect(unescapeAstm(escaped, d)).toBe(value);
      }),
      { numRuns: runs(500) },
    );
  });
});
