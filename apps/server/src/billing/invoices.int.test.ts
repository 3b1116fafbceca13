import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { takeNumber } from './invoices-service.js';

let supervisor: TestClient;
let cashier: TestClient;
let doctorId: string;
const stack = useTestStack({
  setup: async (s) => {
    supervisor = await s.signedIn(['billing_supervisor']);
    cashier = await s.signedIn(['cashier']);
    doctorId = (await createTestUser(s.db, 'invoices.doctor', ['doctor'])).id;
    await supervisor.call('prices.set', { serviceCode: 'DRESSING', service: { name: 'Wound dressing', category: 'procedure' }, priceMinor: 35_000 });
    await supervisor.call('prices.set', { serviceCode: 'CONS-GP', service: { name: 'GP consultation', category: 'consultation' }, priceMinor: 150_000 });
  },
});

const year = new Date().getUTCFullYear();
const count = async (table: string) => Number((await stack.db(table).count('* as n'))[0]!.n);

describe('invoices.create and invoices.get', () => {
  it('invoices a visit\'s charges under the next number, leaves out reversed ones, and reads back with shares and balance', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId });
    const { charge: consultation } = await cashier.call('charges.add', { patientId: encounter.patientId, visitId: encounter.visitId, serviceCode: 'CONS-GP', quantity: 1 });
    const { charge: dressing } = await cashier.call('charges.add', { patientId: encounter.patientId, visitId: encounter.visitId, serviceCode: 'DRESSING', quantity: 2 });
    const { charge: mistaken } = await cashier.call('charges.add', { patientId: encounter.patientId, visitId: encounter.visitId, serviceCode: 'DRESSING', quantity: 1 });
    await supervisor.call('charges.reverse', { chargeId: mistaken.id, reason: 'Entered twice' });
    // Another visit's charge stays off this visit's invoice.
    const { charge: elsewhere } = await cashier.call('charges.add', { patientId: encounter.patientId, serviceCode: 'DRESSING', quantity: 1 });

    const { invoice } = await cashier.call('invoices.create', { patientId: encounter.patientId, visitId: encounter.visitId, kind: 'final' });
    expect(invoice.number).toMatch(new RegExp(`^INV-${year}-\\d{6}$`));
    expect(invoice).toMatchObject({ kind: 'final', patientId: encounter.patientId, visitId: encounter.visitId, status: 'issued', totalMinor: 220_000, payerMinor: 0, patientMinor: 220_000, paidMinor: 0, balanceMinor: 220_000 });
    expect(invoice.lines).toEqual([{ chargeId: consultation.id, payerMinor: 0, patientMinor: 150_000 }, { chargeId: dressing.id, payerMinor: 0, patientMinor: 70_000 }]);
    expect(invoice.charges.every((charge) => charge.invoiceId === invoice.id)).toBe(true);

    const listed = await cashier.call('charges.forPatient', { patientId: encounter.patientId, uninvoicedOnly: true });
    expect(listed.charges.map((charge) => charge.id).sort()).toEqual([mistaken.id, elsewhere.id, listed.charges.find((charge) => charge.reverses === mistaken.id)!.id].sort());
    expect(listed.uninvoicedMinor).toBe(35_000);
    // An invoiced charge is no longer reversed: it takes a credit note.
    expect((await supervisor.callError('charges.reverse', { chargeId: dressing.id, reason: 'x' })).code).toBe('CONFLICT');

    const read = await cashier.call('invoices.get', { invoiceId: invoice.id });
    expect(read.invoice).toEqual(invoice);
    expect(await stack.db('audit_log').where({ action: 'invoices.create', entity_id: encounter.patientId }).count('* as n')).toEqual([{ n: 1 }]);
    expect(await stack.db('audit_log').where({ action: 'invoices.get', entity_id: encounter.patientId }).count('* as n')).toEqual([{ n: 1 }]);
    await expect(stack.db('billing_invoice_lines').where({ invoice_id: invoice.id }).delete()).rejects.toThrow();
  });

  it('refuses nothing to invoice, another patient\'s visit and an unknown invoice, writing nothing', async () => {
    const patient = await insertTestPatient(stack.db);
    const encounter = await insertTestEncounter(stack.db, { doctorId });
    const before = [await count('billing_invoices'), await count('billing_invoice_lines'), await stack.db('billing_number_series').select('*').orderBy('series_key')];
    const nothing = await cashier.callError('invoices.create', { patientId: patient.id, kind: 'interim' });
    expect([nothing.code, nothing.details?.['reason']]).toEqual(['CONFLICT', 'nothing_to_invoice']);
    const foreign = await cashier.callError('invoices.create', { patientId: patient.id, visitId: encounter.visitId, kind: 'interim' });
    expect(foreign.details).toEqual({ fields: { visitId: 'is not a visit of this patient' } });
    expect((await cashier.callError('invoices.get', { invoiceId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
    expect([await count('billing_invoices'), await count('billing_invoice_lines'), await stack.db('billing_number_series').select('*').orderBy('series_key')]).toEqual(before);
  });

  it('numbers invoices gaplessly with 20 cashiers on their own connections at once, the losers of each race refused', async () => {
    const cashiers = await Promise.all(Array.from({ length: 20 }, () => stack.resumed(['cashier'])));
    const patients = await Promise.all(Array.from({ length: 20 }, () => insertTestPatient(stack.db)));
    for (const patient of patients) await cashier.call('charges.add', { patientId: patient.id, serviceCode: 'DRESSING', quantity: 1 });
    const key = `invoice/${year}`;
    const first = Number(((await stack.db('billing_number_series').where({ series_key: key }).first('next_number')) as { next_number: number }).next_number);
    // Two cashiers race for each patient's one charge: one invoices it, the other waits on the
    // charge and then finds nothing to invoice.
    const outcomes = await Promise.allSettled(cashiers.flatMap((client, index) => [
      client.call('invoices.create', { patientId: patients[index]!.id, kind: 'interim' }),
      client.call('invoices.create', { patientId: patients[(index + 1) % patients.length]!.id, kind: 'interim' }),
    ]));
    const made = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.invoice] : []));
    expect(made).toHaveLength(20);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect((outcome.reason as { code: string }).code).toBe('CONFLICT');
    const sequences = (await stack.db('billing_invoices').where({ series_key: key }).where('sequence', '>=', first).orderBy('sequence').pluck('sequence')).map(Number);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, index) => first + index));
    expect(new Set(made.map((invoice) => invoice.number)).size).toBe(20);
    expect(Number(((await stack.db('billing_number_series').where({ series_key: key }).first('next_number')) as { next_number: number }).next_number)).toBe(first + 20);
    // Every number ever issued, from 1: no gap anywhere in the series.
    const all = (await stack.db('billing_invoices').where({ series_key: key }).orderBy('sequence').pluck('sequence')).map(Number);
    expect(all).toEqual(Array.from({ length: all.length }, (_, index) => index + 1));
  });

  it('gives a rolled-back invoice\'s number back: the next one takes it', async () => {
    const key = 'invoice/1999';
    const taken = await stack.db.transaction(async (trx) => takeNumber(trx, key));
    await expect(stack.db.transaction(async (trx) => {
      expect(await takeNumber(trx, key)).toBe(taken + 1);
      throw new Error('the invoice failed after its number');
    })).rejects.toThrow('the invoice failed');
    expect(await stack.db.transaction(async (trx) => takeNumber(trx, key))).toBe(taken + 1);
  });
});
