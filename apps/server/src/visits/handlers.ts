import type { Handlers } from '../gateway/handler.js';
import { requireVisitView, toVisit } from './visits-repo.js';
import { placementNow } from './queue-state.js';
import { cancelVisit, checkIn, completeVisit, listVisits, markLeft } from './visits-service.js';

type VisitsHandlers = Pick<Handlers, 'visits.checkIn' | 'visits.cancel' | 'visits.markLeft' | 'visits.complete' | 'visits.get' | 'visits.list'>;

export function visitsHandlers(): VisitsHandlers {
  return {
    'visits.checkIn': async (params, ctx) => ({ visit: await ctx.write((scope) => checkIn(scope, ctx.actor, params, ctx.clock.now())) }),
    'visits.cancel': async (params, ctx) => ({ visit: await ctx.write((scope) => cancelVisit(scope, params.id, params.reason, ctx.clock.now())) }),
    'visits.markLeft': async (params, ctx) => ({ visit: await ctx.write((scope) => markLeft(scope, params.id, params.reason, ctx.clock.now())) }),
    'visits.complete': async (params, ctx) => ({ visit: await ctx.write((scope) => completeVisit(scope, ctx.actor, params.id, params.note, ctx.clock.now())) }),
    'visits.get': async (params, ctx) => {
      const view = await requireVisitView(ctx.db, params.id);
      await ctx.auditRead({ action: 'visits.get', entityType: 'patient', entityId: view.patient_id, details: { visitId: view.id } });
      return { visit: toVisit(view, await placementNow(ctx.db, view, ctx.clock.now())) };
    },
    'visits.list': async (params, ctx) => {
      const page = await listVisits(ctx.db, params, ctx.clock.now());
      if (params.patientId !== undefined) {
        await ctx.auditRead({ action: 'visits.list', entityType: 'patient', entityId: page.items[0]?.patientId ?? params.patientId, details: { count: page.items.length } });
      }
      return page;
    },
  };
}
