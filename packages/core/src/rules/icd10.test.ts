import { describe, expect, it } from 'vitest';
import { formatIcd10Code, icd10CodeKey, icd10CodePrefix, icd10Words, parseIcd10Line } from './icd10.js';

describe('ICD-10-CM code keys', () => {
  it('reads a code with or without its dot, in either case', () => {
    expect(icd10CodeKey('J18.9')).toBe('J189');
    expect(icd10CodeKey(' j189 ')).toBe('J189');
    expect(icd10CodeKey('I10')).toBe('I10');
    expect(icd10CodeKey('S72.001A')).toBe('S72001A');
    expect(icd10CodeKey('QA0.0')).toBe('QA00');
  });

  it('refuses what cannot be a code', () => {
    for (const typed of ['J1', '18.9', 'J1.89', 'J18..9', 'J18.9.1', 'S72.001AB', 'pneumonia', '']) expect(icd10CodeKey(typed), typed).toBeUndefined();
  });

  it('writes the dot after the category', () => {
    expect(formatIcd10Code('J189')).toBe('J18.9');
    expect(formatIcd10Code('I10')).toBe('I10');
    expect(formatIcd10Code('S72001A')).toBe('S72.001A');
  });

  it('tells the start of a code from words', () => {
    expect(icd10CodePrefix('j18')).toBe('J18');
    expect(icd10CodePrefix('J18.')).toBe('J18');
    expect(icd10CodePrefix('J18.9')).toBe('J189');
    expect(icd10CodePrefix('A0')).toBe('A0');
    expect(icd10CodePrefix('QA0')).toBe('QA0');
    for (const words of ['flu', 'pain', 'type 2 diabetes', 'J', 'J1.8']) expect(icd10CodePrefix(words), words).toBeUndefined();
  });

  it('splits descriptions into folded words', () => {
    expect(icd10Words('Pneumonia, unspecified organism')).toEqual(['pneumonia', 'unspecified', 'organism']);
    expect(icd10Words('Type 2 diabetes mellitus w/o complications')).toEqual(['type', '2', 'diabetes', 'mellitus', 'w', 'o', 'complications']);
    expect(icd10Words('Ménière\'s disease')).toEqual(['meniere', 's', 'disease']);
  });
});

describe('parseIcd10Line', () => {
  const order = (n: string, code: string, flag: string, short: string, long: string) => `${n} ${code.padEnd(7)} ${flag} ${short.padEnd(60)} ${long}\r`;

  it('reads the CMS order-file layout, billable or heading', () => {
    expect(parseIcd10Line(order('00001', 'A00', '0', 'Cholera', 'Cholera'))).toEqual({
      ok: true, entry: { code: 'A00', billable: false, shortDescription: 'Cholera', longDescription: 'Cholera' },
    });
    const long = 'Cholera due to Vibrio cholerae 01, biovar cholerae';
    expect(parseIcd10Line(order('00002', 'A000', '1', long, long))).toEqual({ ok: true, entry: { code: 'A000', billable: true, shortDescription: long, longDescription: long } });
  });

  it('reads a hospital list: code, description and an optional billable flag', () => {
    expect(parseIcd10Line('J18.9\tPneumonia, unspecified organism')).toEqual({
      ok: true, entry: { code: 'J189', billable: true, shortDescription: 'Pneumonia, unspecified organism', longDescription: 'Pneumonia, unspecified organism' },
    });
    expect(parseIcd10Line('J18\tPneumonia, unspecified organism\t0')).toMatchObject({ ok: true, entry: { code: 'J18', billable: false } });
  });

  it('says why a line is not a code', () => {
    expect(parseIcd10Line('hello world')).toMatchObject({ ok: false });
    expect(parseIcd10Line('18.9\tPneumonia')).toMatchObject({ ok: false, reason: '"18.9" is not an ICD-10-CM code' });
    expect(parseIcd10Line('J18.9\t')).toMatchObject({ ok: false, reason: 'no description' });
    expect(parseIcd10Line('J18.9\tPneumonia\tyes')).toMatchObject({ ok: false });
  });
});
