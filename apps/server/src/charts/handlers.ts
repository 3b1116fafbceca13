import { chartTopic } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import { requirePatientId } from '../patients/index.js';
import { loadChart } from './charts-service.js';

type ChartsHandlers = Pick<Handlers, 'charts.get' | 'charts.watch' | 'charts.unwatch'>;

export function chartsHandlers(): ChartsHandlers {
  return {
    'charts.get': async (params, ctx) => {
      const patientId = await requirePatientId(ctx.db, params.patientId);
      const chart = await loadChart(ctx.db, patientId, ctx.clock.now());
      await ctx.auditRead({
        action: 'charts.get', entityType: 'patient', entityId: patientId,
        ...(patientId === params.patientId ? {} : { details: { requestedId: params.patientId } }),
      });
      return { chart, requestedId: params.patientId };
    },
    'charts.watch': async (params, ctx) => {
      const patientId = await requirePatientId(ctx.db, params.patientId);
      const topic = chartTopic(patientId);
      ctx.connection.subscribe(topic);
      await ctx.auditRead({ action: 'charts.watch', entityType: 'patient', entityId: patientId });
      return { topic, patientId };
    },
    'charts.unwatch': async (params, ctx) => {
      const patientId = await requirePatientId(ctx.db, params.patientId);
      ctx.connection.unsubscribe(chartTopic(patientId));
      return { ok: true as const };
    },
  };
}
