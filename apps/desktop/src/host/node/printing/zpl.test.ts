import { describe, expect, it } from 'vitest';
import { renderLabel } from './label-layout.js';
import { ZplBuilder, escapeFieldData, parseHostStatus } from './zpl.js';

const context = { hospitalName: 'St. Mary Hospital', workstationId: 'reception-1', printedAt: '2026-03-02 09:15' };

describe('ZplBuilder', () => {
  it('builds a label with UTF-8 text, a Code 128 barcode and copies', () => {
    const zpl = new ZplBuilder({ widthDots: 406, lengthDots: 203 })
      .text('Amina Yusuf', { x: 16, y: 12, height: 28 })
      .code128('HMS-000123', { x: 16, y: 80, height: 70 })
      .build(2);
    expect(zpl.split('\n')).toEqual([
      '^XA', '^CI28', '^PW406', '^LL203', '^LH0,0',
      '^FO16,12^A0N,28,28^FH_^FDAmina Yusuf^FS',
      '^FO16,80^BY2,3,70^BCN,70,Y,N,N^FDHMS-000123^FS',
      '^PQ2', '^XZ', '',
    ]);
  });

  it('keeps ZPL control characters in names from breaking the label', () => {
    expect(escapeFieldData('A^B~C_D')).toBe('A_5EB_7EC_5FD');
    expect(new ZplBuilder({ widthDots: 10, lengthDots: 10 }).code128('A>B', { x: 0, y: 0, height: 10 }).build()).toContain('^FDA><B^FS');
  });

  it('reads the ~HS host status', () => {
    const ok = '\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n\x02000,0,0,0,0,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n';
    expect(parseHostStatus(ok)).toEqual({ ready: true });
    const out = '\x02030,1,1,1245,000,0,0,0,000,0,0,0\x03\r\n\x02000,0,1,0,0,2,4,0,00000000,1,000\x03\r\n';
    expect(parseHostStatus(out)).toEqual({ ready: false, problems: ['out of paper', 'paused', 'print head open'] });
    expect(parseHostStatus('\x02030,0,0')).toBeUndefined();
  });
});

describe('renderLabel', () => {
  it('prints a wristband with the MRN as Code 128 along the band', () => {
    const zpl = renderLabel({ kind: 'wristband', patient: { mrn: 'HMS-000123', name: 'Amina Yusuf', sex: 'F', birthDate: '1990-04-12' } }, context, 203, 'Label printer');
    expect(zpl).toMatch(/^\^XA\n/);
    expect(zpl).toMatch(/\^XZ\n$/);
    expect(zpl).toContain('^PW200');
    expect(zpl).toContain('^FDAmina Yusuf^FS');
    expect(zpl).toMatch(/\^BCR,\d+,N,N,N\^FDHMS-000123\^FS/);
    expect(zpl).toContain('^FDF  DOB 12 Apr 1990^FS');
  });

  it('prints patient labels in the asked number of copies', () => {
    const zpl = renderLabel({ kind: 'label', patient: { mrn: 'HMS-000123', name: 'Amina Yusuf' }, caption: 'Blood', copies: 3 }, context, 300, 'Label printer');
    expect(zpl).toContain('^PW591');
    expect(zpl).toContain('^PQ3');
    expect(zpl).toContain('^BY3,3,');
  });
});
