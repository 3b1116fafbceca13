import type { QueueBoard } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { departmentsOf, myPatients } from './my-queue.js';

const ME = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const at = '2026-12-02T08:00:00.000Z';

function board(department: string, waiting: { visitId: string; doctorId: string | null }[], serving: { visitId: string; servedBy: string }[]): QueueBoard {
  return {
    department, departmentName: department, serviceDate: '2026-12-02', version: 1, limit: 50, waitingCount: waiting.length,
    waitingByPriority: { emergency: 0, urgent: 0, normal: waiting.length }, typicalConsultationMinutes: 15, activeServers: 1, at,
    nowServing: serving.map((entry) => ({ ...entry, token: entry.visitId, doctorId: null, servedByName: 'Dr', room: null, calledAt: at, recallCount: 0, patient: null })),
    waiting: waiting.map((entry, index) => ({ ...entry, token: entry.visitId, tokenNumber: index + 1, priority: 'normal', queuedAt: at, skipCount: 0, position: index + 1, estimatedWaitMinutes: 0, patient: null })),
  };
}

describe('my patients', () => {
  it('lists those with me first, then the waiting of my queue and the pool, never another doctor\'s', () => {
    const opd = board('OPD', [{ visitId: 'pool', doctorId: null }, { visitId: 'theirs', doctorId: OTHER }, { visitId: 'mine', doctorId: ME }], [{ visitId: 'with-me', servedBy: ME }, { visitId: 'with-them', servedBy: OTHER }]);
    const emr = board('EMR', [{ visitId: 'emr-pool', doctorId: null }], []);
    const list = myPatients([opd, emr], ME);
    expect(list.map((patient) => [patient.kind, patient.entry.visitId])).toEqual([
      ['withMe', 'with-me'], ['waiting', 'pool'], ['waiting', 'mine'], ['waiting', 'emr-pool'],
    ]);
    expect(list.filter((patient) => patient.kind === 'waiting').map((patient) => patient.kind === 'waiting' && patient.mine)).toEqual([false, true, false]);
  });

  it('takes the departments from the doctor\'s own profile, none without one', () => {
    const doctors = [{ id: ME, departments: ['OPD', 'EMR'] }, { id: OTHER, departments: ['PAED'] }] as unknown as Parameters<typeof departmentsOf>[0];
    expect(departmentsOf(doctors, ME)).toEqual(['OPD', 'EMR']);
    expect(departmentsOf(doctors, '00000000-0000-4000-8000-000000000009')).toEqual([]);
    expect(departmentsOf(doctors, undefined)).toEqual([]);
  });
});
