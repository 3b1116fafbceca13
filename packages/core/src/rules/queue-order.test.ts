import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUEUE_PRIORITIES, compareQueueEntries, nextInQueue, orderQueue, priorityRank } from './queue-order.js';
import type { QueueOrderKey } from './queue-order.js';

const entry = fc.record({
  priority: fc.constantFrom(...QUEUE_PRIORITIES),
  queuedAt: fc.integer({ min: 0, max: 20 }).map((minute) => new Date(Date.UTC(2026, 2, 2, 8, minute)).toISOString()),
  tokenNumber: fc.integer({ min: 1, max: 30 }),
  id: fc.uuid(),
  doctorId: fc.constantFrom(null, 'dr-a', 'dr-b'),
});
const entries = fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 40 });

function key(priority: QueueOrderKey['priority'], minute: number, tokenNumber: number, id: string): QueueOrderKey {
  return { priority, queuedAt: new Date(Date.UTC(2026, 2, 2, 8, minute)).toISOString(), tokenNumber, id };
}

describe('queue order', () => {
  it('puts emergency before urgent before normal, then earlier arrival, then lower token', () => {
    const ordered = orderQueue([
      key('normal', 1, 1, 'a'),
      key('urgent', 5, 4, 'b'),
      key('emergency', 9, 7, 'c'),
      key('normal', 0, 9, 'd'),
      key('normal', 1, 2, 'e'),
    ]);
    expect(ordered.map((e) => e.id)).toEqual(['c', 'b', 'd', 'a', 'e']);
  });

  it('is a total order: antisymmetric, transitive, zero only for the same entry (property)', () => {
    fc.assert(
      fc.property(entry, entry, entry, (a, b, c) => {
        expect(Math.sign(compareQueueEntries(a, b))).toBe(-Math.sign(compareQueueEntries(b, a)));
        if (compareQueueEntries(a, b) === 0) expect(a.id).toBe(b.id);
        if (compareQueueEntries(a, b) < 0 && compareQueueEntries(b, c) < 0) expect(compareQueueEntries(a, c)).toBeLessThan(0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives the same order whatever order entries come in, by priority band then arrival (property)', () => {
    fc.assert(
      fc.property(entries, fc.infiniteStream(fc.nat()), (list, seeds) => {
        const shuffled = [...list];
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const ordered = orderQueue(list);
        expect(orderQueue(shuffled).map((e) => e.id)).toEqual(ordered.map((e) => e.id));
        for (let i = 1; i < ordered.length; i += 1) {
          const [before, after] = [ordered[i - 1]!, ordered[i]!];
          expect(priorityRank(before.priority)).toBeLessThanOrEqual(priorityRank(after.priority));
          if (before.priority === after.priority) expect(Date.parse(before.queuedAt)).toBeLessThanOrEqual(Date.parse(after.queuedAt));
        }
      }),
    );
  });

  it('lets a doctor take from their own queue and the pool, and a pool caller from the pool only (property)', () => {
    fc.assert(
      fc.property(entries, fc.constantFrom(null, 'dr-a', 'dr-b'), (list, caller) => {
        const next = nextInQueue(list, caller);
        const eligible = orderQueue(list.filter((e) => e.doctorId === null || e.doctorId === caller));
        expect(next?.id).toBe(eligible[0]?.id);
      }),
    );
  });
});
