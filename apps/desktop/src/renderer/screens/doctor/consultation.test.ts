import { FORMULARY_SEED, drugDisplayName } from '@hms/core';
import type { Drug, MethodName } from '@hms/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../shared/host-api.js';
import { ok } from '../../../shared/result.js';
import type { DeskContext } from '../../app/desk-module.js';
import type { Alert } from './consultation.js';
import { Consultation, NOTE_SAVE_DELAY_MS } from './consultation.js';

const VISIT = '00000000-0000-4000-8000-000000000010';
const PATIENT = '00000000-0000-4000-8000-000000000011';
const ENCOUNTER = '00000000-0000-4000-8000-000000000012';
const at = '2026-12-02T08:00:00.000Z';

const visit = { id: VISIT, patientId: PATIENT, patient: { id: PATIENT, mrn: 'PAT-1', name: 'Grace Wanjiru' }, status: 'in_consultation' };
const encounter = {
  id: ENCOUNTER, visitId: VISIT, patientId: PATIENT, status: 'open', note: { sections: {}, version: 0, typedAt: null, savedAt: null }, diagnoses: [], addenda: [],
};

function amoxicillin(): Drug {
  const data = FORMULARY_SEED.find((item) => item.generic === 'amoxicillin' && item.form === 'capsule' && item.strengthText === '500 mg')!;
  return { ...data, id: '00000000-0000-4000-8000-0000000000aa', version: 1, name: drugDisplayName(data), source: 'shipped', updatedAt: at };
}

const allergyAlert: Alert = {
  alertKey: 'allergy:penicillins:0', kind: 'allergy', severity: 'contraindicated', blocking: true, ruleCode: 'allergy.penicillins', ruleVersion: 1, ruleSetVersion: 1,
  citation: 'Khan DA et al. 2022', title: 'Penicillin allergy', message: 'Recorded allergy to penicillins.', management: 'Do not give.', itemIndexes: [0], currentDrugId: null, allergyId: 'a1',
};

/** A host that answers as the server would for one open consultation, and records what it was asked. */
function host(alerts: Alert[]) {
  const calls: { method: MethodName; params: Record<string, unknown>; via: 'call' | 'submit' }[] = [];
  const answers: Partial<Record<MethodName, (params: Record<string, unknown>) => unknown>> = {
    'visits.get': () => ({ visit }),
    'encounters.start': () => ({ encounter }),
    'orders.forPatient': () => ({ items: [] }),
    'prescriptions.forPatient': () => ({ items: [] }),
    'prescriptions.check': () => ({ alerts, ruleSetVersion: 1, formularyRevision: 1 }),
    'notes.save': (params) => ({ note: { sections: params.sections, version: 1, typedAt: params.typedAt, savedAt: at }, applied: true }),
    'prescriptions.create': (params) => ({ prescription: { id: 'p1', number: 'RX-000001', items: [], overrides: params.overrides, encounterId: ENCOUNTER }, alerts }),
  };
  const answer = (method: MethodName, params: Record<string, unknown>): unknown => {
    const reply = answers[method];
    if (reply === undefined) throw new Error(`unexpected ${method}`);
    return reply(params);
  };
  const api = {
    request: async () => ok(undefined),
    on: () => () => undefined,
    call: async (method: MethodName, params: Record<string, unknown>) => {
      calls.push({ method, params, via: 'call' });
      return ok(answer(method, params));
    },
    submit: async (method: MethodName, params: Record<string, unknown>) => {
      calls.push({ method, params, via: 'submit' });
      return ok({ status: 'applied', result: answer(method, params), idempotencyKey: 'k' });
    },
  } as unknown as HostApi;
  const deps = { api, prints: undefined, notify: () => undefined, navigate: () => undefined, printsSilently: () => false } as unknown as DeskContext;
  return { deps, calls, of: (method: MethodName) => calls.filter((call) => call.method === method) };
}

const settle = async (ms: number) => {
  await vi.advanceTimersByTimeAsync(ms);
};

describe('a consultation on the desk', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', { setTimeout, clearTimeout });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('saves the note once the doctor pauses, every section at once with the time it was typed, through the outbox path', async () => {
    const { deps, of } = host([]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    consultation.edit('complaint', 'Cough');
    await settle(NOTE_SAVE_DELAY_MS / 2);
    consultation.edit('complaint', 'Cough and fever');
    consultation.edit('examination', 'Crackles');
    await settle(NOTE_SAVE_DELAY_MS - 1);
    expect(of('notes.save')).toHaveLength(0);
    await settle(1);
    const saves = of('notes.save');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.via).toBe('submit');
    expect(saves[0]!.params).toMatchObject({ encounterId: ENCOUNTER, sections: { complaint: 'Cough and fever', examination: 'Crackles' } });
    expect(typeof saves[0]!.params.typedAt).toBe('string');
    expect(consultation.getSnapshot().note.state).toBe('saved');
  });

  it('saves what was typed at once when asked (before signing), not twice', async () => {
    const { deps, of } = host([]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    consultation.edit('plan', 'Review in 48 h');
    await consultation.flushNote();
    await settle(NOTE_SAVE_DELAY_MS * 2);
    expect(of('notes.save')).toHaveLength(1);
  });

  it('shows the check\'s alerts as the line is typed; a blocking one keeps Prescribe off until a reason is given, which goes with the prescription', async () => {
    const { deps, of } = host([allergyAlert]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    const line = consultation.addDrug(amoxicillin());
    await settle(1_000);
    // No frequency yet: nothing to check.
    expect(of('prescriptions.check')).toHaveLength(0);
    consultation.editLine(line, { frequency: 'tds', durationDays: '5', quantity: '15' });
    await settle(1_000);
    expect(of('prescriptions.check')[0]!.params).toMatchObject({ patientId: PATIENT, items: [{ dose: 500, doseUnit: 'mg', frequency: 'tds' }] });
    expect(consultation.getSnapshot().rx.alerts.map((alert) => alert.alertKey)).toEqual([allergyAlert.alertKey]);
    expect(consultation.unresolved()).toHaveLength(1);
    expect(await consultation.prescribe()).toBe(false);
    expect(of('prescriptions.create')).toHaveLength(0);

    consultation.override(allergyAlert.alertKey, '   ');
    expect(consultation.unresolved()).toHaveLength(1);
    consultation.override(allergyAlert.alertKey, 'Tolerated amoxicillin in 2024 without reaction');
    expect(consultation.unresolved()).toHaveLength(0);
    expect(await consultation.prescribe()).toBe(true);
    expect(of('prescriptions.create')[0]!.params).toMatchObject({
      encounterId: ENCOUNTER,
      items: [{ dose: 500, frequency: 'tds', durationDays: 5, quantity: 15 }],
      overrides: [{ alertKey: allergyAlert.alertKey, reason: 'Tolerated amoxicillin in 2024 without reaction' }],
    });
    expect(consultation.getSnapshot().rx.items).toEqual([]);
    expect(consultation.getSnapshot().prescriptions.map((prescription) => prescription.number)).toEqual(['RX-000001']);
  });

  it('does not prescribe an incomplete line: it names the fields', async () => {
    const { deps, of } = host([]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    const line = consultation.addDrug(amoxicillin());
    consultation.editLine(line, { frequency: 'tds' });
    await settle(1_000);
    expect(await consultation.prescribe()).toBe(false);
    expect(consultation.getSnapshot().rx.fieldErrors[line]).toEqual({ durationDays: 'required', quantity: 'required' });
    expect(of('prescriptions.create')).toHaveLength(0);
  });
});

