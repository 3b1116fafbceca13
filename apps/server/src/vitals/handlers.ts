import type { Handlers } from '../gateway/handler.js';
import { requirePatientId } from '../patients/index.js';
import { recordVitals, vitalsHistory } from './vitals-service.js';

type VitalsHandlers = Pick<Handlers, 'vitals.record' | 'vitals.history'>;

export function vitalsHandlers(): VitalsHandlers {
  return {
    'vitals.record': async (params, ctx) => ({ vitals: await ctx.write((scope) => recordVitals(scope, ctx.actor, params, ctx.clock.now())) }),
    'vitals.history': async (params, ctx) => {
      const patientId = await requirePatientId(ctx.db, params.patientId);
      const page = await vitalsHistory(ctx.db, patientId, params);
      await ctx.auditRead({ action: 'vitals.history', entityType: 'patient', entityId: patientId, details: { count: page.items.length } });
      return page;
    },
  };
}
