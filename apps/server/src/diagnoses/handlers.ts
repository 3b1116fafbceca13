import type { Handlers } from '../gateway/handler.js';
import { requirePatientId } from '../patients/index.js';
import { addDiagnosis, resolveProblem } from './diagnoses-service.js';
import { Icd10Catalog } from './icd10-catalog.js';
import { listProblems } from './problems-repo.js';

type DiagnosesHandlers = Pick<Handlers, 'diagnoses.search' | 'diagnoses.add' | 'problems.list' | 'problems.resolve'>;

export function diagnosesHandlers(): DiagnosesHandlers {
  let catalog: Icd10Catalog | undefined;
  return {
    'diagnoses.search': async (params, ctx) => {
      catalog ??= new Icd10Catalog(ctx.db);
      const release = await catalog.current(ctx.clock.now().getTime());
      return {
        items: release.index.search(params.query, { limit: params.limit, billableOnly: params.billableOnly }),
        release: { id: release.id, label: release.label, loadedAt: release.loadedAt.toISOString() },
      };
    },
    'diagnoses.add': async (params, ctx) => ctx.write((scope) => addDiagnosis(scope, ctx.actor, params, ctx.clock.now())),
    'problems.list': async (params, ctx) => {
      const patientId = await requirePatientId(ctx.db, params.patientId);
      const items = await listProblems(ctx.db, patientId, params.status);
      await ctx.auditRead({ action: 'problems.list', entityType: 'patient', entityId: patientId, details: { count: items.length } });
      return { items };
    },
    'problems.resolve': async (params, ctx) => ({ problem: await ctx.write((scope) => resolveProblem(scope, ctx.actor, params, ctx.clock.now())) }),
  };
}
