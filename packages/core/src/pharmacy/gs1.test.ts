import { describe, expect, it } from 'vitest';
import { GROUP_SEPARATOR as GS, parseGs1 } from './gs1.js';

const today = new Date('2026-12-02T08:00:00Z');

function pack(scanned: string) {
  const result = parseGs1(scanned, today);
  if (!result.ok) throw new Error(result.problem);
  return result.pack;
}

function problem(scanned: string): string {
  const result = parseGs1(scanned, today);
  if (result.ok) throw new Error('parsed, but a problem was expected');
  return result.problem;
}

describe('parseGs1 on pack encodings', () => {
  // The EU FMD layout as a DataMatrix scanner transmits it: symbology identifier, GS after the batch.
  it('reads GTIN, expiry, batch and serial from a scanned DataMatrix with ]d2 and a GS separator', () => {
    expect(pack(`]d2010987654321098217271130102401A5${GS}21S7K2P9QX4M1`)).toEqual({
      gtin: '09876543210982', expiry: '2027-11-30', batch: '2401A5', serial: 'S7K2P9QX4M1', others: {},
    });
  });

  it('reads the same code without the symbology identifier (scanner set to strip it)', () => {
    expect(pack(`010987654321098217271130102401A5${GS}21S7K2P9QX4M1`)).toMatchObject({ batch: '2401A5', serial: 'S7K2P9QX4M1' });
  });

  it('needs no separator when the variable field comes last', () => {
    // GS1 healthcare example GTIN, serial before batch, batch last: no GS anywhere.
    expect(pack(']d20109506000134352172803311034A56B7')).toEqual({ gtin: '09506000134352', expiry: '2028-03-31', batch: '34A56B7', others: {} });
  });

  it('reads a German NTIN pack (PZN in the GTIN) with the serial before expiry and batch', () => {
    expect(pack(`]d2010415012345678221A1B2C3D4E5F6${GS}1727063010LOT-77`)).toEqual({
      gtin: '04150123456782', serial: 'A1B2C3D4E5F6', expiry: '2027-06-30', batch: 'LOT-77', others: {},
    });
  });

  it('treats a leading GS (FNC1 in first position sent by some scanners) as the GS1 flag only', () => {
    expect(pack(`${GS}010340093000012017270500` + `10B123`)).toMatchObject({ gtin: '03400930000120', expiry: '2027-05-31', batch: 'B123' });
  });

  it('reads the bracketed human-readable form printed under the code, spaces allowed', () => {
    expect(pack('(01)09506000134352 (17)271200 (10)AB-12/3 (21)0001')).toEqual({
      gtin: '09506000134352', expiry: '2027-12-31', batch: 'AB-12/3', serial: '0001', others: {},
    });
  });

  it('reads day 00 as the last day of the month, leap years included', () => {
    expect(pack('(01)09506000134352(17)280200').expiry).toBe('2028-02-29');
    expect(pack('(01)09506000134352(17)270200').expiry).toBe('2027-02-28');
    expect(pack('(01)09506000134352(17)270400').expiry).toBe('2027-04-30');
  });

  it('puts two-digit years in the century within 49 years back and 50 ahead of today', () => {
    expect(pack('(01)09506000134352(17)991231').expiry).toBe('1999-12-31');
    expect(pack('(01)09506000134352(17)760101').expiry).toBe('2076-01-01');
    expect(pack('(01)09506000134352(17)770101').expiry).toBe('1977-01-01');
  });

  it('keeps other AIs (a national number, a production date) without losing the four it knows', () => {
    expect(pack(`]d201095060001343521126010117290131714ABC123${GS}10X1`)).toEqual({
      gtin: '09506000134352', expiry: '2029-01-31', batch: 'X1', others: { '11': '260101', '714': 'ABC123' },
    });
  });
});

describe('parseGs1 refuses what is not a pack code', () => {
  it('refuses a GTIN with a wrong check digit (one digit misread)', () => {
    expect(problem(']d20109506000134353172712311012')).toMatch(/check digit \(the last digit should be 2\)/);
  });

  it('refuses an impossible expiry', () => {
    expect(problem('(01)09506000134352(17)271301')).toMatch(/expiry \(17\) 271301 is not a date/);
    expect(problem('(01)09506000134352(17)270231')).toMatch(/not a date/);
  });

  it('refuses a code without a GTIN, a truncated GTIN, a repeated AI and a batch over 20 characters', () => {
    expect(problem('(17)270101(10)A')).toMatch(/no GTIN/);
    expect(problem('01095060001343')).toMatch(/needs 14 characters/);
    expect(problem('(01)09506000134352(10)A(10)B')).toMatch(/appears twice/);
    expect(problem(`0109506000134352101234567890123456789012${GS}21X`)).toMatch(/longer than 20/);
  });

  it('refuses characters outside GS1 character set 82 and plain text', () => {
    expect(problem('(01)09506000134352(10)AB 12')).toMatch(/characters GS1 does not allow/);
    expect(problem('amoxicillin')).toMatch(/expected an Application Identifier/);
    expect(problem('   ')).toBe('is empty');
  });
});
