import type { MrnBlock } from '@hms/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheDb } from '../node/cache-db.js';
import { MrnPool } from './mrn-pool.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-mrn-pool-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function block(id: string, first: number, count: number, patch: Partial<MrnBlock> = {}): MrnBlock {
  const mrns = Array.from({ length: count }, (_, index) => `PAT-2026-${String(first + index).padStart(6, '0')}-X`);
  return {
    id, workstationId: 'desk-1', format: 'PAT-{YYYY}-{NNNNNN}-{C}', scope: '2026', firstNumber: first, lastNumber: first + count - 1, mrns, used: 0,
    reservedAt: '2026-03-01T08:00:00.000Z', expiresAt: '2026-04-01T08:00:00.000Z', retiredAt: null, ...patch,
  };
}

const desk = { serverUrl: 'http://hms:7400', workstationId: 'desk-1' };
const now = new Date('2026-03-02T09:00:00.000Z');

describe('MrnPool (SQLite)', () => {
  it('hands out each reserved MRN once, in order, across restarts; skips used and expired numbers and other desks\' blocks', () => {
    const file = join(dir, 'pool.sqlite');
    let cache = CacheDb.open(file);
    let pool = new MrnPool(cache);
    pool.add(block('b1', 10, 3, { used: 1 }), desk);
    pool.add(block('b1', 10, 3, { used: 1 }), desk);
    pool.add(block('b0', 1, 2, { reservedAt: '2026-01-01T08:00:00.000Z', expiresAt: '2026-03-01T08:00:00.000Z' }), desk);
    pool.add(block('b2', 20, 2, { reservedAt: '2026-03-02T08:00:00.000Z' }), desk);
    pool.add(block('other', 40, 5), { ...desk, workstationId: 'desk-2' });
    expect(pool.status(desk, now)).toEqual({ remaining: 4, expiresAt: '2026-04-01T08:00:00.000Z' });
    expect(pool.take(desk, 'p1', now)).toBe('PAT-2026-000011-X');
    cache.close();
    cache = CacheDb.open(file);
    pool = new MrnPool(cache);
    expect(['p2', 'p3', 'p4', 'p5'].map((patient) => pool.take(desk, patient, now))).toEqual([
      'PAT-2026-000012-X', 'PAT-2026-000020-X', 'PAT-2026-000021-X', undefined,
    ]);
    expect(pool.status(desk, now).remaining).toBe(0);
    expect(cache.sqlite.prepare('select patient_id from mrn_numbers where mrn = ?').get('PAT-2026-000020-X')).toEqual({ patient_id: 'p3' });
    expect(pool.status({ ...desk, workstationId: 'desk-2' }, now).remaining).toBe(5);
    cache.close();
  });
});
