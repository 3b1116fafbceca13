import { describe, expect, it } from 'vitest';
import { DEFAULT_MRN_FORMAT, parseMrnFormat, renderMrn } from './mrn-format.js';
import { classifyPatientQuery } from './patient-query.js';

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
