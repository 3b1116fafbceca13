import type { LabWorklistEntry } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { filterWorklist, sectionCounts, sectionTests } from './worklist-filter.js';

const test = (code: string, section: LabWorklistEntry['tests'][number]['section']) => ({ id: null, orderItemId: null, code, name: `${code} test`, section, status: 'awaiting_collection' as const });
const entry = (patientName: string, mrn: string, accession: string | null, tests: LabWorklistEntry['tests'], barcodes: string[] = []): LabWorklistEntry => ({
  requestId: null, accession, orderId: null, patientId: '00000000-0000-4000-8000-000000000001', mrn, patientName, priority: 'routine', orderedAt: '2026-03-02T08:00:00.000Z', requestedBy: 'Dr Otieno', tests,
  specimens: barcodes.map((barcode) => ({
    id: '00000000-0000-4000-8000-000000000002', requestId: '00000000-0000-4000-8000-000000000003', barcode, container: 'edta', status: 'collected', tests: [], collectedAt: '2026-03-02T08:00:00.000Z',
    collectedByName: 'T', receivedAt: null, rejectedAt: null, rejectionReason: null, rejectionNote: null, recollectionOf: null,
  })),
});

const amina = entry('Amina Yusuf', 'MRN-0001', 'L2600000018', [test('FBC', 'haematology'), test('RBG', 'chemistry')], ['L2600000018-1']);
const baraka = entry('Baraka Otieno', 'MRN-0002', null, [test('MAL_RDT', 'parasitology')]);

describe('the lab worklist narrowed at the desk', () => {
  it('by section: only entries with a test of it, and their tests of it', () => {
    expect(filterWorklist([amina, baraka], 'chemistry', '')).toEqual([amina]);
    expect(sectionTests(amina, 'chemistry').map((t) => t.code)).toEqual(['RBG']);
    expect(filterWorklist([amina, baraka], undefined, '')).toEqual([amina, baraka]);
    expect(filterWorklist([amina, baraka], 'serology', '')).toEqual([]);
  });

  it('by text: every word in the name, MRN, accession, a barcode or a test', () => {
    expect(filterWorklist([amina, baraka], undefined, 'otieno')).toEqual([amina, baraka]);
    expect(filterWorklist([amina, baraka], undefined, 'baraka otieno')).toEqual([baraka]);
    expect(filterWorklist([amina, baraka], undefined, 'l2600000018-1')).toEqual([amina]);
    expect(filterWorklist([amina, baraka], undefined, 'mal_rdt')).toEqual([baraka]);
    expect(filterWorklist([amina, baraka], 'haematology', 'baraka')).toEqual([]);
  });

  it('counts each section once per entry', () => {
    expect(Object.fromEntries(sectionCounts([amina, baraka]))).toEqual({ haematology: 1, chemistry: 1, parasitology: 1 });
  });
});
