import { CHART_READ_AHEAD_MAX } from '@hms/core';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';

// charts.readAhead: a desk keeps the charts of its waiting patients for offline use, audited once
// for the list (with the patient ids), not as a person's read of each chart.

const stack = useTestStack();

describe('charts.readAhead', () => {
  it('answers each chart as charts.get would, lists unknown ids, and audits the list once with its patient ids', async () => {
    const nurseUser = await createTestUser(stack.db, 'ahead.nurse', ['nurse']);
    const nurse = await stack.signedIn(nurseUser, 'triage-4');
    const amina = await insertTestPatient(stack.db, { givenName: 'Amina', familyName: 'Yusuf' });
    const baraka = await insertTestPatient(stack.db, { givenName: 'Baraka', familyName: 'Otieno' });
    const unknown = randomUUID();
    const { charts, missing } = await nurse.call('charts.readAhead', { patientIds: [amina.id, baraka.id, unknown, amina.id], purpose: 'triage' });
    expect(charts.map(({ chart, requestedId }) => [requestedId, chart.patient.id, chart.allergies.status])).toEqual([[amina.id, amina.id, 'not_recorded'], [baraka.id, baraka.id, 'not_recorded']]);
    expect(missing).toEqual([unknown]);
    const rows = await stack.db('audit_log').where({ actor_id: nurseUser.id }).whereIn('action', ['charts.readAhead', 'charts.get']);
    expect(rows).toMatchObject([{ action: 'charts.readAhead', entity_type: 'patient_list', workstation_id: 'triage-4', details: { purpose: 'triage', patientIds: [amina.id, baraka.id] } }]);
    const tooMany = Array.from({ length: CHART_READ_AHEAD_MAX + 1 }, () => amina.id);
    expect((await nurse.callError('charts.readAhead', { patientIds: tooMany, purpose: 'triage' })).code).toBe('VALIDATION');
    const receptionist = await stack.signedIn(['receptionist']);
    expect((await receptionist.callError('charts.readAhead', { patientIds: [amina.id], purpose: 'triage' })).code).toBe('FORBIDDEN');
  });
});
