import { Gs1ScanSchema, gtinCheckDigit, parseGs1 } from '@hms/core';
import bwipjs from 'bwip-js';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);
const today = new Date('2026-12-02T00:00:00Z');
const gtin = `0506012345678${gtinCheckDigit('0506012345678')}`;
const printed = `(01)${gtin}(17)280300(10)AMX2803(21)SN0001`;
const pack = { gtin, expiry: '2028-03-31', batch: 'AMX2803', serial: 'SN0001', others: {} };

beforeAll(async () => {
  // ZXing from the package's own .wasm file (it would otherwise fetch it from a CDN).
  const wasm = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
});

/** The pack's code printed (white ground, as on a carton) and read back; `Plain` is what a scanner sends, `HRI` the bracketed text. */
async function printAndScan(textMode: 'Plain' | 'HRI', text = printed): Promise<string> {
  const png = await bwipjs.toBuffer({ bcid: 'gs1datamatrix', text, scale: 6, paddingwidth: 12, paddingheight: 12, backgroundcolor: 'FFFFFF' });
  const results = await readBarcodes(new Uint8Array(png), { formats: ['DataMatrix'], textMode });
  expect(results).toHaveLength(1);
  return `${results[0]!.symbologyIdentifier}${results[0]!.text}`;
}

describe('a printed GS1 DataMatrix read back (bwip-js, then ZXing) parses as a receipt does', () => {
  it('as a scanner sends it: ]d2, the AIs run together, GS after the batch', async () => {
    const scanned = await printAndScan('Plain');
    expect(scanned).toBe(`]d201${gtin}1728030010AMX2803\u001d21SN0001`);
    expect(Gs1ScanSchema.safeParse(scanned).success).toBe(true);
    expect(parseGs1(scanned, today)).toEqual({ ok: true, pack });
  });

  it('as the bracketed text under the code', async () => {
    const scanned = await printAndScan('HRI');
    expect(scanned).toBe(`]d2${printed}`);
    expect(parseGs1(scanned, today)).toEqual({ ok: true, pack });
  });

  it('a German NTIN pack: the serial before expiry and batch, expiry with day 00 (the month\'s last day)', async () => {
    const ntin = `041501234567${gtinCheckDigit('041501234567')}`.padStart(14, '0');
    const text = `(01)${ntin}(21)A1B2C3D4E5F6(17)270600(10)LOT-77`;
    const scanned = await printAndScan('Plain', text);
    // The serial is variable-length and not last: the scanner sends GS after it.
    expect(scanned).toBe(`]d201${ntin}21A1B2C3D4E5F6\u001d1727060010LOT-77`);
    expect(parseGs1(scanned, today)).toEqual({ ok: true, pack: { gtin: ntin, serial: 'A1B2C3D4E5F6', expiry: '2027-06-30', batch: 'LOT-77', others: {} } });
    expect(parseGs1(await printAndScan('HRI', text), today)).toEqual({ ok: true, pack: { gtin: ntin, serial: 'A1B2C3D4E5F6', expiry: '2027-06-30', batch: 'LOT-77', others: {} } });
  });
});
