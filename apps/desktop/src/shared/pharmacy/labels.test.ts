import type { WorklistEntry } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { medicationLabels } from './labels.js';
import type { LabelProduct } from './labels.js';

const PRESCRIBED = '11111111-1111-4111-8111-111111111111';
const SUBSTITUTE = '22222222-2222-4222-8222-222222222222';
const products: Record<string, LabelProduct> = {
  [PRESCRIBED]: { genericName: 'amoxicillin', strengthText: '500 mg', strength: { amount: 500, unit: 'mg' }, form: 'capsule', components: [] },
  [SUBSTITUTE]: { genericName: 'amoxicillin', strengthText: '250 mg', strength: { amount: 250, unit: 'mg' }, form: 'capsule', components: [] },
};

const entry: WorklistEntry = {
  prescriptionId: '33333333-3333-4333-8333-333333333333', number: 'RX-000042', patient: { id: '44444444-4444-4444-8444-444444444444', mrn: 'MRN-0001', name: 'Achieng Otieno' },
  prescriberName: 'Dr Wanjiru', prescriberRegistration: null, createdAt: '2026-12-03T08:00:00.000Z', prescriptionStatus: 'active', status: 'open',
  items: [{
    id: '55555555-5555-4555-8555-555555555555', drugId: PRESCRIBED, drugVersion: 1, generic: 'amoxicillin', name: 'Amoxicillin 500 mg capsule', dose: 500, doseUnit: 'mg',
    route: 'oral', frequency: 'tds', durationDays: 5, quantity: 15, instructions: null, startsAt: '2026-12-03T08:00:00.000Z', endsAt: '2026-12-08T08:00:00.000Z',
    prescribed: 15, dispensed: 0, returned: 0, outstanding: 15, substitutions: [],
  }],
};
const line = { prescriptionItemId: entry.items[0]!.id, batchNumber: 'A250-E', expiry: '2027-03-31', quantity: 30 };

describe('medication labels', () => {
  it('writes a generic substitution\'s label from the product handed out, naming what it stands for, the dose counted in its own units', () => {
    const { labels, missing } = medicationLabels(entry, [{ ...line, itemId: SUBSTITUTE, substitution: { prescribedItemId: PRESCRIBED, reason: '500 mg out of stock' } }], '2026-12-03T09:00:00.000Z', (id) => products[id], 'Dispensary');
    expect(missing).toEqual([]);
    expect(labels[0]!.medicine).toMatch(/250 mg/);
    expect(labels[0]!.instructions).toBe('Generic substitute for Amoxicillin 500 mg capsule.');
    expect(labels[0]!.directions).toMatch(/2 capsules/);
  });

  it('writes the prescribed product\'s label when nothing was substituted', () => {
    const { labels } = medicationLabels(entry, [{ ...line, quantity: 15, itemId: PRESCRIBED, substitution: null }], '2026-12-03T09:00:00.000Z', (id) => products[id], 'Dispensary');
    expect(labels[0]!.medicine).toMatch(/500 mg/);
    expect(labels[0]!.instructions).toBeUndefined();
    expect(labels[0]!.directions).toMatch(/1 capsule/);
  });
});
