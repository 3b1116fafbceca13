import { LabWorklistEntrySchema } from '@hms/core';
import type { LabAnalyte, LabWorklistEntry } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { mergeWorklist } from './lab-store.js';

const ids = (n: number) => `7d7d7d7d-0000-4000-8000-${String(n).padStart(12, '0')}`;
const glucose: LabAnalyte = { code: 'GLU', name: 'Glucose', type: 'numeric', unit: 'mmol/L', decimals: 1, calculated: false, range: null };

function entry(n: number, more: { requestId?: string | null; orderId?: string | null; accession?: string | null; key?: string }): LabWorklistEntry {
  return LabWorklistEntrySchema.parse({
    requestId: more.requestId ?? null, accession: more.accession ?? null, orderId: more.orderId ?? null, patientId: ids(90), mrn: 'HMS-1', patientName: 'A Patient',
    priority: 'routine', orderedAt: `2026-03-02T0${n}:00:00.000Z`, requestedBy: 'Dr X',
    tests: [{ id: null, orderItemId: null, code: 'RBG', name: 'Random glucose', section: 'chemistry', status: 'awaiting_collection', analytesKey: more.key ?? 'RBG~a' }],
    specimens: [],
  });
}

describe('merging a worklist delta into the kept list', () => {
  it('drops what left, puts the request in its order\'s place, adds new entries oldest first, keeps only analyte sets still named', () => {
    const waiting = entry(1, { orderId: ids(1) });
    const open = entry(2, { requestId: ids(2), accession: 'L2600012344', orderId: ids(20) });
    const released = entry(3, { requestId: ids(3), accession: 'L2600012352' });
    const cancelledOrder = entry(4, { orderId: ids(4), key: 'RBG~old' });
    const kept = { entries: [waiting, open, released, cancelledOrder], analytes: { 'RBG~a': [glucose], 'RBG~old': [glucose] } };

    const collected = entry(1, { requestId: ids(5), accession: 'L2600012360', orderId: ids(1) });
    const arrived = entry(0, { orderId: ids(6), key: 'RBG~b' });
    const merged = mergeWorklist(kept, {
      entries: [collected, arrived], analytes: { 'RBG~a': [glucose], 'RBG~b': [glucose] }, version: '10:12:',
      removedRequestIds: [ids(3)], removedOrderIds: [ids(1), ids(4)],
    });
    expect(merged.entries.map((e) => e.requestId ?? `order ${e.orderId}`)).toEqual([`order ${ids(6)}`, ids(5), ids(2)]);
    expect(Object.keys(merged.analytes).sort()).toEqual(['RBG~a', 'RBG~b']);
  });

  it('an empty delta keeps the list as it was', () => {
    const kept = { entries: [entry(1, { orderId: ids(1) })], analytes: { 'RBG~a': [glucose] } };
    expect(mergeWorklist(kept, { entries: [], analytes: {}, version: '1:1:', removedRequestIds: [], removedOrderIds: [] })).toEqual(kept);
  });
});
