import type { Result } from '@hms/core';
import { describe, expect, it } from 'vitest';
import type { ConflictView } from '../../shared/protocol/records.js';
import { OfflineWriteHooks } from './offline-writes.js';

const announceConflict: ConflictView<'system.announce'> = {
  id: 1, idempotencyKey: 'hms:desk:1', method: 'system.announce', label: 'Announce', params: { message: 'hello' }, queuedBy: 'ada',
  queuedAt: '2026-03-02T09:00:00.000Z', failedAt: '2026-03-02T09:01:00.000Z', error: { code: 'FORBIDDEN', message: 'No.' }, resolvedAt: null, resolution: null,
};

describe('OfflineWriteHooks', () => {
  it('tells every desk that registered a method, with the answer read through the method\'s schema', () => {
    const seen: string[] = [];
    const hooks = new OfflineWriteHooks();
    const applied = (desk: string) => (result: Result<'system.announce'>, write: { idempotencyKey: string }) => seen.push(`${desk} ${String(result.ok)} ${write.idempotencyKey}`);
    hooks.register({ 'system.announce': { applied: applied('first') } });
    hooks.register({ 'system.announce': { applied: applied('second'), refused: (conflict) => seen.push(`refused ${conflict.params.message}`) } });
    hooks.applied('system.announce', 'hms:desk:1', { ok: true });
    hooks.refused(announceConflict);
    expect(seen).toEqual(['first true hms:desk:1', 'second true hms:desk:1', 'refused hello']);
  });

  it('keeps an answer that is not the method\'s result from the desks, and other methods\' hooks from a write', () => {
    const seen: string[] = [];
    const hooks = new OfflineWriteHooks();
    hooks.register({ 'system.announce': { applied: () => seen.push('announce'), discarded: () => seen.push('discarded') } });
    hooks.applied('system.announce', 'hms:desk:2', { unexpected: 'shape' });
    hooks.applied('patients.update', 'hms:desk:3', { ok: true });
    hooks.resent(announceConflict);
    expect(seen).toEqual([]);
    hooks.discarded(announceConflict);
    expect(seen).toEqual(['discarded']);
  });
});
