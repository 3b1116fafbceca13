import type { MethodName } from '@hms/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheDb } from '../node/cache-db.js';
import { Outbox } from '../writes/outbox.js';
import { toServerEncounter } from './encounter-retarget.js';

// Outbox.retarget on the workstation's real SQLite cache (in memory): the doctor desk adopting the
// server's encounter rewrites exactly the queued writes that name its own, in place.

const OWN = '00000000-0000-4000-8000-00000000000a';
const SERVER = '00000000-0000-4000-8000-00000000000b';
const OTHER = '00000000-0000-4000-8000-00000000000c';
const RX = '00000000-0000-4000-8000-00000000000d';
const VISIT = '00000000-0000-4000-8000-00000000000e';

let cache: CacheDb;
let outbox: Outbox;

beforeEach(() => {
  cache = CacheDb.open(':memory:');
  outbox = new Outbox(cache);
  const queue: Array<[MethodName, unknown]> = [
    ['notes.save', { encounterId: OWN, sections: { complaint: 'Cough' }, typedAt: '2026-12-02T10:00:00.000Z' }],
    ['diagnoses.add', { encounterId: OTHER, code: 'J18.9', certainty: 'provisional' }],
    ['prescriptions.create', { id: RX, encounterId: OWN, items: [{ drugId: OTHER, dose: 500 }], overrides: [] }],
    ['visits.complete', { visitId: VISIT }],
    ['encounters.sign', { encounterId: OWN }],
  ];
  for (const [index, [method, params]] of queue.entries()) {
    outbox.enqueue({ method, params, label: method, idempotencyKey: `doctor:test:${index}`, queuedBy: 'dr.otieno' });
  }
});

afterEach(() => cache.close());

const queued = () => (cache.prepare('select idempotency_key as key, method, params from outbox order by id').all() as Array<{ key: string; method: string; params: string }>)
  .map((row) => ({ key: row.key, method: row.method, params: JSON.parse(row.params) as Record<string, unknown> }));

describe('Outbox.retarget', () => {
  it('moves the writes naming the desk\'s encounter to the server\'s, in place; the others, the order and the keys stay', () => {
    const before = queued();
    const seen: number[] = [];
    outbox.onChange((status) => seen.push(status.pending));
    expect(outbox.retarget(toServerEncounter(OWN, SERVER))).toBe(3);
    const after = queued();
    expect(after.map((entry) => [entry.key, entry.method])).toEqual(before.map((entry) => [entry.key, entry.method]));
    expect(after.map((entry) => entry.params.encounterId)).toEqual([SERVER, OTHER, SERVER, undefined, SERVER]);
    // Only the encounter id changes: the prescription keeps its own id (its printed barcode), the note its words.
    expect(after[0]!.params).toEqual({ ...before[0]!.params, encounterId: SERVER });
    expect(after[2]!.params).toEqual({ ...before[2]!.params, encounterId: SERVER });
    expect(after[2]!.params.id).toBe(RX);
    expect(after[1]!.params).toEqual(before[1]!.params);
    expect(after[3]!.params).toEqual(before[3]!.params);
    expect(seen).toEqual([5]);
    // Nothing left naming the desk's id: a second pass changes nothing and says so.
    expect(outbox.retarget(toServerEncounter(OWN, SERVER))).toBe(0);
    expect(seen).toEqual([5]);
  });

  it('replays the re-targeted params', async () => {
    outbox.retarget(toServerEncounter(OWN, SERVER));
    const sent: Array<[MethodName, unknown, string]> = [];
    const report = await outbox.drain({ send: async (method, params, key) => { sent.push([method, params, key]); return {}; } });
    expect(report).toEqual({ applied: 5, rejected: 0 });
    expect(sent.map(([method, params, key]) => [method, (params as { encounterId?: string }).encounterId, key])).toEqual([
      ['notes.save', SERVER, 'doctor:test:0'], ['diagnoses.add', OTHER, 'doctor:test:1'], ['prescriptions.create', SERVER, 'doctor:test:2'],
      ['visits.complete', undefined, 'doctor:test:3'], ['encounters.sign', SERVER, 'doctor:test:4'],
    ]);
  });

  it('changes all or nothing: a rewrite that fails part-way leaves every entry as it was queued', () => {
    const before = queued();
    let calls = 0;
    expect(() => outbox.retarget((entry) => {
      calls += 1;
      if (entry.method === 'encounters.sign') throw new Error('the rewrite failed');
      return toServerEncounter(OWN, SERVER)(entry);
    })).toThrow('the rewrite failed');
    expect(calls).toBe(5);
    expect(queued()).toEqual(before);
  });
});
