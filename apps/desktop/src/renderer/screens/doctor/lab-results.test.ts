import type { LabCumulativeSeries } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { latestResults, resultTrends } from './lab-results.js';

const range = (low: number, high: number) => ({ low, high, criticalLow: null, criticalHigh: null, text: `${low}–${high}`, source: 'test' });
let n = 0;
function point(collectedAt: string, value: string, options: { unit?: string | null; flag?: 'L' | 'H' | 'LL' | 'HH' | null; numeric?: boolean; amended?: boolean } = {}) {
  n += 1;
  return {
    resultId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, requestId: '00000000-0000-4000-8000-000000000000', accession: 'L2600000018',
    collectedAt, releasedAt: collectedAt.replace('08:', '10:'), value, valueNumeric: options.numeric === false ? null : Number(value),
    unit: options.unit === undefined ? 'mmol/L' : options.unit, flag: options.flag ?? null, range: range(3.9, 7.8), amended: options.amended ?? false,
  };
}

const glucose: LabCumulativeSeries = { code: 'RBG', name: 'Random blood glucose', analyte: 'GLU', points: [point('2026-03-01T08:00:00.000Z', '6.1'), point('2026-03-02T08:00:00.000Z', '1.8', { flag: 'LL' })] };
const haemoglobin: LabCumulativeSeries = { code: 'FBC', name: 'Full blood count', analyte: 'HGB', points: [point('2026-02-20T08:00:00.000Z', '121', { unit: 'g/L' })] };
const platelets: LabCumulativeSeries = { code: 'FBC', name: 'Full blood count', analyte: 'PLT', points: [point('2026-02-20T08:00:00.000Z', '250', { unit: '10*9/L' })] };
const malaria: LabCumulativeSeries = {
  code: 'MAL_RDT', name: 'Malaria RDT', analyte: 'MAL_RDT',
  points: [point('2026-01-05T08:00:00.000Z', 'Negative', { unit: null, numeric: false }), point('2026-02-05T08:00:00.000Z', 'Positive', { unit: null, numeric: false })],
};

describe('the chart\'s lab results', () => {
  it('lists each analyte\'s latest value with unit, flag and range, the latest test first and a test\'s analytes together', () => {
    const rows = latestResults([haemoglobin, malaria, glucose, platelets]);
    expect(rows.map((row) => row.key)).toEqual(['RBG:GLU', 'FBC:HGB', 'FBC:PLT', 'MAL_RDT:MAL_RDT']);
    expect(rows[0]).toMatchObject({ value: '1.8', unit: 'mmol/L', flag: 'LL', range: '3.9–7.8', count: 2, releasedAt: '2026-03-02T10:00:00.000Z' });
  });

  it('draws numeric analytes with two values or more, in the latest value\'s unit, with their limits', () => {
    const converted: LabCumulativeSeries = { ...glucose, points: [point('2026-02-01T08:00:00.000Z', '110', { unit: 'mg/dL' }), ...glucose.points] };
    const trends = resultTrends([haemoglobin, malaria, converted]);
    // One haemoglobin is no trend, and a coded answer is none at all.
    expect(trends.map((trend) => trend.key)).toEqual(['RBG:GLU']);
    expect(trends[0]).toMatchObject({ title: 'Random blood glucose: GLU', unit: 'mmol/L', low: 3.9, high: 7.8 });
    expect(trends[0]!.points.map((p) => p.value)).toEqual([6.1, 1.8]);
  });

  it('puts the most recently resulted trends first, at most `max`', () => {
    const older: LabCumulativeSeries = { code: 'CREAT', name: 'Creatinine', analyte: 'CREAT', points: [point('2025-12-01T08:00:00.000Z', '80', { unit: 'umol/L' }), point('2025-12-09T08:00:00.000Z', '95', { unit: 'umol/L' })] };
    expect(resultTrends([older, glucose]).map((trend) => trend.key)).toEqual(['RBG:GLU', 'CREAT:CREAT']);
    expect(resultTrends([older, glucose], 1).map((trend) => trend.key)).toEqual(['RBG:GLU']);
  });
});
