import type { Handlers } from '../gateway/handler.js';
import { requirePatientId } from '../patients/index.js';
import { allergyHistory, allergySummary } from './allergies-repo.js';
import { recordAllergy, recordNoneKnown } from './allergies-service.js';

type AllergiesHandlers = Pick<Handlers, 'allergies.record' | 'allergies.noneKnown' | 'allergies.list'>;

export function allergiesHandlers(): AllergiesHandlers {
  return {
    'allergies.record': async (params, ctx) => ctx.write((scope) => recordAllergy(scope, ctx.actor, params, ctx.clock.now())),
    'allergies.noneKnown': async (params, ctx) => ({ allergies: await ctx.write((scope) => recordNoneKnown(scope, ctx.actor, params.patientId, ctx.clock.now())) }),
    'allergies.list': async (params, ctx) => {
      const patientId = await requirePatientId(ctx.db, params.patientId);
      const allergies = await allergySummary(ctx.db, patientId);
      const history = params.includeHistory ? await allergyHistory(ctx.db, patientId) : undefined;
      await ctx.auditRead({ action: 'allergies.list', entityType: 'patient', entityId: patientId, details: { status: allergies.status, history: params.includeHistory } });
      return history === undefined ? { allergies } : { allergies, history };
    },
  };
}
