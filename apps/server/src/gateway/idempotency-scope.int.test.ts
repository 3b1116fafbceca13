import { describe, expect, it } from 'vitest';
import { createTestUser, insertTestDepartment, insertTestPatient, useTestStack } from '../test-support/index.js';

/**
 * Issue 9, finding 3: an idempotency key answers only its own caller's retry of the same
 * request. Another user's (or workstation's) key, or the same key with other params, is
 * CONFLICT with a reason and none of the stored result; the caller's own retry still gets it,
 * after a reconnect too, and that replay is an audited read.
 */
const stack = useTestStack({ timeZone: 'Africa/Nairobi' });

const registration = { givenName: 'Makena', familyName: 'Wekesa', sex: 'F', birthDate: '1993-08-12', phone: '0711 404 505', nationalId: '27182818' } as const;

describe('idempotency keys belong to their caller and their request', () => {
  it('another user sending a receptionist\'s key gets CONFLICT, never her stored patient', async () => {
    const desk = await stack.signedIn(['receptionist'], 'desk-1');
    const { patient } = await desk.call('patients.register', registration, { idempotencyKey: 'hms:desk-1:key-0001' });
    const admin = await stack.signedIn(['admin'], 'desk-1');
    const stolen = await admin.callError('patients.register', registration, { idempotencyKey: 'hms:desk-1:key-0001' });
    expect(stolen).toMatchObject({ code: 'CONFLICT', details: { reason: 'other_caller', idempotencyKey: 'hms:desk-1:key-0001' } });
    expect(JSON.stringify(stolen.details)).not.toContain(patient.id);
    expect(JSON.stringify(stolen.details)).not.toContain('27182818');
    // Nor does another receptionist at the same desk.
    const other = await stack.signedIn(['receptionist'], 'desk-1');
    expect(await other.callError('patients.register', registration, { idempotencyKey: 'hms:desk-1:key-0001' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'other_caller' } });
    expect(await stack.db('patients').where({ national_id: '27182818' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('the same user from another workstation is another caller', async () => {
    const user = await createTestUser(stack.db, 'wanderer', ['receptionist']);
    const params = { ...registration, nationalId: '16180339', phone: '0711 404 506' };
    const here = await stack.signedIn(user, 'desk-2');
    await here.call('patients.register', params, { idempotencyKey: 'hms:desk-2:key-0001' });
    const row = await stack.db('idempotency_keys').where({ key: 'hms:desk-2:key-0001' }).first();
    expect(row).toMatchObject({ workstation_id: 'desk-2', user_id: user.id, method: 'patients.register', request_digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const there = await stack.signedIn(user, 'desk-9');
    expect(await there.callError('patients.register', params, { idempotencyKey: 'hms:desk-2:key-0001' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'other_caller' } });
  });

  it('the same key with other params is CONFLICT with a reason, not a silent replay', async () => {
    const desk = await stack.signedIn(['receptionist'], 'desk-3');
    const first = await desk.call('patients.register', { ...registration, nationalId: '14142135', phone: '0711 404 507' }, { idempotencyKey: 'hms:desk-3:key-0001' });
    const changed = await desk.callError('patients.register', { ...registration, nationalId: '14142135', phone: '0711 404 508' }, { idempotencyKey: 'hms:desk-3:key-0001' });
    expect(changed).toMatchObject({ code: 'CONFLICT', details: { reason: 'different_params' } });
    expect(changed.message).toContain('different params');
    const stored = await stack.db('patients').where({ id: first.patient.id }).first();
    expect(stored.phone).toBe('+254711404507');
  });

  it('the caller\'s own retry after a reconnect gets the stored result, and the replay is audited', async () => {
    const user = await createTestUser(stack.db, 'returning.desk', ['receptionist']);
    const desk = await stack.signedIn(user, 'desk-4');
    const params = { ...registration, nationalId: '17320508', phone: '0711 404 509' };
    const first = await desk.call('patients.register', params, { idempotencyKey: 'hms:desk-4:key-0001' });
    await desk.close();
    // The same user signs in again on a new connection (the outbox drains after the reconnect).
    const again = await stack.signedIn(user, 'desk-4');
    // The same params in another key order (the outbox stores them as JSON text) are the same request.
    const reordered = Object.fromEntries(Object.entries(params).reverse()) as typeof params;
    const retry = await again.call('patients.register', reordered, { idempotencyKey: 'hms:desk-4:key-0001' });
    expect(retry).toEqual(first);
    expect(await stack.db('patients').where({ national_id: '17320508' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    const reads = await stack.db('audit_log').where({ action: 'idempotency.replay', entity_id: first.patient.id });
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ entity_type: 'patient', actor_username: user.username, workstation_id: 'desk-4', details: { method: 'patients.register' } });
  });

  it('a check-in queued with the time it happened replays the online attempt\'s result (the desk\'s outbox)', async () => {
    const department = await insertTestDepartment(stack.db);
    const patient = await insertTestPatient(stack.db);
    const desk = await stack.signedIn(['receptionist'], 'desk-5');
    const params = { patientId: patient.id, visitType: 'new', department: department.code } as const;
    const online = await desk.call('visits.checkIn', params, { idempotencyKey: 'hms:desk-5:key-0001' });
    const queued = await desk.call('visits.checkIn', { ...params, arrivedAt: new Date().toISOString() }, { idempotencyKey: 'hms:desk-5:key-0001' });
    expect(queued).toEqual(online);
    const otherDepartment = await insertTestDepartment(stack.db);
    expect(await desk.callError('visits.checkIn', { ...params, department: otherDepartment.code }, { idempotencyKey: 'hms:desk-5:key-0001' }))
      .toMatchObject({ code: 'CONFLICT', details: { reason: 'different_params' } });
  });
});
