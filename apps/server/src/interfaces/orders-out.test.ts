import { parseHl7 } from '@hms/hl7';
import { afterEach, describe, expect, it } from 'vitest';
import { hl7OrderMessage, retryDelayMs, setOrdersOutTimingsForTests } from './orders-out.js';

const row = {
  id: 'q1', specimen_id: 's1', action: 'new' as const, attempts: 0, control_id: null, code: 'FBC', name: 'Full blood count',
  barcode: 'L2600012344-1', container: 'edta', collected_at: new Date('2026-03-02T08:55:00Z'),
  mrn: 'MRN-00042', family_name: 'Otieno|Smith', given_name: 'Jane^Ann', birth_date: '19800101', sex: 'F',
};
const codes = new Map([['FBC', ['HGB', 'WBC']]]);
const now = new Date('2026-03-02T09:00:00Z');

describe('orders out: the HL7 order message', () => {
  it('OML^O21 carries the patient, one ORC/OBR/SPM per analyzer code of the test, the barcode as placer number and specimen ID, with delimiters in names escaped', () => {
    const message = parseHl7(hl7OrderMessage('OML^O21', { action: 'new', controlId: 'HMS1', rows: [row] }, codes, now));
    expect(message.get('MSH-9.1')).toBe('OML');
    expect(message.get('MSH-10')).toBe('HMS1');
    expect(message.get('PID-3.1')).toBe('MRN-00042');
    expect(message.get('PID-5.1')).toBe('Otieno|Smith');
    expect(message.get('PID-5.2')).toBe('Jane^Ann');
    expect(message.segments('ORC').map((segment) => segment.getRaw('1'))).toEqual(['NW', 'NW']);
    expect(message.segments('OBR').map((segment) => segment.getRaw('4.1'))).toEqual(['HGB', 'WBC']);
    expect(message.segments('OBR').map((segment) => segment.getRaw('2'))).toEqual(['L2600012344-1', 'L2600012344-1']);
    expect(message.segments('SPM').map((segment) => segment.getRaw('2'))).toEqual(['L2600012344-1', 'L2600012344-1']);
  });

  it('ORM^O01 has no SPM, and a cancel is ORC-1 CA', () => {
    const message = parseHl7(hl7OrderMessage('ORM^O01', { action: 'cancel', controlId: 'HMS2', rows: [row] }, codes, now));
    expect(message.get('MSH-9.1')).toBe('ORM');
    expect(message.get('MSH-9.2')).toBe('O01');
    expect(message.segments('SPM')).toEqual([]);
    expect(message.segments('ORC').map((segment) => segment.getRaw('1'))).toEqual(['CA', 'CA']);
  });
});

describe('orders out: back-off', () => {
  afterEach(() => setOrdersOutTimingsForTests({}));
  it('doubles from one second per failed attempt and stops at five minutes', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(20)).toBe(300_000);
  });
});
