import type { Handlers } from '../gateway/handler.js';
import { claimCsv } from './claims-export.js';
import { createClaim, getClaim, listClaims, submitClaim } from './claims-service.js';
import { listCoverage, setCoverage } from './coverage-service.js';
import { postRemittance } from './remittance-service.js';
import { listPayers, listSchemes, savePayer, saveScheme } from './schemes-service.js';

type Insurance = 'payers.list' | 'payers.save' | 'schemes.list' | 'schemes.save' | 'coverage.set' | 'coverage.list'
  | 'claims.create' | 'claims.list' | 'claims.get' | 'claims.submit' | 'claims.export' | 'claims.postRemittance';

/** Insurance (issue 15): payers, schemes, coverage, claims and remittances. */
export function insuranceHandlers(): Pick<Handlers, Insurance> {
  return {
    'payers.list': async (params, ctx) => listPayers(ctx.db, params),
    'payers.save': async (params, ctx) => ctx.write((scope) => savePayer(scope, ctx.actor, params, ctx.clock.now())),
    'schemes.list': async (params, ctx) => listSchemes(ctx.db, params),
    'schemes.save': async (params, ctx) => ctx.write((scope) => saveScheme(scope, ctx.actor, params, ctx.clock.now())),
    'coverage.set': async (params, ctx) => ctx.write((scope) => setCoverage(scope, ctx.actor, params, ctx.clock.now())),
    'coverage.list': async (params, ctx) => {
      const { patientId, coverages } = await listCoverage(ctx.db, params);
      await ctx.auditRead({ action: 'coverage.list', entityType: 'patient', entityId: patientId, details: { coverages: coverages.length } });
      return { coverages };
    },
    'claims.create': async (params, ctx) => ctx.write((scope) => createClaim(scope, ctx.actor, params, ctx.clock.now())),
    'claims.list': async (params, ctx) => listClaims(ctx.db, params),
    'claims.get': async (params, ctx) => {
      const claim = await getClaim(ctx.db, params);
      // A claim names its patients (member numbers, invoices): the read is on each one's trail.
      await ctx.auditRead({ action: 'claims.get', entityType: 'billing_claim', entityId: claim.id, details: { number: claim.number, patientIds: [...new Set(claim.items.map((item) => item.patientId))] } });
      return { claim };
    },
    'claims.submit': async (params, ctx) => ctx.write((scope) => submitClaim(scope, ctx.actor, params, ctx.clock.now())),
    'claims.export': async (params, ctx) => {
      const { claim, csv } = await claimCsv(ctx.db, params.claimId);
      await ctx.auditRead({ action: 'claims.export', entityType: 'billing_claim', entityId: claim.id, details: { number: claim.number, format: params.format, patientIds: [...new Set(claim.items.map((item) => item.patientId))] } });
      return csv;
    },
    'claims.postRemittance': async (params, ctx) => ctx.write((scope) => postRemittance(scope, ctx.actor, params, ctx.clock.now())),
  };
}
