import { renderAccession } from '@hms/core';
import type { LabAccessionBlock } from '@hms/core';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryKeyValues } from '../cache/local-cache.js';
import { AccessionPool } from './accession-pool.js';

const now = new Date('2026-03-02T08:00:00.000Z');
/** A block id as the server gives them (a UUID), made from a name the test reads. */
const uuidOf = (name: string) => {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
const block = (name: string, first: number, count: number, workstationId = 'LAB-DESK-1', expiresAt = '2026-04-01T00:00:00.000Z'): LabAccessionBlock => ({
  id: uuidOf(name), workstationId, year: 2026, firstNumber: first, lastNumber: first + count - 1, reservedAt: now.toISOString(), expiresAt,
  accessions: Array.from({ length: count }, (_, index) => renderAccession(2026, first + index)),
});

function pool(options: { workstationId?: string; values?: ReturnType<typeof memoryKeyValues>; blocks?: LabAccessionBlock[] } = {}) {
  const reserved: number[] = [];
  const blocks = [...(options.blocks ?? [])];
  const made = new AccessionPool({
    values: options.values ?? memoryKeyValues(),
    owner: () => ({ serverUrl: 'http://lab-server', workstationId: options.workstationId ?? 'LAB-DESK-1' }),
    mayReserve: () => true,
    reserve: async (size) => {
      reserved.push(size);
      return blocks.shift() ?? block(`b${reserved.length}`, 1000 * reserved.length, size);
    },
  });
  return { pool: made, reserved };
}

describe('the desk\'s accession numbers for offline labels', () => {
  it('gives the same number to the same request twice, and the next unused one to another', () => {
    const { pool: accessions } = pool();
    accessions.add(block('b1', 11, 3));
    const first = accessions.take('order:A', now);
    expect(first).toBe(renderAccession(2026, 11));
    expect(accessions.take('order:A', now)).toBe(first);
    expect(accessions.take('order:B', now)).toBe(renderAccession(2026, 12));
    expect(accessions.status(now)).toEqual({ remaining: 1, expiresAt: '2026-04-01T00:00:00.000Z' });
  });

  it('uses no expired block, nor another workstation\'s, and has none to give when all are taken', () => {
    const values = memoryKeyValues();
    const { pool: accessions } = pool({ values });
    accessions.add(block('old', 1, 5, 'LAB-DESK-1', '2026-03-01T00:00:00.000Z'));
    accessions.add(block('other', 100, 5, 'LAB-DESK-2'));
    expect(accessions.take('order:A', now)).toBeUndefined();
    accessions.add(block('b1', 11, 1));
    expect(accessions.take('order:A', now)).toBe(renderAccession(2026, 11));
    expect(accessions.take('order:B', now)).toBeUndefined();
    // The same key/value area under another workstation id holds none of these.
    expect(pool({ values, workstationId: 'LAB-DESK-2' }).pool.status(now).remaining).toBe(0);
  });

  it('tops up with a block of 100 when fewer than 20 are left, and not when enough are in hand', async () => {
    const { pool: accessions, reserved } = pool();
    await accessions.topUp(now);
    expect(reserved).toEqual([100]);
    expect(accessions.status(now).remaining).toBe(100);
    await accessions.topUp(now);
    expect(reserved).toEqual([100]);
  });
});
