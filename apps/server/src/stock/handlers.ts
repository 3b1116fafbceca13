import { HmsError, STOCK_TOPIC } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import { hospitalToday, openLocationAndToday } from './hospital-day.js';
import { ledgerPage } from './ledger-repo.js';
import { adjustStock, transferStock } from './movements-service.js';
import { receiveGoods } from './receive-service.js';
import { batchesOfItem, findItem, listDiscrepancies, listLocations, nearExpiry, onHandAt, searchItems } from './stock-queries.js';
import { decideCount, listCounts, recordCount } from './counts-service.js';
import { createConsumable } from './consumables.js';
import { toItem } from './stock-rows.js';
import { consumption, lowStock, valuation } from './reports-queries.js';
import { setReorderLevel } from './reorder-service.js';
import { quarantineStock, quarantined } from './quarantine-service.js';
import { listTransferRequests } from './transfer-request-repo.js';
import { issueTransfer, receiveTransfer, requestTransfer } from './transfer-request-service.js';
import { resolveWithoutVariance } from './discrepancy-service.js';
import { itemPrices, setPrice } from './price-service.js';
import { saveLocation } from './location-service.js';

type StockHandlers = Pick<
  Handlers,
  'stock.locations' | 'stock.items' | 'stock.createItem' | 'stock.receive' | 'stock.adjust' | 'stock.transfer' | 'stock.onHand' | 'stock.batches' | 'stock.ledger' | 'stock.discrepancies' | 'stock.watch'
  | 'stock.count' | 'stock.approveCount' | 'stock.counts' | 'stock.nearExpiry'
  | 'stock.setReorderLevel' | 'stock.lowStock' | 'stock.valuation' | 'stock.consumption'
  | 'stock.requestTransfer' | 'stock.issueTransfer' | 'stock.receiveTransfer' | 'stock.transferRequests' | 'stock.quarantine' | 'stock.quarantined'
  | 'stock.resolveDiscrepancy' | 'stock.setPrice' | 'stock.prices' | 'stock.saveLocation'
>;

export function stockHandlers(): StockHandlers {
  return {
    'stock.locations': async (_params, ctx) => ({ items: await listLocations(ctx.db) }),
    'stock.saveLocation': async (params, ctx) => ({ location: await ctx.write((scope) => saveLocation(scope, ctx.actor, params, ctx.clock.now())) }),
    'stock.items': async (params, ctx) => ({ items: await searchItems(ctx.db, params.query, params.limit) }),
    'stock.createItem': async (params, ctx) => ({ item: await ctx.write((scope) => createConsumable(scope, ctx.actor, params, ctx.clock.now())) }),
    'stock.receive': async (params, ctx) => {
      const now = ctx.clock.now();
      const today = await hospitalToday(ctx.db, now);
      return ctx.write((scope) => receiveGoods(scope, ctx.actor, params, now, today));
    },
    'stock.adjust': async (params, ctx) => ctx.write((scope) => adjustStock(scope, ctx.actor, params, ctx.clock.now())),
    'stock.transfer': async (params, ctx) => ctx.write((scope) => transferStock(scope, ctx.actor, params, ctx.clock.now())),
    'stock.onHand': async (params, ctx) => {
      const { today } = await openLocationAndToday(ctx.db, params.locationId, ctx.clock.now());
      return { locationId: params.locationId, today, items: await onHandAt(ctx.db, params.locationId, params.itemId, today) };
    },
    'stock.batches': async (params, ctx) => {
      const item = await findItem(ctx.db, params.itemId);
      if (item === undefined) throw HmsError.notFound('The stock item');
      return { item: toItem(item), batches: await batchesOfItem(ctx.db, params.itemId) };
    },
    'stock.ledger': async (params, ctx) => ledgerPage(ctx.db, params),
    'stock.discrepancies': async (params, ctx) => {
      const items = await listDiscrepancies(ctx.db, params);
      // An offline dispense's discrepancy names its patient: each patient shown is on their record.
      const patientIds = [...new Set(items.flatMap((item) => (item.patient === null ? [] : [item.patient.id])))];
      for (const patientId of patientIds) {
        await ctx.auditRead({ action: 'stock.discrepancies', entityType: 'patient', entityId: patientId, details: { discrepancyIds: items.filter((item) => item.patient?.id === patientId).map((item) => item.id) } });
      }
      return { items };
    },
    'stock.resolveDiscrepancy': async (params, ctx) => ({ discrepancy: await ctx.write((scope) => resolveWithoutVariance(scope, ctx.actor, params, ctx.clock.now())) }),
    'stock.setPrice': async (params, ctx) => ctx.write((scope) => setPrice(scope, ctx.actor, params, ctx.clock.now())),
    'stock.prices': async (params, ctx) => itemPrices(ctx.db, params.itemId, ctx.clock.now()),
    'stock.count': async (params, ctx) => ({ count: await ctx.write((scope) => recordCount(scope, ctx.actor, params, ctx.clock.now())) }),
    'stock.approveCount': async (params, ctx) => ({ count: await ctx.write((scope) => decideCount(scope, ctx.actor, params, ctx.clock.now())) }),
    'stock.counts': async (params, ctx) => ({ items: await listCounts(ctx.db, params) }),
    'stock.nearExpiry': async (params, ctx) => {
      const today = await hospitalToday(ctx.db, ctx.clock.now());
      return { today, items: await nearExpiry(ctx.db, params, today) };
    },
    'stock.setReorderLevel': async (params, ctx) => ctx.write((scope) => setReorderLevel(scope, ctx.actor, params, ctx.clock.now())),
    'stock.lowStock': async (params, ctx) => {
      const today = await hospitalToday(ctx.db, ctx.clock.now());
      return { today, items: await lowStock(ctx.db, params.locationId, today) };
    },
    'stock.valuation': async (params, ctx) => valuation(ctx.db, params.locationId),
    'stock.consumption': async (params, ctx) => consumption(ctx.db, params),
    'stock.requestTransfer': async (params, ctx) => ({ request: await ctx.write((scope) => requestTransfer(scope, ctx.actor, params, ctx.clock.now())) }),
    'stock.issueTransfer': async (params, ctx) => ctx.write((scope) => issueTransfer(scope, ctx.actor, params, ctx.clock.now())),
    'stock.receiveTransfer': async (params, ctx) => ctx.write((scope) => receiveTransfer(scope, ctx.actor, params, ctx.clock.now())),
    'stock.transferRequests': async (params, ctx) => ({ items: await listTransferRequests(ctx.db, params) }),
    'stock.quarantine': async (params, ctx) => ctx.write((scope) => quarantineStock(scope, ctx.actor, params, ctx.clock.now())),
    'stock.quarantined': async (_params, ctx) => {
      const today = await hospitalToday(ctx.db, ctx.clock.now());
      return { today, items: await quarantined(ctx.db, today) };
    },
    'stock.watch': async (_params, ctx) => {
      ctx.connection.subscribe(STOCK_TOPIC);
      return { ok: true as const };
    },
  };
}
