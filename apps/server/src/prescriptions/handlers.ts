import { PHARMACY_TOPIC } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import type { SafetyKnowledgeCache } from '../pharmacology/index.js';
import { prescriptionsOfPatient } from './prescriptions-repo.js';
import { cancelPrescription, checkForPatient, createPrescription } from './prescriptions-service.js';

type PrescriptionsHandlers = Pick<Handlers, 'prescriptions.check' | 'prescriptions.create' | 'prescriptions.cancel' | 'prescriptions.forPatient' | 'prescriptions.watch'>;

export function prescriptionsHandlers(knowledge: SafetyKnowledgeCache): PrescriptionsHandlers {
  return {
    'prescriptions.check': async (params, ctx) => {
      const { alerts, knowledge: used, formularyRevision } = await checkForPatient(ctx.db, knowledge, params.patientId, params.items, ctx.clock.now());
      // The alerts disclose the patient's allergies, weight and medicines: a read like any other.
      await ctx.auditRead({ action: 'prescriptions.check', entityType: 'patient', entityId: params.patientId, details: { items: params.items.length, alerts: alerts.length } });
      return { alerts, ruleSetVersion: used.ruleSet.version, formularyRevision };
    },
    'prescriptions.create': async (params, ctx) => ctx.write((scope) => createPrescription(scope, knowledge, ctx.actor, params, ctx.clock.now())),
    'prescriptions.cancel': async (params, ctx) => ({ prescription: await ctx.write((scope) => cancelPrescription(scope, ctx.actor, params, ctx.clock.now())) }),
    'prescriptions.forPatient': async (params, ctx) => {
      const items = await prescriptionsOfPatient(ctx.db, params);
      await ctx.auditRead({ action: 'prescriptions.forPatient', entityType: 'patient', entityId: params.patientId, details: { count: items.length } });
      return { items };
    },
    'prescriptions.watch': async (_params, ctx) => {
      ctx.connection.subscribe(PHARMACY_TOPIC);
      await ctx.auditRead({ action: 'prescriptions.watch', details: { topic: PHARMACY_TOPIC } });
      return { ok: true as const };
    },
  };
}
