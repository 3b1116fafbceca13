import { describe, expect, it } from 'vitest';
import { ORDER_CATALOGUE_SEED } from './data/order-catalogue-seed.js';
import { CatalogueEntrySchema } from './order-catalogue.js';

describe('the shipped order catalogue', () => {
  it('is valid, has unique codes, and holds the tests the desks start with (full blood count, chest X-ray)', () => {
    for (const entry of ORDER_CATALOGUE_SEED) expect(CatalogueEntrySchema.safeParse(entry).success, entry.code).toBe(true);
    const codes = ORDER_CATALOGUE_SEED.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(ORDER_CATALOGUE_SEED.find((entry) => entry.code === 'FBC')).toMatchObject({ kind: 'lab', name: 'Full blood count', specimen: 'blood' });
    expect(ORDER_CATALOGUE_SEED.find((entry) => entry.code === 'XR_CHEST')).toMatchObject({ kind: 'radiology', modality: 'xray' });
    expect(ORDER_CATALOGUE_SEED.filter((entry) => entry.kind === 'lab').length).toBeGreaterThanOrEqual(40);
    expect(ORDER_CATALOGUE_SEED.filter((entry) => entry.kind === 'radiology').length).toBeGreaterThanOrEqual(20);
  });
});
