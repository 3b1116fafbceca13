import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock, createTestUser, useTestStack } from '../test-support/index.js';

/**
 * Issue 9, finding 2: patients.register with the id of an existing patient answered anyone
 * with that patient's full record, unaudited. Now only the registering user's replay of the
 * same registration gets the patient (an audited read); anyone else, or other details, is
 * CONFLICT with nothing of the record.
 */
const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
const stack = useTestStack({ clock, timeZone: 'Africa/Nairobi' });

const details = { givenName: 'Achieng', familyName: 'Otieno', sex: 'F', birthDate: '1988-11-30', phone: '0720 313 131', nationalId: '24681357' } as const;

describe('patients.register with an existing id', () => {
  it('is refused to another receptionist, who learns nothing of the record, and no read is audited for them', async () => {
    const first = await stack.signedIn(['receptionist'], 'desk-1');
    const id = randomUUID();
    await first.call('patients.register', { ...details, id });
    const other = await stack.signedIn(['receptionist'], 'desk-2');
    const error = await other.callError('patients.register', { ...details, id });
    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'id_taken', fields: { id: 'already used' } } });
    const wire = JSON.stringify(error);
    for (const secret of ['24681357', '254720313131', 'PAT-']) expect(wire).not.toContain(secret);
    // Even with no demographics of the patient at all.
    expect(await other.callError('patients.register', { givenName: 'Any', familyName: 'Body', sex: 'U', id, confirmedNotDuplicate: true })).toMatchObject({ code: 'CONFLICT' });
    expect(await stack.db('audit_log').where({ entity_id: id }).whereNot({ action: 'patients.register' })).toEqual([]);
  });

  it('answers the registering user\'s replay of the same registration, with the block MRN named unused, as an audited read', async () => {
    const user = await createTestUser(stack.db, 'replaying.desk', ['receptionist']);
    const desk = await stack.signedIn(user, 'desk-3');
    const id = randomUUID();
    const { patient } = await desk.call('patients.register', { ...details, nationalId: '13572468', phone: '0720 313 132', id });
    // The outbox's copy after a lost reply: same demographics (empties spelled as empty), a block MRN, offline.
    const replayed = await desk.call('patients.register', {
      ...details, nationalId: '1357 2468', phone: '0720313132', middleName: '', id, mrn: 'PAT-2026-999999-0', registeredOffline: true, registeredAt: clock.now().toISOString(),
    });
    expect(replayed).toMatchObject({ patient: { id, mrn: patient.mrn }, unusedMrn: 'PAT-2026-999999-0' });
    const reads = await stack.db('audit_log').where({ action: 'patients.register.replay', entity_id: id });
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actor_username: 'replaying.desk', workstation_id: 'desk-3', details: { unusedMrn: 'PAT-2026-999999-0' } });
  });

  it('is refused to the same user when the details differ (another registration reusing the id)', async () => {
    const desk = await stack.signedIn(['receptionist'], 'desk-4');
    const id = randomUUID();
    await desk.call('patients.register', { ...details, nationalId: '11223344', phone: '0720 313 133', id });
    const error = await desk.callError('patients.register', { ...details, nationalId: '11223345', phone: '0720 313 133', id });
    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'different_details' } });
    expect(JSON.stringify(error)).not.toContain('11223344');
  });

  it('an estimated age replays as the same registration the next day', async () => {
    const user = await createTestUser(stack.db, 'estimating.desk', ['receptionist']);
    const id = randomUUID();
    const params = { givenName: 'Jelimo', familyName: 'Kiprop', sex: 'F', estimatedAgeYears: 40, id } as const;
    const { patient } = await (await stack.signedIn(user, 'desk-5')).call('patients.register', params);
    clock.advance(24 * 3_600_000);
    const nextDay = await stack.signedIn(user, 'desk-5');
    await expect(nextDay.call('patients.register', params)).resolves.toMatchObject({ patient: { id: patient.id, birthDate: patient.birthDate } });
  });
});
