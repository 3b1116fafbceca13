import * as serverSupport from '@hms/server/test-support';
import { TestClient, createTestUser, insertTestPatient } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// The cashier desk's host against the real server on real PostgreSQL: a shift opened, an account
// read and kept, then the LAN cut: payments taken against the kept balance, numbered from the
// desk's own series (CSH1-RCT-...) and queued with offlineReceipt; one past the balance refused
// at the desk; back online the outbox delivers it and the server keeps the desk's number; after
// a restart of the app, offline again, the series goes on with the next number.

let stack: DeskStack<TestDatabase, TestServer>;
let database: TestDatabase;
let cashier: TestUser;
let office: TestClient;
let host: Host;
let patientId = '';
let invoiceId = '';
const patient = { name: 'Amina Yusuf', mrn: 'PAT-1' };

const call = <C extends keyof Host['handlers']>(channel: C, payload: Parameters<Host['handlers'][C]>[0]) => host.handlers[channel](payload as never) as ReturnType<Host['handlers'][C]>;

function openHost(): Promise<Host> {
  return stack.openHost({ workstationId: 'cash-window-1', user: cashier });
}

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'billing' });
  ({ database } = stack);
  cashier = await createTestUser(database.db, 'cara.cashier', ['cashier']);
  const supervisor = await createTestUser(database.db, 'sam.supervisor', ['billing_supervisor']);
  office = await TestClient.connect(stack.server.wsUrl);
  await office.signIn(supervisor.username, supervisor.password, 'BILLING-OFFICE');
  await office.call('prices.set', { serviceCode: 'REG', service: { name: 'Registration fee', category: 'registration' }, priceMinor: 1_000_00 });
  const row = await insertTestPatient(database.db, { givenName: 'Amina', familyName: 'Yusuf' });
  patientId = row.id;
  await office.call('charges.add', { patientId, serviceCode: 'REG', quantity: 1 });
  invoiceId = (await office.call('invoices.create', { patientId, kind: 'final' })).invoice.id;
  host = await openHost();
  const settings = await call('settings.get', {});
  await call('settings.update', { ...settings, desks: { ...settings.desks, billing: { ...settings.desks.billing, deskCode: 'CSH1' } } });
}, 60_000);

afterAll(async () => {
  await office?.close();
  await stack?.stop();
});

describe('the cashier desk (host)', () => {
  it('takes payments offline against the kept balance, numbered from its own series across a restart, and delivers them with those numbers', async () => {
    const opened = await call('billing.openShift', { floatMinor: 500_00 });
    expect(opened.shift).toMatchObject({ status: 'open', floatMinor: 500_00 });
    const online = await call('billing.account', { patientId });
    expect(online.source).toBe('server');
    expect(online.invoices.map((invoice) => invoice.balanceMinor)).toEqual([1_000_00]);
    const year = new Date().getUTCFullYear();

    await stack.cut(host);
    const first = await call('billing.pay', { patientId, invoiceId, method: 'cash', amountMinor: 300_00, tenderedMinor: 500_00, patient });
    expect(first.receipt).toMatchObject({ receiptNumber: `CSH1-RCT-${year}-000001`, state: 'queued', changeMinor: 200_00, paymentId: null });
    const kept = await call('billing.account', { patientId });
    expect(kept.source).toBe('cache');
    expect(kept.invoices[0]).toMatchObject({ balanceMinor: 700_00, paidMinor: 300_00 });
    // More than the kept balance is refused at the desk, and takes no number.
    await expect(call('billing.pay', { patientId, invoiceId, method: 'cash', amountMinor: 700_01, patient })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'overpayment' } });
    const { pending } = await call('outbox.list', {});
    expect(pending.map((entry) => entry.label)).toEqual([`Payment by ${patient.name} (${patient.mrn}), receipt CSH1-RCT-${year}-000001`]);
    expect((await call('billing.shift', {})).cashInMinor).toBe(300_00);

    // Back online: the outbox delivers it and the server keeps the desk's number.
    await stack.restore(host);
    await waitUntil(() => host.status().outbox.pending === 0, 'the outbox delivered');
    const delivered = await call('billing.account', { patientId });
    expect(delivered.source).toBe('server');
    expect(delivered.invoices[0]!.balanceMinor).toBe(700_00);
    expect(delivered.receipts.map((receipt) => [receipt.receiptNumber, receipt.state])).toEqual([[`CSH1-RCT-${year}-000001`, 'applied']]);

    // The app restarts; offline again, the series goes on from where it was.
    await host.stop();
    host = await openHost();
    await call('billing.account', { patientId });
    await stack.cut(host);
    const second = await call('billing.pay', { patientId, invoiceId, method: 'mobile_money', amountMinor: 200_00, reference: 'QK7H2', patient });
    expect(second.receipt).toMatchObject({ receiptNumber: `CSH1-RCT-${year}-000002`, state: 'queued' });
    expect((await call('billing.account', { patientId })).invoices[0]!.balanceMinor).toBe(500_00);
    await stack.restore(host);
    await waitUntil(() => host.status().outbox.pending === 0, 'the outbox delivered');
    const stored = await database.db('billing_payments').where({ patient_id: patientId }).orderBy('receipt_number').select('receipt_number', 'amount_minor', 'offline_desk_code');
    expect(stored.map((row: { receipt_number: string; amount_minor: string | number; offline_desk_code: string | null }) => [row.receipt_number, Number(row.amount_minor), row.offline_desk_code])).toEqual([
      [`CSH1-RCT-${year}-000001`, 300_00, 'CSH1'],
      [`CSH1-RCT-${year}-000002`, 200_00, 'CSH1'],
    ]);
    expect((await call('billing.account', { patientId })).invoices[0]!.balanceMinor).toBe(500_00);
  }, 60_000);
});
