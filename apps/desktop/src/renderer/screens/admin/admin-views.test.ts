import { describe, expect, it } from 'vitest';
import { likelyAnalyte, testChoices } from './mapping-choices.js';
import { EMPTY_FILTER, messageParams } from './message-filter.js';
import { readableRaw } from './raw-text.js';

describe('the admin desk\'s interface views', () => {
  it('shows a raw message one segment a line, every control byte named', () => {
    expect(readableRaw('\u000bMSH|^~\\&\rPID|1\r\u001c')).toBe('<VT>MSH|^~\\&<CR>\nPID|1<CR>\n<FS>');
    expect(readableRaw('\u00021H|\\^&\u000317\u0000')).toBe('<STX>1H|\\^&<ETX>17<0x00>');
  });

  it('searches the log with only the fields filled, times as instants', () => {
    expect(messageParams(EMPTY_FILTER)).toEqual({ limit: 50 });
    const params = messageParams({ interfaceId: 'i-1', status: 'parsed', accession: ' L26000012 ', from: '2026-12-03T08:00', to: '', attention: true }, 'next.1');
    expect(params).toEqual({ limit: 50, interfaceId: 'i-1', status: 'parsed', attention: true, accession: 'L26000012', from: new Date('2026-12-03T08:00').toISOString(), cursor: 'next.1' });
  });

  it('offers catalogue tests with their analytes and units, and guesses the analyte an analyzer code names', () => {
    const tests = testChoices();
    const rbg = tests.find((test) => test.code === 'RBG');
    expect(rbg?.analytes).toEqual([{ code: 'GLU', name: 'Glucose (random)', unit: 'mmol/L' }]);
    const fbc = tests.find((test) => test.code === 'FBC');
    expect(likelyAnalyte(fbc, 'hgb')?.code).toBe('HGB');
    expect(likelyAnalyte(fbc, '718-7')).toBeUndefined();
    // A test with one analyte: that one, whatever the analyzer calls it.
    expect(likelyAnalyte(rbg, 'GLUC')?.code).toBe('GLU');
  });
});
