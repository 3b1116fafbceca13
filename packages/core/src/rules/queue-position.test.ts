import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUEUE_PRIORITIES, compareQueueEntries, orderQueue } from './queue-order.js';
import type { QueuePriority } from './queue-order.js';
import { placeInQueue, queueAheadFromCounts, waitingByPriority } from './queue-position.js';
import type { QueueCount } from './queue-position.js';
import { estimateQueueWaits, queueAheadCounts } from './wait-estimate.js';
import type { WaitingEntry } from './wait-estimate.js';

function countsOf(entries: readonly WaitingEntry[]): QueueCount[] {
  const counts = new Map<string, QueueCount>();
  for (const entry of entries) {
    const key = `${entry.doctorId ?? 'pool'}|${entry.priority}`;
    const count = counts.get(key) ?? { doctorId: entry.doctorId, priority: entry.priority, waiting: 0 };
    count.waiting += 1;
    counts.set(key, count);
  }
  return [...counts.values()];
}

/** Entries of the same band, taken by the entry's callers, after it: what the server counts from its index. */
function behindInBand(entries: readonly WaitingEntry[], entry: WaitingEntry): number {
  return entries.filter((other) => other.priority === entry.priority
    && (entry.doctorId === null || other.doctorId === null || other.doctorId === entry.doctorId)
    && compareQueueEntries(other, entry) > 0).length;
}

const entryArbitrary = fc.record({
  priority: fc.constantFrom<QueuePriority>(...QUEUE_PRIORITIES),
  minute: fc.integer({ min: 0, max: 30 }),
  doctorId: fc.constantFrom<string | null>(null, null, 'dr-a', 'dr-b', 'dr-c'),
});

describe('queueAheadFromCounts', () => {
  it('gives every entry the position and wait the whole ordered queue gives it (property)', () => {
    fc.assert(
      fc.property(fc.array(entryArbitrary, { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 4 }), (raw, typical, servers) => {
        const entries: WaitingEntry[] = raw.map((item, index) => ({
          id: `v${String(index).padStart(3, '0')}`,
          priority: item.priority,
          doctorId: item.doctorId,
          tokenNumber: index + 1,
          queuedAt: new Date(Date.UTC(2026, 2, 2, 8, item.minute)).toISOString(),
        }));
        const ordered = orderQueue(entries);
        const ahead = queueAheadCounts(ordered);
        const waits = estimateQueueWaits(ordered, typical, servers);
        const counts = countsOf(entries);
        ordered.forEach((entry, index) => {
          expect(queueAheadFromCounts(counts, entry, behindInBand(entries, entry))).toBe(ahead[index]);
          expect(placeInQueue(counts, entry, behindInBand(entries, entry), typical, servers)).toEqual({ position: ahead[index]! + 1, estimatedWaitMinutes: waits[index] });
        });
      }),
    );
  });

  it('counts a doctor\'s patient behind their own queue and the pool only, a pool patient behind everyone', () => {
    const counts: QueueCount[] = [
      { doctorId: null, priority: 'normal', waiting: 4 },
      { doctorId: 'dr-a', priority: 'normal', waiting: 3 },
      { doctorId: 'dr-b', priority: 'urgent', waiting: 2 },
      { doctorId: 'dr-b', priority: 'normal', waiting: 5 },
    ];
    // The last of dr-a's normal patients: the pool's 4 and dr-a's 2 others.
    expect(queueAheadFromCounts(counts, { doctorId: 'dr-a', priority: 'normal' }, 0)).toBe(6);
    // The last pool patient: everyone else (13); one arrived after them: 12.
    expect(queueAheadFromCounts(counts, { doctorId: null, priority: 'normal' }, 0)).toBe(13);
    expect(queueAheadFromCounts(counts, { doctorId: null, priority: 'normal' }, 1)).toBe(12);
    // dr-b's urgent patients come before any normal one.
    expect(queueAheadFromCounts(counts, { doctorId: 'dr-b', priority: 'urgent' }, 1)).toBe(0);
    expect(waitingByPriority(counts)).toEqual({ emergency: 0, urgent: 2, normal: 12 });
  });
});
