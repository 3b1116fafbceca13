import type { QueueBoard } from '@hms/core';
import { describe, expect, it } from 'vitest';
import type { QueueBoardView } from '../protocol/reception.js';
import { myPatientsOf } from './my-patients.js';

const me = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';
const visit = (n: number) => `10000000-0000-4000-8000-00000000000${n}`;
const patient = (n: number) => ({ id: `20000000-0000-4000-8000-00000000000${n}`, mrn: `MRN-${n}`, name: `Patient ${n}` });

function waiting(n: number, doctorId: string | null): QueueBoard['waiting'][number] {
  return {
    visitId: visit(n), token: `OPD-00${n}`, tokenNumber: n, priority: 'normal', doctorId, queuedAt: `2026-12-02T06:0${n}:00.000Z`, skipCount: 0,
    position: n, estimatedWaitMinutes: 10 * n, patient: patient(n),
  };
}

function board(entries: QueueBoard['waiting'], serving: QueueBoard['nowServing'] = []): QueueBoardView {
  return {
    department: 'OPD',
    live: true,
    asOf: '2026-12-02T07:00:00.000Z',
    board: {
      department: 'OPD', departmentName: 'Outpatients', serviceDate: '2026-12-02', version: 9, nowServing: serving, waiting: entries, limit: 500,
      waitingCount: entries.length, waitingByPriority: { emergency: 0, urgent: 0, normal: entries.length }, typicalConsultationMinutes: 10, activeServers: 1,
      at: '2026-12-02T07:00:00.000Z',
    },
  };
}

const none = { startedOffline: new Set<string>(), completed: new Set<string>() };

describe('My patients', () => {
  it('lists the doctor\'s own queue and the pool in calling order, never another doctor\'s, and those this doctor serves', () => {
    const serving = [
      { visitId: visit(5), token: 'OPD-005', doctorId: me, servedBy: me, servedByName: 'Dr', room: 'Room 2', calledAt: '2026-12-02T06:50:00.000Z', recallCount: 1, patient: patient(5) },
      { visitId: visit(6), token: 'OPD-006', doctorId: null, servedBy: other, servedByName: 'Dr B', room: null, calledAt: '2026-12-02T06:51:00.000Z', recallCount: 0, patient: patient(6) },
    ];
    const view = myPatientsOf([board([waiting(1, me), waiting(2, other), waiting(3, null)], serving)], me, none);
    expect(view.waiting.map((entry) => [entry.visitId, entry.queue, entry.position])).toEqual([[visit(1), 'mine', 1], [visit(3), 'pool', 3]]);
    expect(view.inConsultation).toMatchObject([{ visitId: visit(5), room: 'Room 2', recallCount: 1, priority: null, position: null, startedOffline: false }]);
    expect(view).toMatchObject({ doctorId: me, departments: ['OPD'], live: true, asOf: '2026-12-02T07:00:00.000Z' });
  });

  it('moves a patient whose consultation started here offline to in consultation, and drops one completed here', () => {
    const view = myPatientsOf([{ ...board([waiting(1, me), waiting(2, null), waiting(3, null)]), live: false }], me, {
      startedOffline: new Set([visit(2)]), completed: new Set([visit(3)]),
    });
    expect(view.waiting.map((entry) => entry.visitId)).toEqual([visit(1)]);
    expect(view.inConsultation).toMatchObject([{ visitId: visit(2), startedOffline: true, position: null }]);
    expect(view.live).toBe(false);
  });

  it('is empty for a user who is not a doctor, and not live before any board was read', () => {
    expect(myPatientsOf([board([waiting(1, null)])], null, none)).toMatchObject({ waiting: [], inConsultation: [], live: false });
    expect(myPatientsOf([{ department: 'OPD', board: null, live: false, asOf: null }], me, none)).toMatchObject({ waiting: [], live: false, asOf: null });
  });
});
