import { describe, expect, it } from 'vitest';
import { isOverdue, turnaroundDue, turnaroundMinutesFor } from './turnaround.js';

describe('turnaround', () => {
  it('is due the target after receipt, or after the order while not received', () => {
    expect(turnaroundDue({ orderedAt: '2026-03-02T08:00:00.000Z', receivedAt: '2026-03-02T09:15:00.000Z', turnaroundMinutes: 60 })).toBe('2026-03-02T10:15:00.000Z');
    expect(turnaroundDue({ orderedAt: '2026-03-02T08:00:00.000Z', receivedAt: null, turnaroundMinutes: 90 })).toBe('2026-03-02T09:30:00.000Z');
    expect(turnaroundDue({ orderedAt: '2026-03-02T08:00:00.000Z', receivedAt: null, turnaroundMinutes: null })).toBeNull();
  });
  it('is overdue only past the due time and while open', () => {
    const due = '2026-03-02T10:00:00.000Z';
    expect(isOverdue('received', due, new Date('2026-03-02T10:00:00.000Z'))).toBe(false);
    expect(isOverdue('received', due, new Date('2026-03-02T10:00:00.001Z'))).toBe(true);
    expect(isOverdue('awaiting_collection', due, new Date('2026-03-02T11:00:00.000Z'))).toBe(true);
    expect(isOverdue('released', due, new Date('2026-03-02T11:00:00.000Z'))).toBe(false);
    expect(isOverdue('cancelled', due, new Date('2026-03-02T11:00:00.000Z'))).toBe(false);
    expect(isOverdue('validated', null, new Date('2026-03-02T11:00:00.000Z'))).toBe(false);
  });
  it('gives stat and urgent work a shorter target, except tests bound by their method', () => {
    expect(turnaroundMinutesFor(120, 'routine')).toBe(120);
    expect(turnaroundMinutesFor(120, 'urgent')).toBe(120);
    expect(turnaroundMinutesFor(120, 'stat')).toBe(60);
    expect(turnaroundMinutesFor(240, 'urgent')).toBe(120);
    expect(turnaroundMinutesFor(240, 'stat')).toBe(60);
    expect(turnaroundMinutesFor(30, 'stat')).toBe(30);
    // A culture (48 h) is not hurried by its priority; no target stays none.
    expect(turnaroundMinutesFor(2880, 'stat')).toBe(2880);
    expect(turnaroundMinutesFor(241, 'urgent')).toBe(241);
    expect(turnaroundMinutesFor(null, 'stat')).toBeNull();
  });
});
