import { LabResultSchema, LabWorklistEntrySchema, STARTER_LAB_CATALOGUE, labAnalyte } from '@hms/core';
import type { LabAnalyte } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { entryParams, gridTests, previewValue, releasable, validatable } from './result-grid.js';

const range = (low: number, high: number, criticalLow: number | null, criticalHigh: number | null) => ({ low, high, criticalLow, criticalHigh, text: `${low}–${high}`, source: 'AACB/RCPA' });
const glucose: LabAnalyte = { code: 'GLU', name: 'Glucose', type: 'numeric', unit: 'mmol/L', decimals: 1, calculated: false, range: range(3.9, 7.8, 2.5, 25) };
const malaria: LabAnalyte = { code: 'MAL', name: 'Malaria RDT', type: 'coded', unit: null, decimals: null, calculated: false, range: null, choices: [{ code: 'negative', label: 'Negative', abnormal: false }, { code: 'positive', label: 'Positive', abnormal: true }] };
const ids = (n: number) => `9c9c9c9c-0000-4000-8000-${String(n).padStart(12, '0')}`;

const entry = LabWorklistEntrySchema.parse({
  requestId: ids(1), accession: 'L2600012344', orderId: null, patientId: ids(2), mrn: 'HMS-1', patientName: 'A Patient', priority: 'routine', orderedAt: '2026-03-02T07:00:00Z', requestedBy: 'Dr X',
  tests: [
    { id: ids(3), orderItemId: null, code: 'RBG', name: 'Random glucose', section: 'chemistry', status: 'resulted', analytes: [glucose] },
    { id: ids(4), orderItemId: null, code: 'MAL_RDT', name: 'Malaria RDT', section: 'parasitology', status: 'received', analytes: [malaria] },
    { id: ids(5), orderItemId: null, code: 'FBC', name: 'Full blood count', section: 'haematology', status: 'collected', analytes: [] },
  ],
  specimens: [
    { id: ids(6), requestId: ids(1), barcode: 'L2600012344-1', container: 'fluoride', status: 'received', tests: ['RBG', 'MAL_RDT'], collectedAt: '2026-03-02T07:10:00Z', collectedByName: 'Ann', receivedAt: '2026-03-02T07:20:00Z', rejectedAt: null, rejectionReason: null, rejectionNote: null, recollectionOf: null },
    { id: ids(7), requestId: ids(1), barcode: 'L2600012344-2', container: 'edta', status: 'collected', tests: ['FBC'], collectedAt: '2026-03-02T07:10:00Z', collectedByName: 'Ann', receivedAt: null, rejectedAt: null, rejectionReason: null, rejectionNote: null, recollectionOf: null },
  ],
});
const entered = LabResultSchema.parse({
  id: ids(8), testId: ids(3), specimenId: ids(6), patientId: ids(2), analyte: 'GLU', version: 1, value: '5.1', unit: 'mmol/L', flag: null, range: glucose.range, status: 'entered', comment: null,
  enteredAt: '2026-03-02T08:00:00Z', enteredByName: 'Tom', enteredAtDesk: null, validatedAt: null, validatedByName: null, releasedAt: null, releasedByName: null, amendmentReason: null, supersedes: null,
});

describe('the result grid', () => {
  it('flags a value as it is typed, against the range in force, as the server reads it', () => {
    expect(previewValue(glucose, '')).toEqual({ state: 'empty' });
    expect(previewValue(glucose, '1.9')).toEqual({ state: 'ok', shown: '1.9', flag: 'LL' });
    // Critical limits are the catalogue's own: beyond 2.5 is LL, at 2.5 only L.
    expect(previewValue(glucose, '2.5')).toMatchObject({ flag: 'L' });
    expect(previewValue(glucose, '3.85')).toMatchObject({ shown: '3.9', flag: null });
    expect(previewValue(glucose, '9')).toMatchObject({ shown: '9.0', flag: 'H' });
    expect(previewValue(glucose, '30')).toMatchObject({ flag: 'HH' });
    expect(previewValue(glucose, '5,1')).toEqual({ state: 'problem', problem: 'not a number (mmol/L)' });
    expect(previewValue(malaria, 'positive')).toEqual({ state: 'ok', shown: 'Positive', flag: 'A' });
    expect(previewValue(malaria, 'Negative')).toEqual({ state: 'ok', shown: 'Negative', flag: null });
    expect(previewValue(malaria, 'maybe')).toEqual({ state: 'problem', problem: 'one of Negative, Positive' });
  });

  it('flags a titre as typed at and above the catalogue\'s threshold (the analyte the server describes)', () => {
    const widal = labAnalyte(STARTER_LAB_CATALOGUE.tests.get('WIDAL_O')!, { sex: 'F', birthDate: '1990-01-01' }, '2026-03-02');
    expect(widal.abnormalFrom).toBe(160);
    expect(previewValue(widal, '1:160')).toEqual({ state: 'ok', shown: '1:160', flag: 'A' });
    expect(previewValue(widal, '320')).toEqual({ state: 'ok', shown: '1:320', flag: 'A' });
    expect(previewValue(widal, '1:80')).toEqual({ state: 'ok', shown: '1:80', flag: null });
    expect(previewValue(widal, 'negative')).toEqual({ state: 'ok', shown: 'Non-reactive', flag: null });
    // A copy kept before the threshold was sent: flagged when saved, not guessed.
    const { abnormalFrom: _dropped, ...kept } = widal;
    expect(previewValue(kept, '1:320')).toMatchObject({ flag: null });
  });

  it('opens tests whose specimen is received and locks the rest with the reason; a section narrows it', () => {
    const tests = gridTests({ entry, results: [entered], queued: [] });
    expect(tests.map((test) => [test.test.code, test.locked ?? 'open', test.specimen?.barcode])).toEqual([
      ['RBG', 'open', 'L2600012344-1'], ['MAL_RDT', 'open', 'L2600012344-1'], ['FBC', 'The specimen is not received in the lab yet.', undefined],
    ]);
    expect(tests[0]!.rows.map((row) => [row.analyte.code, row.current?.value])).toEqual([['GLU', '5.1']]);
    expect(gridTests({ entry, results: [], queued: [] }, 'parasitology').map((test) => test.test.code)).toEqual(['MAL_RDT']);
  });

  it('sends only what changed, for the test\'s received specimen', () => {
    const [rbg, mal] = gridTests({ entry, results: [entered], queued: [] });
    expect(entryParams(rbg!, { GLU: { value: '5.1', comment: '' } })).toBeUndefined();
    expect(entryParams(rbg!, { GLU: { value: '5.1', comment: 'Fasting unknown' } })).toEqual({ testId: ids(3), specimenBarcode: 'L2600012344-1', results: [{ analyte: 'GLU', value: '5.1', comment: 'Fasting unknown' }] });
    expect(entryParams(mal!, { MAL: { value: 'Positive', comment: '' } })).toEqual({ testId: ids(4), specimenBarcode: 'L2600012344-1', results: [{ analyte: 'MAL', value: 'Positive' }] });
  });

  it('offers validation of entered values to the technologist, release of validated ones to the supervisor only', () => {
    const tests = gridTests({ entry, results: [entered], queued: [] });
    expect(validatable(tests)).toEqual([ids(8)]);
    const validated = gridTests({ entry, results: [{ ...entered, status: 'validated' }], queued: [] });
    expect(releasable(validated, ['lab_technician'])).toEqual([]);
    expect(releasable(validated, ['lab_supervisor'])).toEqual([ids(8)]);
  });
});
