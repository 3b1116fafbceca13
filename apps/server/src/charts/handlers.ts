import { chartTopic } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import { requirePatientId, resolvePatientId } from '../patients/index.js';
import { loadChart } from './charts-service.js';

type ChartsHandlers = Pick<Handlers, 'charts.get' | 'charts.readAhead' | 'charts.watch' | 'charts.unwatch'>;

export function chartsHandlers(): ChartsHandlers {
  return {
    'charts.get': async (params, ctx) => {
      const patientId = await requirePatientId(ctx.db, params.patientId);
      // The audit row's commit (its flush to disk) runs while the chart is read rather than after
      // it: the chart still leaves only once its row is committed, and a row that cannot be
      // stored fails the read. A read that fails after its row was written leaves the row: the
      // log then says the chart was asked for, never less than what was shown.
      const [chart] = await Promise.all([
        loadChart(ctx.db, patientId, ctx.clock.now()),
        ctx.auditRead({
          action: 'charts.get', entityType: 'patient', entityId: patientId,
          ...(patientId === params.patientId ? {} : { details: { requestedId: params.patientId } }),
        }),
      ]);
      return { chart, requestedId: params.patientId };
    },
    'charts.readAhead': async (params, ctx) => {
      const asked = [...new Set(params.patientIds)];
      const now = ctx.clock.now();
      const resolved = await Promise.all(asked.map(async (requestedId) => ({ requestedId, patientId: await resolvePatientId(ctx.db, requestedId) })));
      const found = resolved.filter((entry): entry is { requestedId: string; patientId: string } => entry.patientId !== undefined);
      const charts = await Promise.all(found.map(async ({ requestedId, patientId }) => ({ chart: await loadChart(ctx.db, patientId, now), requestedId })));
      // One row for the list: the desk keeps these copies for when the LAN is down; a person's read is audited when a chart is shown.
      await ctx.auditRead({
        action: 'charts.readAhead', entityType: 'patient_list',
        details: { purpose: params.purpose, patientIds: [...new Set(found.map((entry) => entry.patientId))], ...(found.some((entry) => entry.patientId !== entry.requestedId) ? { requestedIds: asked } : {}) },
      });
      return { charts, missing: resolved.filter((entry) => entry.patientId === undefined).map((entry) => entry.requestedId) };
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
