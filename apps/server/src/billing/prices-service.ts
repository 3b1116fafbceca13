import { HmsError } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { cashPayer, findPayer, findService, pricesInForce, toPayer, toPrice, toService } from './catalogue-repo.js';
import type { PriceRow } from './catalogue-repo.js';

/**
 * A new price for a service on a payer's list (issue 15). A price holds from now or a later
 * date, never from the past: a charge already made at the old price must keep it, and a
 * back-dated price would make the list disagree with what was charged.
 */
export async function setPrice(scope: WriteScope, actor: Actor, input: Params<'prices.set'>, now: Date) {
  const { trx } = scope;
  const effectiveFrom = input.effectiveFrom === undefined ? now : new Date(input.effectiveFrom);
  if (effectiveFrom.getTime() < now.getTime()) throw HmsError.validation({ effectiveFrom: 'may not be in the past: a price holds from now or later' });
  const payer = input.payerId === undefined ? await cashPayer(trx) : await findPayer(trx, input.payerId);
  if (payer === undefined) throw HmsError.validation({ payerId: 'is not a payer' });

  let service = await findService(trx, input.serviceCode, { lock: true });
  if (service === undefined) {
    if (input.service === undefined) throw HmsError.validation({ serviceCode: 'is not in the catalogue: give the new service\'s name and category' });
    if (input.service.departmentId !== undefined && (await trx('departments').where({ id: input.service.departmentId }).first('id')) === undefined) {
      throw HmsError.validation({ 'service.departmentId': 'is not a department' });
    }
    // Two supervisors defining the same code at once: the second waits here and then matches.
    await trx('billing_services')
      .insert({ code: input.serviceCode, name: input.service.name, category: input.service.category, department_id: input.service.departmentId ?? null, created_at: now, created_by: actor.userId })
      .onConflict('code').ignore();
    service = await findService(trx, input.serviceCode, { lock: true });
    scope.audit({ action: 'prices.defineService', entityType: 'billing_service', entityId: input.serviceCode, after: { name: input.service.name, category: input.service.category, departmentId: input.service.departmentId ?? null } });
  }
  if (service === undefined) throw new Error('the service row is missing after its insert');
  if (input.service !== undefined && (input.service.name !== service.name || input.service.category !== service.category)) {
    throw HmsError.validation({ service: `differs from the catalogue's ${service.code} (${service.name}, ${service.category})` });
  }

  const [before] = await pricesInForce(trx, payer.id, effectiveFrom, { codes: [service.code], ownOnly: true });
  await trx('billing_prices').insert({ service_code: service.code, payer_id: payer.id, price_minor: input.priceMinor, effective_from: effectiveFrom, set_at: now, set_by: actor.userId, note: input.note ?? null });
  const [after] = await pricesInForce(trx, payer.id, effectiveFrom, { codes: [service.code], ownOnly: true });
  scope.audit({
    action: 'prices.set', entityType: 'billing_service', entityId: service.code,
    before: { payerId: payer.id, priceMinor: before?.price === null || before === undefined ? null : Number(before.price.price_minor) },
    after: { payerId: payer.id, priceMinor: input.priceMinor, effectiveFrom: effectiveFrom.toISOString(), note: input.note ?? null },
  });
  return { service: toService(service), price: toPrice(after!.price as PriceRow) };
}

export async function listPrices(db: Knex, input: Params<'prices.list'>, now: Date) {
  const payer = input.payerId === undefined ? await cashPayer(db) : await findPayer(db, input.payerId);
  if (payer === undefined) throw HmsError.notFound('The payer');
  const at = input.at === undefined ? now : new Date(input.at);
  const rows = await pricesInForce(db, payer.id, at, { category: input.category, query: input.query, limit: input.limit });
  return {
    payer: toPayer(payer),
    at: at.toISOString(),
    items: rows.map((row) => ({ ...toService(row.service), price: row.price === null ? null : toPrice(row.price), fromCashList: row.price !== null && row.price.payer_id !== payer.id })),
  };
}
