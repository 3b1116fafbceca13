import type { Handlers } from '../gateway/handler.js';
import { loadEncounter } from './encounters-repo.js';
import { addAddendum, saveNote, signEncounter, startEncounter } from './encounters-service.js';

type EncountersHandlers = Pick<Handlers, 'encounters.start' | 'encounters.get' | 'encounters.sign' | 'encounters.addendum' | 'notes.save'>;

export function encountersHandlers(): EncountersHandlers {
  return {
    'encounters.start': async (params, ctx) => ({ encounter: await ctx.write((scope) => startEncounter(scope, ctx.actor, params, ctx.clock.now())) }),
    'encounters.get': async (params, ctx) => {
      const encounter = await loadEncounter(ctx.db, params.encounterId);
      await ctx.auditRead({ action: 'encounters.get', entityType: 'patient', entityId: encounter.patientId, details: { encounterId: encounter.id } });
      return { encounter };
    },
    'encounters.sign': async (params, ctx) => ({ encounter: await ctx.write((scope) => signEncounter(scope, ctx.actor, params.encounterId, ctx.clock.now())) }),
    'encounters.addendum': async (params, ctx) => ({ encounter: await ctx.write((scope) => addAddendum(scope, ctx.actor, params, ctx.clock.now())) }),
    'notes.save': async (params, ctx) => ctx.write((scope) => saveNote(scope, ctx.actor, params, ctx.clock.now())),
  };
}
