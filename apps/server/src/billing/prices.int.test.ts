import { describe, expect, it } from 'vitest';
import { useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

let supervisor: TestClient;
let cashier: TestClient;
let schemeId: string;
const stack = useTestStack({
  setup: async (s) => {
    supervisor = await s.signedIn(['billing_supervisor']);
    cashier = await s.signedIn(['cashier']);
    const [scheme] = (await s.db('billing_payers').insert({ code: 'NHIF', name: 'National Health Insurance', kind: 'insurance' }).returning('id')) as { id: string }[];
    schemeId = scheme!.id;
  },
});

const audits = (action: string, entityId: string) => stack.db('audit_log').where({ action, entity_id: entityId }).orderBy('seq').select('actor_username', 'before', 'after');

/** Every row of the catalogue and price tables, to show a refused call wrote nothing. */
async function catalogueRows(): Promise<unknown[]> {
  return [await stack.db('billing_services').select('*').orderBy('code'), await stack.db('billing_prices').select('*').orderBy('id'), await stack.db('audit_log').where('action', 'like', 'prices.%').count('* as n')];
}

describe('prices.set and prices.list', () => {
  it('defines a service on its first price, keeps every later price as history and lists the one in force', async () => {
    const first = await supervisor.call('prices.set', { serviceCode: 'CONS-GP', service: { name: 'GP consultation', category: 'consultation' }, priceMinor: 150_000 });
    expect(first.service).toMatchObject({ code: 'CONS-GP', name: 'GP consultation', category: 'consultation', active: true });
    expect(first.price).toMatchObject({ serviceCode: 'CONS-GP', priceMinor: 150_000, note: null });
    const beforeRaise = new Date().toISOString();
    const raised = await supervisor.call('prices.set', { serviceCode: 'CONS-GP', priceMinor: 175_000, note: 'Board decision 12/2026' });
    expect(raised.price.priceMinor).toBe(175_000);

    const now = await cashier.call('prices.list', { query: 'gp' });
    expect(now.payer).toMatchObject({ code: 'CASH', kind: 'cash' });
    expect(now.items).toEqual([expect.objectContaining({ code: 'CONS-GP', fromCashList: false, price: expect.objectContaining({ priceMinor: 175_000, note: 'Board decision 12/2026' }) })]);
    // The old price still answers for an instant before the change: history is kept.
    const then = await cashier.call('prices.list', { query: 'CONS', at: beforeRaise });
    expect(then.items[0]?.price?.priceMinor).toBe(150_000);
    expect(await stack.db('billing_prices').where({ service_code: 'CONS-GP' }).count('* as n')).toEqual([{ n: 2 }]);

    expect(await audits('prices.defineService', 'CONS-GP')).toHaveLength(1);
    const priceAudits = await audits('prices.set', 'CONS-GP');
    expect(priceAudits.map((row) => [row.before.priceMinor, row.after.priceMinor])).toEqual([[null, 150_000], [150_000, 175_000]]);
    expect(new Set(priceAudits.map((row) => row.actor_username)).size).toBe(1);
  });

  it('prices a scheme\'s list on its own, falling back to the cash price where the scheme has none', async () => {
    await supervisor.call('prices.set', { serviceCode: 'LAB-FBC', service: { name: 'Full blood count', category: 'lab' }, priceMinor: 80_000 });
    await supervisor.call('prices.set', { serviceCode: 'LAB-GLU', service: { name: 'Glucose', category: 'lab' }, priceMinor: 30_000 });
    await supervisor.call('prices.set', { serviceCode: 'LAB-FBC', payerId: schemeId, priceMinor: 65_000 });
    const scheme = await cashier.call('prices.list', { payerId: schemeId, category: 'lab' });
    expect(scheme.payer.code).toBe('NHIF');
    expect(scheme.items.map((item) => [item.code, item.price?.priceMinor, item.fromCashList])).toEqual([['LAB-FBC', 65_000, false], ['LAB-GLU', 30_000, true]]);
    const cash = await cashier.call('prices.list', { category: 'lab' });
    expect(cash.items.map((item) => item.price?.priceMinor)).toEqual([80_000, 30_000]);
  });

  it('a future price waits for its date', async () => {
    const from = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await supervisor.call('prices.set', { serviceCode: 'REG', service: { name: 'Registration fee', category: 'registration' }, priceMinor: 20_000 });
    await supervisor.call('prices.set', { serviceCode: 'REG', priceMinor: 25_000, effectiveFrom: from });
    expect((await cashier.call('prices.list', { query: 'REG' })).items[0]?.price?.priceMinor).toBe(20_000);
    expect((await cashier.call('prices.list', { query: 'REG', at: from })).items[0]?.price?.priceMinor).toBe(25_000);
  });

  it('refuses a back-dated price, an unknown service without its definition, an unknown payer and a mismatched definition, writing nothing', async () => {
    await supervisor.call('prices.set', { serviceCode: 'XRAY-CHEST', service: { name: 'Chest X-ray', category: 'imaging' }, priceMinor: 120_000 });
    const before = await catalogueRows();
    const cases: Array<[Parameters<TestClient['callError']>[1], string]> = [
      [{ serviceCode: 'XRAY-CHEST', priceMinor: 1, effectiveFrom: '2020-01-01T00:00:00Z' }, 'effectiveFrom'],
      [{ serviceCode: 'NEW-THING', priceMinor: 1 }, 'serviceCode'],
      [{ serviceCode: 'XRAY-CHEST', priceMinor: 1, payerId: '00000000-0000-4000-8000-000000000000' }, 'payerId'],
      [{ serviceCode: 'XRAY-CHEST', service: { name: 'Chest X-ray', category: 'procedure' }, priceMinor: 1 }, 'service'],
      [{ serviceCode: 'lower-case', service: { name: 'x', category: 'other' }, priceMinor: 1 }, 'serviceCode'],
      [{ serviceCode: 'XRAY-CHEST', priceMinor: -5 }, 'priceMinor'],
      [{ serviceCode: 'XRAY-CHEST', priceMinor: 10.5 }, 'priceMinor'],
    ];
    for (const [params, field] of cases) {
      const error = await supervisor.callError('prices.set', params as never);
      expect([error.code, Object.keys((error.details?.['fields'] ?? {}) as object)], JSON.stringify(params)).toEqual(['VALIDATION', [field]]);
    }
    expect(await catalogueRows()).toEqual(before);
    expect((await cashier.callError('prices.list', { payerId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  it('keeps prices append-only in the database itself', async () => {
    await expect(stack.db('billing_prices').update({ price_minor: 1 })).rejects.toThrow();
    await expect(stack.db('billing_prices').delete()).rejects.toThrow();
  });
});
