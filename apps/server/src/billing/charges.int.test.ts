import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { TEST_PASSWORD, createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let supervisorUser: TestUser;
let supervisor: TestClient;
let cashier: TestClient;
let otherCashierUser: TestUser;
let doctorId: string;
const stack = useTestStack({
  setup: async (s) => {
    supervisorUser = await createTestUser(s.db, 'charges.supervisor', ['billing_supervisor']);
    otherCashierUser = await createTestUser(s.db, 'charges.cashier2', ['cashier']);
    doctorId = (await createTestUser(s.db, 'charges.doctor', ['doctor'])).id;
    supervisor = await s.signedIn(supervisorUser);
    cashier = await s.signedIn(['cashier']);
    await supervisor.call('prices.set', { serviceCode: 'DRESSING', service: { name: 'Wound dressing', category: 'procedure' }, priceMinor: 35_000 });
    await supervisor.call('prices.set', { serviceCode: 'UNPRICED', service: { name: 'Not priced yet', category: 'other' }, priceMinor: 0 });
  },
});

const chargeCount = async () => Number((await stack.db('billing_charges').count('* as n'))[0]!.n);
const auditCount = async (action: string) => Number((await stack.db('audit_log').where({ action }).count('* as n'))[0]!.n);

describe('charges.add and charges.forPatient', () => {
  it('adds a manual charge at the cash price on the patient\'s visit and lists it, the read audited', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId });
    const { charge } = await cashier.call('charges.add', { patientId: encounter.patientId, visitId: encounter.visitId, serviceCode: 'DRESSING', quantity: 2, note: 'Two dressings' });
    expect(charge).toMatchObject({ patientId: encounter.patientId, visitId: encounter.visitId, serviceCode: 'DRESSING', description: 'Wound dressing', category: 'procedure', quantity: 2, unitPriceMinor: 35_000, amountMinor: 70_000, source: 'manual', sourceId: charge.id, reverses: null, reversedBy: null, invoiceId: null, note: 'Two dressings' });
    // A later price change does not touch it.
    await supervisor.call('prices.set', { serviceCode: 'DRESSING', priceMinor: 40_000 });
    const listed = await cashier.call('charges.forPatient', { patientId: encounter.patientId });
    expect(listed.charges).toEqual([expect.objectContaining({ id: charge.id, amountMinor: 70_000 })]);
    expect(listed.uninvoicedMinor).toBe(70_000);
    const add = await stack.db('audit_log').where({ action: 'charges.add', entity_id: encounter.patientId }).first('after');
    expect(add.after).toMatchObject({ chargeId: charge.id, amountMinor: 70_000 });
    const read = await stack.db('audit_log').where({ action: 'charges.forPatient', entity_id: encounter.patientId }).first('details');
    expect(read.details).toMatchObject({ charges: 1 });
  });

  it('refuses an unknown service, another patient\'s visit, an unknown patient and a bad quantity, writing nothing', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId });
    const other = await insertTestPatient(stack.db);
    const before = [await chargeCount(), await auditCount('charges.add')];
    const refusals: Array<[Record<string, unknown>, string, string | undefined]> = [
      [{ patientId: encounter.patientId, serviceCode: 'NO-SUCH', quantity: 1 }, 'VALIDATION', 'serviceCode'],
      [{ patientId: other.id, visitId: encounter.visitId, serviceCode: 'DRESSING', quantity: 1 }, 'VALIDATION', 'visitId'],
      [{ patientId: encounter.patientId, serviceCode: 'DRESSING', quantity: 0 }, 'VALIDATION', 'quantity'],
      [{ patientId: '00000000-0000-4000-8000-000000000000', serviceCode: 'DRESSING', quantity: 1 }, 'NOT_FOUND', undefined],
    ];
    for (const [params, code, field] of refusals) {
      const error = await cashier.callError('charges.add', params as never);
      expect([error.code, field === undefined ? undefined : Object.keys((error.details?.['fields'] ?? {}) as object)[0]], JSON.stringify(params)).toEqual([code, field]);
    }
    expect([await chargeCount(), await auditCount('charges.add')]).toEqual(before);
  });
});

describe('charges.reverse', () => {
  it('reverses a charge by a negative one with a supervisor\'s approval, once, never the reversal', async () => {
    const patient = await insertTestPatient(stack.db);
    const { charge } = await cashier.call('charges.add', { patientId: patient.id, serviceCode: 'DRESSING', quantity: 1 });
    const before = await chargeCount();

    const noApproval = await cashier.callError('charges.reverse', { chargeId: charge.id, reason: 'Entered twice' });
    expect([noApproval.code, noApproval.details?.['reason']]).toEqual(['FORBIDDEN', 'approval_required']);
    const wrongPassword = await cashier.callError('charges.reverse', { chargeId: charge.id, reason: 'Entered twice', approval: { username: supervisorUser.username, password: 'not the password' } });
    expect([wrongPassword.code, wrongPassword.details?.['reason']]).toEqual(['FORBIDDEN', 'approval_refused']);
    const notSupervisor = await cashier.callError('charges.reverse', { chargeId: charge.id, reason: 'Entered twice', approval: { username: otherCashierUser.username, password: TEST_PASSWORD } });
    expect([notSupervisor.code, notSupervisor.details?.['reason']]).toEqual(['FORBIDDEN', 'approval_refused']);
    expect(await chargeCount()).toBe(before);

    const { reversal } = await cashier.call('charges.reverse', { chargeId: charge.id, reason: 'Entered twice', approval: { username: supervisorUser.username, password: TEST_PASSWORD } });
    expect(reversal).toMatchObject({ source: 'reversal', sourceId: charge.id, reverses: charge.id, quantity: -1, unitPriceMinor: charge.unitPriceMinor, amountMinor: -charge.amountMinor, note: 'Entered twice' });
    const listed = await cashier.call('charges.forPatient', { patientId: patient.id });
    expect(listed.charges.map((row) => [row.id, row.reversedBy])).toEqual([[charge.id, reversal.id], [reversal.id, null]]);
    expect(listed.uninvoicedMinor).toBe(0);
    const audit = await stack.db('audit_log').where({ action: 'charges.reverse', entity_id: patient.id }).select('after');
    expect(audit.map((row) => row.after)).toEqual([expect.objectContaining({ reversalId: reversal.id, reason: 'Entered twice', approvedBy: supervisorUser.username })]);

    expect((await supervisor.callError('charges.reverse', { chargeId: charge.id, reason: 'Again' })).code).toBe('CONFLICT');
    expect((await supervisor.callError('charges.reverse', { chargeId: reversal.id, reason: 'Undo' })).code).toBe('CONFLICT');
    expect(await chargeCount()).toBe(before + 1);
  });

  it('lets a supervisor reverse alone, and two reversals at once make one', async () => {
    const patient = await insertTestPatient(stack.db);
    const { charge } = await cashier.call('charges.add', { patientId: patient.id, serviceCode: 'DRESSING', quantity: 3 });
    const second = await stack.signedIn(supervisorUser);
    const outcomes = await Promise.allSettled([
      supervisor.call('charges.reverse', { chargeId: charge.id, reason: 'Not done' }),
      second.call('charges.reverse', { chargeId: charge.id, reason: 'Not done' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await stack.db('billing_charges').where({ reverses: charge.id }).count('* as n')).toEqual([{ n: 1 }]);
    expect((await supervisor.callError('charges.reverse', { chargeId: '00000000-0000-4000-8000-000000000000', reason: 'x' })).code).toBe('NOT_FOUND');
  });
});
