import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderQueue } from './queue-order.js';
import { MIN_WAIT_SAMPLES, estimateQueueWaits, estimateWaitMinutes, queueAheadCounts, typicalConsultationMinutes } from './wait-estimate.js';
import type { WaitingEntry } from './wait-estimate.js';

function waiting(id: string, minute: number, doctorId: string | null, priority: WaitingEntry['priority'] = 'normal'): WaitingEntry {
  return { id, priority, doctorId, tokenNumber: minute + 1, queuedAt: new Date(Date.UTC(2026, 2, 2, 8, minute)).toISOString() };
}

describe('typicalConsultationMinutes', () => {
  it('uses the fallback until there are enough samples', () => {
    expect(typicalConsultationMinutes([], 12)).toBe(12);
    expect(typicalConsultationMinutes(Array.from({ length: MIN_WAIT_SAMPLES - 1 }, () => 5), 12)).toBe(12);
    expect(typicalConsultationMinutes(Array.from({ length: MIN_WAIT_SAMPLES }, () => 5), 12)).toBe(5);
  });

  it('is not swung by one very long or very short consultation (trimmed)', () => {
    const usual = Array.from({ length: 10 }, () => 10);
    expect(typicalConsultationMinutes([...usual.slice(1), 600], 15)).toBe(10);
    expect(typicalConsultationMinutes([...usual.slice(1), 0], 15)).toBe(10);
  });

  it('stays within the range of the samples (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 120, noNaN: true }), { minLength: MIN_WAIT_SAMPLES, maxLength: 30 }), (samples) => {
        const typical = typicalConsultationMinutes(samples, 99);
        expect(typical).toBeGreaterThanOrEqual(Math.min(...samples) - 1e-9);
        expect(typical).toBeLessThanOrEqual(Math.max(...samples) + 1e-9);
      }),
    );
  });
});

describe('estimates', () => {
  it('divides the work ahead by the callers', () => {
    expect(estimateWaitMinutes(0, 10, 2)).toBe(0);
    expect(estimateWaitMinutes(4, 10, 1)).toBe(40);
    expect(estimateWaitMinutes(4, 10, 2)).toBe(20);
    expect(estimateWaitMinutes(3, 10, 0)).toBe(30);
  });

  it('counts for a doctor\'s own patient only what that doctor takes first', () => {
    const ordered = orderQueue([waiting('p1', 0, null), waiting('a1', 1, 'dr-a'), waiting('b1', 2, 'dr-b'), waiting('a2', 3, 'dr-a'), waiting('p2', 4, null)]);
    expect(queueAheadCounts(ordered)).toEqual([0, 1, 1, 2, 4]);
    expect(estimateQueueWaits(ordered, 10, 2)).toEqual([0, 10, 10, 20, 20]);
  });

  it('never shortens a wait further back in the same queue, and more callers never lengthen it (property)', () => {
    const entry = fc.record({ minute: fc.integer({ min: 0, max: 59 }), doctorId: fc.constantFrom(null, 'dr-a', 'dr-b'), priority: fc.constantFrom('emergency', 'urgent', 'normal') as fc.Arbitrary<WaitingEntry['priority']> });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), fc.double({ min: 1, max: 60, noNaN: true }), (list, servers, typical) => {
        const ordered = orderQueue(list.map((e, i) => waiting(`v${i}`, e.minute, e.doctorId, e.priority)));
        const waits = estimateQueueWaits(ordered, typical, servers);
        const more = estimateQueueWaits(ordered, typical, servers + 1);
        const lastByQueue = new Map<string, number>();
        ordered.forEach((e, i) => {
          const queue = e.doctorId ?? 'pool';
          expect(waits[i]).toBeGreaterThanOrEqual(lastByQueue.get(queue) ?? 0);
          lastByQueue.set(queue, waits[i]!);
          expect(more[i]).toBeLessThanOrEqual(waits[i]!);
        });
      }),
    );
  });
});
