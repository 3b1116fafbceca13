import type { ItemOnHand } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { quarantineCandidates } from './quarantine-model.js';

const item = (name: string, batches: ItemOnHand['batches']): ItemOnHand => ({
  item: { id: name, kind: 'drug', drugId: name, code: name, name, unit: 'tablet', active: true }, onHand: 0, usable: 0, batches,
});

describe('quarantineCandidates', () => {
  it('lists expired and recalled batches with units, earliest expiry first, and nothing usable or empty', () => {
    const items = [
      item('Amoxicillin', [
        { batchId: 'a1', batchNumber: 'A1', expiry: '2027-05-01', onHand: 10, recalled: false, expired: false },
        { batchId: 'a0', batchNumber: 'A0', expiry: '2026-11-20', onHand: 30, recalled: false, expired: true },
        { batchId: 'ax', batchNumber: 'AX', expiry: '2026-10-01', onHand: 0, recalled: false, expired: true },
      ]),
      item('Paracetamol', [{ batchId: 'p9', batchNumber: 'P9', expiry: '2028-01-31', onHand: 5, recalled: true, expired: false }]),
    ];
    expect(quarantineCandidates(items).map((line) => [line.batchNumber, line.why, line.onHand])).toEqual([['A0', 'expired', 30], ['P9', 'recalled', 5]]);
  });
});
