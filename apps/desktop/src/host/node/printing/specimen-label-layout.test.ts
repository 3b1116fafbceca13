import { describe, expect, it } from 'vitest';
import { code128BModules, readZpl } from '../../test-support/zpl-read.js';
import { renderLabel } from './label-layout.js';

const context = { hospitalName: 'St. Mary Hospital', workstationId: 'LAB-DESK-1', printedAt: '2026-03-02 09:15' };
const label = {
  kind: 'specimenLabel' as const, patient: { mrn: 'HMS-000123', name: 'Amina_Yusuf^Omar' }, barcode: 'L2600012344-2',
  tests: ['FBC', 'HB'], container: 'EDTA (purple)', collectedAt: new Date(2026, 2, 2, 9, 41).toISOString(), priority: 'stat' as const,
};

describe('the specimen label (ZPL)', () => {
  it('carries the patient, MRN and priority, the specimen barcode as Code 128 with its text, the tests, the container and the collection time', () => {
    const [read, ...more] = readZpl(renderLabel(label, context, 203, 'Label printer'));
    expect(more).toEqual([]);
    expect(read!.code128.map((barcode) => barcode.data)).toEqual(['L2600012344-2']);
    // The name's ^ and _ print as themselves (escaped), never ending the field.
    expect(read!.texts).toEqual(['Amina_Yusuf^Omar', 'MRN HMS-000123  STAT', 'L2600012344-2', 'FBC HB', 'EDTA (purple)', 'Coll 2 Mar 2026 09:41']);
  });

  it('leaves a routine priority unsaid', () => {
    const [read] = readZpl(renderLabel({ ...label, priority: 'routine' }, context, 203, 'Label printer'));
    expect(read!.texts[1]).toBe('MRN HMS-000123');
  });

  it('fits the barcode on the 50 mm label at 203 and 300 dpi', () => {
    for (const dpi of [203, 300]) {
      const [read] = readZpl(renderLabel(label, context, dpi, 'Label printer'));
      const barcode = read!.code128[0]!;
      expect(barcode.x + code128BModules(barcode.data) * barcode.moduleWidth, `${dpi} dpi`).toBeLessThanOrEqual(read!.width);
      // At least 6 mm of bars, for a handheld scanner across a curved tube.
      expect(barcode.height / dpi * 25.4).toBeGreaterThanOrEqual(6);
    }
  });
});
