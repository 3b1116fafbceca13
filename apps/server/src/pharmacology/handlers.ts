import type { Handlers } from '../gateway/handler.js';
import { createDrug, drugVersions, listDrugs, requireDrugRow, searchDrugs, toDrug, updateDrug } from './drugs-repo.js';
import { currentRevisions } from './revisions.js';
import { listRules, ruleHistory, saveRule } from './rules-repo.js';

type FormularyHandlers = Pick<Handlers, 'drugs.search' | 'drugs.get' | 'drugs.list' | 'drugs.create' | 'drugs.update' | 'drugRules.list' | 'drugRules.history' | 'drugRules.save'>;

export function formularyHandlers(): FormularyHandlers {
  return {
    'drugs.search': async (params, ctx) => ({ items: await searchDrugs(ctx.db, params.query, params.limit, params.includeInactive) }),
    'drugs.get': async (params, ctx) => ({ drug: toDrug(await requireDrugRow(ctx.db, params.id)), versions: await drugVersions(ctx.db, params.id) }),
    'drugs.list': async (params, ctx) => ({ revision: (await currentRevisions(ctx.db)).formulary, ...(await listDrugs(ctx.db, params.afterCode, params.limit)) }),
    'drugs.create': async (params, ctx) => ({ drug: await ctx.write((scope) => createDrug(scope, ctx.actor.userId, params.drug, ctx.clock.now())) }),
    'drugs.update': async (params, ctx) => ({ drug: await ctx.write((scope) => updateDrug(scope, ctx.actor.userId, params, ctx.clock.now())) }),
    'drugRules.list': async (params, ctx) => listRules(ctx.db, params.kind),
    'drugRules.history': async (params, ctx) => ({ versions: await ruleHistory(ctx.db, params.code) }),
    'drugRules.save': async (params, ctx) => ctx.write((scope) => saveRule(scope, ctx.actor.userId, params, ctx.clock.now())),
  };
}
