import { describe, expect, it } from 'vitest';
import type { ConsultationView, ConsultationWrite } from '../../../shared/doctor/views.js';
import { diagnosisLines, orderLines, prescriptionLines } from './consultation-lists.js';

const at = '2026-12-02T08:00:00.000Z';
const ENCOUNTER = '00000000-0000-4000-8000-000000000012';
const RX = '00000000-0000-4000-8000-000000000020';

function write(method: ConsultationWrite['method'], state: ConsultationWrite['state'], params: unknown, result: unknown = null, label = 'x'): ConsultationWrite {
  return { idempotencyKey: `${method}-${state}-${label}`, method, state, params, label, result, error: null, at };
}

function viewWith(writes: ConsultationWrite[], diagnoses: unknown[] = []): ConsultationView {
  return {
    visitId: 'v', patientId: 'p', patient: null, encounterId: ENCOUNTER, doctorId: 'd', state: 'open',
    encounter: { diagnoses } as unknown as ConsultationView['encounter'],
    note: { sections: {}, typedAt: null, savedTypedAt: null, unsent: false, refused: null }, writes, startedAt: at, updatedAt: at,
  };
}

describe('what a consultation lists', () => {
  it('shows the server\'s diagnoses and, marked, those still waiting or refused; one applied meanwhile is not listed twice', () => {
    const stored = [{ id: 'd1', code: 'J18.9', description: 'Pneumonia, unspecified organism', certainty: 'provisional', rank: 'primary' }];
    const view = viewWith([
      write('diagnoses.add', 'applied', { encounterId: ENCOUNTER, code: 'J18.9', certainty: 'provisional' }),
      write('diagnoses.add', 'queued', { encounterId: ENCOUNTER, code: 'J45.909', certainty: 'confirmed' }, null, 'J45.909 Asthma'),
      write('diagnoses.add', 'refused', { encounterId: ENCOUNTER, code: 'R05.9', certainty: 'provisional' }, null, 'R05.9 Cough'),
      write('diagnoses.add', 'discarded', { encounterId: ENCOUNTER, code: 'R50.9', certainty: 'provisional' }, null, 'R50.9 Fever'),
    ], stored);
    expect(diagnosisLines(view).map((line) => [line.code, line.pending])).toEqual([['J18.9', null], ['J45.909', 'queued'], ['R05.9', 'refused']]);
  });

  it('names an order waiting to be sent as the screen showed it', () => {
    const view = viewWith([write('orders.create', 'queued', { encounterId: ENCOUNTER, items: [{ kind: 'lab', code: 'FBC', name: 'Full blood count' }] })]);
    expect(orderLines(view, []).map((line) => [line.name, line.priority, line.pending])).toEqual([['Full blood count', 'routine', 'queued']]);
  });

  it('lists a prescription once: waiting (no number yet) until the server answers, then with its number', () => {
    const params = { id: RX, encounterId: ENCOUNTER, items: [{ drugId: 'a', dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'od', durationDays: 3, quantity: 3 }], overrides: [{ alertKey: 'k', reason: 'r' }] };
    const waiting = prescriptionLines(viewWith([write('prescriptions.create', 'queued', params)]), []);
    expect(waiting.map((line) => [line.id, line.number, line.pending, line.overrides])).toEqual([[RX, null, 'queued', 1]]);
    const prescription = { id: RX, number: 'RX-000007', encounterId: ENCOUNTER, createdAt: at, items: [], overrides: [], status: 'active', prescriberName: 'Dr', prescriberRegistration: null };
    const applied = prescriptionLines(viewWith([write('prescriptions.create', 'applied', params, { prescription, alerts: [] })]), [prescription as never]);
    expect(applied.map((line) => [line.id, line.number, line.pending])).toEqual([[RX, 'RX-000007', null]]);
  });
});
