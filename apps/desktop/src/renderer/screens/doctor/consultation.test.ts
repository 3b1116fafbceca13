import { FORMULARY_SEED, drugDisplayName } from '@hms/core';
import type { Drug } from '@hms/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../shared/host-api.js';
import { ok } from '../../../shared/result.js';
import type { Alert, ConsultationDeps } from './consultation.js';
import { Consultation, NOTE_SAVE_DELAY_MS } from './consultation.js';
import { prescriptionLines } from './consultation-lists.js';

const VISIT = '00000000-0000-4000-8000-000000000010';
const PATIENT = '00000000-0000-4000-8000-000000000011';
const ENCOUNTER = '00000000-0000-4000-8000-000000000012';
const at = '2026-12-02T08:00:00.000Z';

const view = {
  visitId: VISIT, patientId: PATIENT, patient: { name: 'Grace Wanjiru', mrn: 'PAT-1' }, encounterId: ENCOUNTER, doctorId: 'd', state: 'open', encounter: null,
  note: { sections: {}, typedAt: null, savedTypedAt: null, unsent: false, refused: null }, writes: [], startedAt: at, updatedAt: at,
};

function amoxicillin(): Drug {
  const data = FORMULARY_SEED.find((item) => item.generic === 'amoxicillin' && item.form === 'capsule' && item.strengthText === '500 mg')!;
  return { ...data, id: '00000000-0000-4000-8000-0000000000aa', version: 1, name: drugDisplayName(data), source: 'shipped', updatedAt: at };
}

const allergyAlert: Alert = {
  alertKey: 'allergy:penicillins:0', kind: 'allergy', severity: 'contraindicated', blocking: true, ruleCode: 'allergy.penicillins', ruleVersion: 1, ruleSetVersion: 1,
  citation: 'Khan DA et al. 2022', title: 'Penicillin allergy', message: 'Recorded allergy to penicillins.', management: 'Do not give.', itemIndexes: [0], currentDrugId: null, allergyId: 'a1',
};

/** A host that answers the doctor desk's requests as its host part would for one consultation, and records what it was asked. */
function host(alerts: Alert[]) {
  const calls: { channel: string; params: Record<string, unknown> }[] = [];
  const answers: Record<string, (params: Record<string, unknown>) => unknown> = {
    'doctor.consultation': () => null,
    'doctor.startConsultation': () => view,
    'doctor.saveNote': (params) => ({ status: 'server', typedAt: params.typedAt, note: null }),
    'doctor.checkPrescription': () => ({ source: 'server', alerts, ruleSetVersion: 1, formularyRevision: 1, knowledgeAsOf: null, chartAsOf: null, unsentPrescriptions: 0, reason: null }),
    'doctor.prescribe': (params) => ({
      status: 'applied', prescriptionId: 'p1', check: null,
      write: { method: 'prescriptions.create', state: 'applied', params },
      consultation: { ...view, writes: [{ idempotencyKey: 'k', method: 'prescriptions.create', state: 'applied', params, label: 'Prescription', at, error: null,
        result: { prescription: { id: 'p1', number: 'RX-000001', encounterId: ENCOUNTER, createdAt: at, items: [], overrides: params.overrides, status: 'active' }, alerts } }] },
    }),
    'orders.forPatient': () => ({ items: [] }),
    'prescriptions.forPatient': () => ({ items: [] }),
  };
  const answer = (channel: string, params: Record<string, unknown>) => {
    calls.push({ channel, params });
    const reply = answers[channel];
    if (reply === undefined) throw new Error(`unexpected ${channel}`);
    return ok(reply(params));
  };
  const api = {
    request: async (channel: string, params: Record<string, unknown>) => answer(channel, params),
    on: () => () => undefined,
    call: async (method: string, params: Record<string, unknown>) => answer(method, params),
    submit: async () => {
      throw new Error('the doctor desk writes through its host requests');
    },
  } as unknown as HostApi;
  const deps: ConsultationDeps = { api, patientOf: () => PATIENT, searchCatalogue: async () => ok([]) };
  return { deps, calls, of: (channel: string) => calls.filter((call) => call.channel === channel) };
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

  it('hands the note to the host within NOTE_SAVE_DELAY_MS of the first unsaved keystroke, every section at once with the time it was typed', async () => {
    const { deps, of } = host([]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    consultation.edit('complaint', 'Cough');
    await settle(NOTE_SAVE_DELAY_MS / 2);
    consultation.edit('complaint', 'Cough and fever');
    consultation.edit('examination', 'Crackles');
    await settle(NOTE_SAVE_DELAY_MS / 2 - 1);
    expect(of('doctor.saveNote')).toHaveLength(0);
    await settle(1);
    const saves = of('doctor.saveNote');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.params).toMatchObject({ encounterId: ENCOUNTER, sections: { complaint: 'Cough and fever', examination: 'Crackles' } });
    expect(typeof saves[0]!.params.typedAt).toBe('string');
    expect(consultation.getSnapshot().note.state).toBe('saved');
  });

  it('saves while the doctor types on without a pause: no keystroke waits longer than NOTE_SAVE_DELAY_MS', async () => {
    const { deps, of } = host([]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    let text = '';
    // Three seconds of typing, a character every 100 ms.
    for (let keystroke = 0; keystroke < 30; keystroke += 1) {
      text += 'abcdefghij'[keystroke % 10];
      consultation.edit('history', text);
      await settle(100);
    }
    const saved = of('doctor.saveNote').map((call) => (call.params.sections as { history: string }).history);
    expect(saved.length).toBeGreaterThanOrEqual(Math.floor(3_000 / NOTE_SAVE_DELAY_MS));
    // Each save carries all that was typed by then, each longer than the last.
    expect(saved.every((words, index) => text.startsWith(words) && (index === 0 || words.length > saved[index - 1]!.length))).toBe(true);
    expect(saved[0]!.length).toBeLessThanOrEqual(NOTE_SAVE_DELAY_MS / 100 + 1);
    await settle(NOTE_SAVE_DELAY_MS);
    expect(of('doctor.saveNote').at(-1)!.params.sections).toMatchObject({ history: text });
  });

  it('saves what was typed at once when asked (before signing), not twice', async () => {
    const { deps, of } = host([]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    consultation.edit('plan', 'Review in 48 h');
    await consultation.flushNote();
    await settle(NOTE_SAVE_DELAY_MS * 2);
    expect(of('doctor.saveNote')).toHaveLength(1);
  });

  it('shows the check\'s alerts as the line is typed; a blocking one keeps Prescribe off until a reason is given, which goes with the prescription', async () => {
    const { deps, of } = host([allergyAlert]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    const line = consultation.addDrug(amoxicillin());
    await settle(1_000);
    // No frequency yet: nothing to check.
    expect(of('doctor.checkPrescription')).toHaveLength(0);
    consultation.editLine(line, { frequency: 'tds', durationDays: '5', quantity: '15' });
    await settle(1_000);
    expect(of('doctor.checkPrescription')[0]!.params).toMatchObject({ patientId: PATIENT, items: [{ dose: 500, doseUnit: 'mg', frequency: 'tds' }] });
    expect(consultation.getSnapshot().rx.alerts.map((alert) => alert.alertKey)).toEqual([allergyAlert.alertKey]);
    expect(consultation.unresolved()).toHaveLength(1);
    expect(await consultation.prescribe()).toBeUndefined();
    expect(of('doctor.prescribe')).toHaveLength(0);

    consultation.override(allergyAlert.alertKey, '   ');
    expect(consultation.unresolved()).toHaveLength(1);
    consultation.override(allergyAlert.alertKey, 'Tolerated amoxicillin in 2024 without reaction');
    expect(consultation.unresolved()).toHaveLength(0);
    expect(await consultation.prescribe()).toBe('p1');
    expect(of('doctor.prescribe')[0]!.params).toMatchObject({
      encounterId: ENCOUNTER,
      items: [{ dose: 500, frequency: 'tds', durationDays: 5, quantity: 15 }],
      overrides: [{ alertKey: allergyAlert.alertKey, reason: 'Tolerated amoxicillin in 2024 without reaction' }],
    });
    expect(consultation.getSnapshot().rx.items).toEqual([]);
    const state = consultation.getSnapshot();
    expect(prescriptionLines(state.view, state.serverPrescriptions).map((line) => line.number)).toEqual(['RX-000001']);
  });

  it('does not prescribe an incomplete line: it names the fields', async () => {
    const { deps, of } = host([]);
    const consultation = new Consultation(deps, VISIT);
    await consultation.open();
    const line = consultation.addDrug(amoxicillin());
    consultation.editLine(line, { frequency: 'tds' });
    await settle(1_000);
    expect(await consultation.prescribe()).toBeUndefined();
    expect(consultation.getSnapshot().rx.fieldErrors[line]).toEqual({ durationDays: 'required', quantity: 'required' });
    expect(of('doctor.prescribe')).toHaveLength(0);
  });
});

