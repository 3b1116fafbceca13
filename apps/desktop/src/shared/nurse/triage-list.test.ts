import type { AllergySummary, QueueBoard } from '@hms/core';
import { describe, expect, it } from 'vitest';
import type { QueueBoardView } from '../protocol/reception.js';
import type { PendingWrite } from './triage.js';
import { allergiesOnList, triageList } from './triage-list.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function board(department: string, waiting: { n: number; priority: 'emergency' | 'urgent' | 'normal'; minute: number }[], live = true): QueueBoardView {
  const entries = waiting.map(({ n, priority, minute }, index) => ({
    visitId: id(n), token: `${department}-00${n}`, tokenNumber: n, priority, doctorId: null, queuedAt: `2026-12-02T08:${String(minute).padStart(2, '0')}:00.000Z`,
    skipCount: 0, position: index + 1, estimatedWaitMinutes: index * 10, patient: { id: id(100 + n), mrn: `MRN-${n}`, name: `Patient ${n}` },
  }));
  const value: QueueBoard = {
    department, departmentName: `${department} clinic`, serviceDate: '2026-12-02', version: 3, nowServing: [], waiting: entries, limit: 500,
    waitingCount: entries.length + 2, waitingByPriority: { emergency: 0, urgent: 0, normal: entries.length }, typicalConsultationMinutes: 10, activeServers: 1, at: '2026-12-02T09:00:00.000Z',
  };
  return { department, board: value, live, asOf: '2026-12-02T09:00:00.000Z' };
}

const nothing = () => ({ vitalsAt: null, allergies: null });

const pending = (key: string, visitId: string, change: PendingWrite['change'], state: PendingWrite['state'] = 'queued', patientId: string | null = null): PendingWrite => ({
  key, patientId, visitId, label: key, queuedAt: '2026-12-02T09:01:00.000Z', state, change,
});

describe('triageList', () => {
  it('lists every waiting patient of the departments in calling order across them: priority, then time in the queue', () => {
    const list = triageList([board('OPD', [{ n: 1, priority: 'normal', minute: 0 }, { n: 2, priority: 'normal', minute: 5 }]), board('ANC', [{ n: 3, priority: 'urgent', minute: 10 }, { n: 4, priority: 'normal', minute: 2 }])], [], nothing);
    expect(list.entries.map((entry) => entry.token)).toEqual(['ANC-003', 'OPD-001', 'ANC-004', 'OPD-002']);
    expect(list.departments).toEqual([
      { department: 'OPD', departmentName: 'OPD clinic', live: true, asOf: '2026-12-02T09:00:00.000Z', waitingCount: 4, beyond: 2 },
      { department: 'ANC', departmentName: 'ANC clinic', live: true, asOf: '2026-12-02T09:00:00.000Z', waitingCount: 4, beyond: 2 },
    ]);
    expect(list.live).toBe(true);
  });

  it('orders by a priority queued here at once, and counts what waits to send for each visit or its patient; a refused triage does not count', () => {
    const writes = [
      pending('a', id(2), { kind: 'priority', priority: 'urgent' }),
      pending('b', id(2), { kind: 'priority', priority: 'emergency' }),
      pending('c', id(1), { kind: 'priority', priority: 'emergency' }, 'refused'),
      pending('d', 'another-visit', { kind: 'noneKnown' }, 'queued', id(101)),
    ];
    const list = triageList([board('OPD', [{ n: 1, priority: 'normal', minute: 0 }, { n: 2, priority: 'normal', minute: 5 }], false)], writes, ({ visitId }) => ({ vitalsAt: visitId === id(1) ? '2026-12-02T09:05:00.000Z' : null, allergies: null }));
    expect(list.entries.map((entry) => [entry.token, entry.priority, entry.pendingPriority, entry.queued, entry.refused, entry.vitalsAt])).toEqual([
      ['OPD-002', 'normal', 'emergency', 2, 0, null],
      ['OPD-001', 'normal', null, 1, 1, '2026-12-02T09:05:00.000Z'],
    ]);
    expect(list.live).toBe(false);
  });

  it('a department whose board was never seen here is listed with nobody', () => {
    expect(triageList([{ department: 'DEN', board: null, live: false, asOf: null }], [], nothing)).toEqual({
      departments: [{ department: 'DEN', departmentName: 'DEN', live: false, asOf: null, waitingCount: 0, beyond: 0 }], entries: [], live: false,
    });
  });

  it('shows the allergy status as read here, with this desk\'s queued allergies and "no known allergies" counted; never read here, none', () => {
    const summary: AllergySummary = {
      status: 'none_known', noneKnown: { recordedAt: '2026-12-01T08:00:00.000Z', recordedByName: 'Nina' }, items: [],
    };
    const allergy = pending('a', id(1), { kind: 'allergy', allergyId: null, substance: { kind: 'food', code: null, text: 'Peanuts' }, reaction: null, severity: 'mild', status: 'active' });
    expect(allergiesOnList(summary, [])).toEqual({ status: 'none_known', active: [] });
    expect(allergiesOnList(summary, [allergy])).toEqual({ status: 'allergies', active: ['Peanuts'] });
    expect(allergiesOnList(summary, [{ ...allergy, state: 'refused' }])).toEqual({ status: 'none_known', active: [] });
    expect(allergiesOnList(null, [pending('b', id(1), { kind: 'noneKnown' })])).toEqual({ status: 'none_known', active: [] });
    expect(allergiesOnList(null, [])).toBeNull();
  });

  it('an allergy refuted here, not sent yet: the patient is no longer listed as allergic, nor as having none known', () => {
    const summary: AllergySummary = {
      status: 'allergies', noneKnown: null,
      items: [{ id: 'a1', revision: 1, patientId: 'p', substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: null, severity: 'mild', status: 'active', note: null, recordedAt: '2026-12-01T08:00:00.000Z', recordedByName: 'Nina' }],
    };
    expect(allergiesOnList(summary, [])).toEqual({ status: 'allergies', active: ['Penicillins'] });
    const refuted = pending('r', id(1), { kind: 'allergy', allergyId: 'a1', substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: null, severity: 'mild', status: 'refuted' });
    expect(allergiesOnList(summary, [refuted])).toEqual({ status: 'not_recorded', active: [] });
  });
});
