import { describe, expect, it } from 'vitest';
import { EscPosBuilder, encodeCp437, parsePaperStatus } from './escpos.js';
import { renderReceipt } from './receipt-layout.js';

const hex = (bytes: Uint8Array | number[]) => Buffer.from(bytes).toString('hex');
const context = { hospitalName: 'St. Mary Hospital', workstationId: 'reception-1', printedAt: '2026-03-02 09:15' };

describe('EscPosBuilder', () => {
  it('encodes the basic commands', () => {
    const bytes = new EscPosBuilder(48).init().align('center').bold(true).size(2, 3).text('Hi').newline().feed(2).cut(0).bytes();
    expect(hex(bytes)).toBe(['1b40', '1b7400', '1b6101', '1b4501', '1d2112', '4869', '0a', '1b6402', '1d564200'].join(''));
  });

  it('encodes Code 128 with GS k 73 in subset B, doubling a literal "{"', () => {
    const bytes = new EscPosBuilder().code128('A{1', { height: 60, moduleWidth: 3, hri: true }).bytes();
    expect(hex(bytes)).toBe(['1d683c', '1d7703', '1d4802', '1d6b49', '06', hex(encodeCp437('{BA{{1'))].join(''));
  });

  it('stores then prints a QR code', () => {
    const bytes = hex(new EscPosBuilder().qr('HMS', { moduleSize: 4, errorCorrection: 'Q' }).bytes());
    expect(bytes).toContain('1d286b0600315030' + hex([...'HMS'].map((char) => char.charCodeAt(0))));
    expect(bytes.endsWith('1d286b0300315130')).toBe(true);
  });

  it('lays a label and a value out on one line of the paper width', () => {
    const text = Buffer.from(new EscPosBuilder(42).pair('MRN', 'HMS-000123').bytes()).toString('latin1');
    expect(text).toBe(`MRN${' '.repeat(42 - 3 - 10)}HMS-000123\n`);
  });

  it('maps accents to code page 437, or drops them when the page lacks the letter', () => {
    expect(encodeCp437('Müller é ñ')).toEqual([0x4d, 0x81, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x82, 0x20, 0xa4]);
    expect(Buffer.from(encodeCp437('Łukasz Ș 漢')).toString('latin1')).toBe('Lukasz S ?');
  });
});

describe('parsePaperStatus (DLE EOT 4)', () => {
  it('reads paper present, near its end, and out', () => {
    expect(parsePaperStatus(0x12)).toBe('ok');
    expect(parsePaperStatus(0x1e)).toBe('nearEnd');
    expect(parsePaperStatus(0x72)).toBe('out');
    expect(parsePaperStatus(0x7e)).toBe('out');
    expect(parsePaperStatus(0x00)).toBeUndefined();
    expect(parsePaperStatus(0xff)).toBeUndefined();
  });
});

describe('renderReceipt', () => {
  it('prints a registration slip with the MRN barcode and ends with a cut', () => {
    const bytes = renderReceipt(
      { kind: 'registrationSlip', patient: { mrn: 'HMS-000123', name: 'Amina Yusuf', sex: 'F', birthDate: '1990-04-12', phone: '0722 123456' }, registeredAt: '2026-03-02T09:10:00.000Z', registeredBy: 'Rita' },
      context, 48, 'Receipt printer',
    );
    const text = Buffer.from(bytes).toString('latin1');
    expect(text).toContain('St. Mary Hospital');
    expect(text).toContain('Amina Yusuf');
    expect(text).toContain('DOB 12 Apr 1990');
    expect(hex(bytes)).toContain(hex(encodeCp437('{BHMS-000123')));
    expect(hex(bytes).startsWith('1b40')).toBe(true);
    expect(hex(bytes).endsWith('1d564230')).toBe(true);
  });

  it('prints a queue token in large type', () => {
    const bytes = renderReceipt(
      { kind: 'queueToken', token: 'A-014', department: 'Outpatients', patient: { mrn: 'HMS-000123', name: 'Amina Yusuf' }, issuedAt: '2026-03-02T09:10:00.000Z', waitingAhead: 3 },
      context, 42, 'Receipt printer',
    );
    expect(hex(bytes)).toContain('1d2133' + hex(encodeCp437('A-014')));
    expect(Buffer.from(bytes).toString('latin1')).toContain('3 patients ahead of you');
  });
});
