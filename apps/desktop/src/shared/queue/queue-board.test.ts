import type { QueueBoard } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { applyQueueChange } from './queue-board.js';
import type { QueueChange } from './queue-board.js';

const visit = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const doctor = '11111111-1111-4111-8111-111111111111';

const board: QueueBoard = {
  department: 'OPD',
  departmentName: 'General Outpatient',
  serviceDate: '2026-03-02',
  version: 4,
  nowServing: [],
  waiting: [
    { visitId: visit(1), token: 'OPD-001', tokenNumber: 1, priority: 'normal', doctorId: null, queuedAt: '2026-03-02T06:00:00.000Z', skipCount: 0, position: 1, estimatedWaitMinutes: 0, patient: { id: visit(101), mrn: 'M1', name: 'Amina Yusuf' } },
    { visitId: visit(2), token: 'OPD-002', tokenNumber: 2, priority: 'normal', doctorId: null, queuedAt: '2026-03-02T06:05:00.000Z', skipCount: 0, position: 2, estimatedWaitMinutes: 10, patient: { id: visit(102), mrn: 'M2', name: 'John Kamau' } },
  ],
  limit: 50,
  waitingCount: 2,
  waitingByPriority: { emergency: 0, urgent: 0, normal: 2 },
  typicalConsultationMinutes: 10,
  activeServers: 1,
  at: '2026-03-02T06:05:00.000Z',
};

function change(patch: Partial<QueueChange>): QueueChange {
  return {
    department: 'OPD', serviceDate: '2026-03-02', version: 5, change: 'checked_in', visitId: visit(3), token: 'OPD-003', status: 'checked_in',
    entry: null, serving: null, waitingCount: 3, waitingByPriority: { emergency: 0, urgent: 0, normal: 3 }, typicalConsultationMinutes: 10, activeServers: 1, at: '2026-03-02T06:10:00.000Z', ...patch,
  };
}

describe('applyQueueChange', () => {
  it('puts an emergency first and recomputes positions and waits; the newcomer has no name yet', () => {
    const update = applyQueueChange(board, change({
      entry: { visitId: visit(3), token: 'OPD-003', tokenNumber: 3, priority: 'emergency', doctorId: null, queuedAt: '2026-03-02T06:10:00.000Z', skipCount: 0 },
    }));
    expect(update.kind).toBe('applied');
    if (update.kind !== 'applied') return;
    expect(update.board.version).toBe(5);
    expect(update.board.waiting.map((entry) => [entry.token, entry.position, entry.estimatedWaitMinutes])).toEqual([
      ['OPD-003', 1, 0], ['OPD-001', 2, 10], ['OPD-002', 3, 20],
    ]);
    expect(update.unnamed).toEqual([visit(3)]);
    expect(update.refill).toBe(false);
    expect(update.board.waiting[0]!.patient).toBeNull();
    expect(update.board).toMatchObject({ waitingCount: 3, waitingByPriority: { emergency: 0, urgent: 0, normal: 3 } });
  });

  it('moves a called patient to now serving, keeping the name it had', () => {
    const update = applyQueueChange(board, change({
      change: 'called', visitId: visit(1), token: 'OPD-001', status: 'in_consultation', waitingCount: 1,
      serving: { visitId: visit(1), token: 'OPD-001', doctorId: doctor, servedBy: doctor, servedByName: 'Dr. Otieno', room: 'Room 2', calledAt: '2026-03-02T06:11:00.000Z', recallCount: 0 },
    }));
    if (update.kind !== 'applied') throw new Error(update.kind);
    expect(update.board.nowServing).toMatchObject([{ token: 'OPD-001', room: 'Room 2', patient: { name: 'Amina Yusuf' } }]);
    expect(update.board.waiting.map((entry) => [entry.token, entry.position])).toEqual([['OPD-002', 1]]);
    expect(update.unnamed).toEqual([]);
  });

  it('ignores repeated, older and foreign events, and asks for a reload on a gap or a new day', () => {
    expect(applyQueueChange(board, change({ version: 4 }))).toEqual({ kind: 'ignored' });
    expect(applyQueueChange(board, change({ version: 2 }))).toEqual({ kind: 'ignored' });
    expect(applyQueueChange(board, change({ department: 'EMR' }))).toEqual({ kind: 'ignored' });
    expect(applyQueueChange(board, change({ version: 7 }))).toEqual({ kind: 'gap' });
    expect(applyQueueChange(board, change({ serviceDate: '2026-03-03', version: 1 }))).toEqual({ kind: 'gap' });
    expect(applyQueueChange(board, change({ serviceDate: '2026-03-01', version: 9 }))).toEqual({ kind: 'ignored' });
  });

  it('removes a cancelled visit', () => {
    const update = applyQueueChange(board, change({ change: 'cancelled', visitId: visit(1), status: 'cancelled', waitingCount: 1 }));
    if (update.kind !== 'applied') throw new Error(update.kind);
    expect(update.board.waiting.map((entry) => entry.token)).toEqual(['OPD-002']);
    expect(update.board.waiting[0]).toMatchObject({ position: 1, estimatedWaitMinutes: 0 });
  });

  describe('on a board showing the first entries of a longer queue', () => {
    // The first two of 40 waiting, in a window of two.
    const windowed: QueueBoard = { ...board, limit: 2, waitingCount: 40, waitingByPriority: { emergency: 0, urgent: 0, normal: 40 } };
    const newcomer = (priority: 'emergency' | 'normal', queuedAt: string) => ({
      visitId: visit(3), token: 'OPD-041', tokenNumber: 41, priority, doctorId: null, queuedAt, skipCount: 0,
    });

    it('counts a newcomer at the back without showing it', () => {
      const update = applyQueueChange(windowed, change({ waitingCount: 41, entry: newcomer('normal', '2026-03-02T06:10:00.000Z') }));
      if (update.kind !== 'applied') throw new Error(update.kind);
      expect(update.board.waiting.map((entry) => entry.token)).toEqual(['OPD-001', 'OPD-002']);
      expect(update.board.waitingCount).toBe(41);
      expect([update.unnamed, update.refill]).toEqual([[], false]);
    });

    it('shows a newcomer ahead of the window\'s last entry, and keeps the window to its limit', () => {
      const update = applyQueueChange(windowed, change({ waitingCount: 41, entry: newcomer('emergency', '2026-03-02T06:10:00.000Z') }));
      if (update.kind !== 'applied') throw new Error(update.kind);
      expect(update.board.waiting.map((entry) => [entry.token, entry.position])).toEqual([['OPD-041', 1], ['OPD-001', 2]]);
      expect([update.unnamed, update.refill]).toEqual([[visit(3)], false]);
    });

    it('asks for a refill once a call leaves the window short while others wait beyond it', () => {
      const update = applyQueueChange(windowed, change({
        change: 'called', visitId: visit(1), token: 'OPD-001', status: 'in_consultation', waitingCount: 39,
        serving: { visitId: visit(1), token: 'OPD-001', doctorId: doctor, servedBy: doctor, servedByName: 'Dr. Otieno', room: 'Room 2', calledAt: '2026-03-02T06:11:00.000Z', recallCount: 0 },
      }));
      if (update.kind !== 'applied') throw new Error(update.kind);
      expect(update.board.waiting.map((entry) => [entry.token, entry.position])).toEqual([['OPD-002', 1]]);
      expect(update.refill).toBe(true);
      // With nobody beyond the window, a short window is the whole queue: no refill.
      const whole = applyQueueChange(board, change({ change: 'cancelled', visitId: visit(1), status: 'cancelled', waitingCount: 1 }));
      expect(whole).toMatchObject({ kind: 'applied', refill: false });
    });
  });
});
