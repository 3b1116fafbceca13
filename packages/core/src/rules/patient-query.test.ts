import { describe, expect, it } from 'vitest';
import { DEFAULT_MRN_FORMAT, parseMrnFormat, renderMrn } from './mrn-format.js';
import { classifyPatientQuery, mrnKey } from './patient-query.js';

const mrnFormat = parseMrnFormat(DEFAULT_MRN_FORMAT);
const classify = (query: string) => classifyPatientQuery(query, { mrnFormat });

describe('classifyPatientQuery', () => {
  it('reads MRNs typed or scanned', () => {
    const mrn = renderMrn(mrnFormat, '2026', 123);
    expect(classify(mrn)).toMatchObject({ kind: 'mrn', mrn: { mrn, checkValid: true } });
    expect(classify(` ]C1${mrn.toLowerCase()}\r\n`)).toMatchObject({ kind: 'mrn', mrn: { mrn } });
    const typo = mrn.slice(0, -1) + String((Number(mrn.at(-1)) + 1) % 10);
    expect(classify(typo)).toMatchObject({ kind: 'mrn', mrn: { checkValid: false } });
  });

  it('reads phone numbers and national IDs', () => {
    expect(classify('0722 123 456')).toMatchObject({ kind: 'identifier', phones: ['254722123456'] });
    expect(classify('+254722123456').phones).toEqual(['254722123456']);
    expect(classify('12345678')).toMatchObject({ kind: 'identifier', nationalIds: ['12345678'], phones: [] });
    expect(classify('A1234567')).toMatchObject({ kind: 'identifier', nationalIds: ['A1234567'] });
    expect(classify('0722')).toMatchObject({ kind: 'identifier', phonePrefixes: ['254722'] });
  });

  it('keeps an identifier that is not an MRN of the current format as an MRN key of an earlier format', () => {
    expect(classify('KNH-000123')).toMatchObject({ kind: 'identifier', mrnKey: 'KNH000123' });
    expect(classify(' ]C1knh/000123\r\n')).toMatchObject({ mrnKey: 'KNH000123' });
    expect(classify('2019/12345')).toMatchObject({ kind: 'empty', mrnKey: '201912345' });
    expect(classify('12345678')).toMatchObject({ nationalIds: ['12345678'], mrnKey: '12345678' });
    expect(classify('0722')).toMatchObject({ phonePrefixes: ['254722'], mrnKey: '0722' });
    // An MRN of the current format (even with a wrong check character), names, dates, or several parts: no key.
    const mrn = renderMrn(mrnFormat, '2026', 123);
    expect(classify(mrn).mrnKey).toBeUndefined();
    expect(classify(mrn.slice(0, -1) + String((Number(mrn.at(-1)) + 1) % 10)).mrnKey).toBeUndefined();
    for (const query of ['kamau', 'mary 0722', '1984', '1984-05-01', '0722 123 456', 'KNH 000123', '123', '-.-1']) expect(classify(query).mrnKey, query).toBeUndefined();
    expect(mrnKey('knh/000-123')).toBe('KNH000123');
  });

  it('reads dates and years of birth', () => {
    expect(classify('1984-05-01')).toMatchObject({ kind: 'birth_date', birthDate: '1984-05-01' });
    expect(classify('1/5/1984')).toMatchObject({ birthDate: '1984-05-01' });
    expect(classify('1984')).toMatchObject({ kind: 'birth_date', birthYear: 1984 });
  });

  it('reads names and combinations', () => {
    expect(classify('Mary  Wanjiku')).toMatchObject({ kind: 'name', words: ['mary', 'wanjiku'] });
    expect(classify('kamau 1984')).toMatchObject({ kind: 'combined', words: ['kamau'], birthYear: 1984 });
    expect(classify('mary 0722')).toMatchObject({ kind: 'combined', words: ['mary'], phonePrefixes: ['254722'] });
    expect(classify("N'Dungu j")).toMatchObject({ words: ['ndungu'] });
    expect(classify('   ').kind).toBe('empty');
  });
});
