import { HmsError, LAB_TOPIC, clinicianTopic } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import { reserveAccessionBlock } from './accessions.js';
import type { AnalyteRules } from './analyte-rules.js';
import { labAnalyteRules } from './analyte-rules.js';
import { withAnalytes } from './catalogue-analytes.js';
import { changeLimits, limitsHistory } from './catalogue-limits.js';
import { acknowledgeAlert, listAlerts } from './critical-service.js';
import { requestEntries, resultsOfRequest } from './lab-views.js';
import { getLabSettings, updateLabSettings } from './lab-settings.js';
import { cumulativeResults, reportPatient, requestReport } from './reports.js';
import { withTurnaround } from './turnaround.js';
import { amendResult, enterResults, stepResults } from './results-service.js';
import { collectSpecimens, receiveSpecimens, registerWalkIn, rejectSpecimen } from './specimens-service.js';
import { readWorklist } from './worklist-read.js';

type LabHandlers = Pick<Handlers,
  | 'lab.worklist' | 'lab.request' | 'lab.report' | 'lab.cumulative' | 'lab.settings' | 'lab.updateSettings' | 'lab.reserveAccessions' | 'lab.registerWalkIn' | 'lab.collect' | 'lab.receive' | 'lab.reject'
  | 'lab.testLimits' | 'lab.changeLimits' | 'lab.enterResults' | 'lab.validate' | 'lab.release' | 'lab.amend' | 'lab.criticalAlerts' | 'lab.acknowledgeCritical' | 'lab.watchAlerts' | 'lab.unwatchAlerts'>;

export function labHandlers(rules: AnalyteRules = labAnalyteRules): LabHandlers {
  return {
    'lab.worklist': async (params, ctx) => {
      // Subscribed before reading, so a change committed between the read and the subscription is not missed.
      ctx.connection.subscribe(LAB_TOPIC);
      return readWorklist(params, ctx, rules);
    },
    'lab.request': async (params, ctx) => {
      const [entry] = await withAnalytes(ctx.db, rules, withTurnaround(await requestEntries(ctx.db, [params.requestId]), ctx.clock.now()), ctx.clock.now());
      if (entry === undefined) throw HmsError.notFound('The lab request');
      const [results, patient] = await Promise.all([resultsOfRequest(ctx.db, params.requestId), reportPatient(ctx.db, entry.patientId, ctx.clock.now())]);
      await ctx.auditRead({ action: 'lab.request', entityType: 'patient', entityId: entry.patientId, details: { requestId: params.requestId } });
      return { entry, results, patient };
    },
    'lab.report': async (params, ctx) => {
      const report = await requestReport(ctx.db, params.requestId, ctx.clock.now());
      await ctx.auditRead({ action: 'lab.report', entityType: 'patient', entityId: report.patient.id, details: { requestId: params.requestId, resultIds: report.tests.flatMap((test) => test.results.map((result) => result.resultId)) } });
      return { report };
    },
    'lab.cumulative': async (params, ctx) => {
      const answer = await cumulativeResults(ctx.db, params, ctx.clock.now());
      await ctx.auditRead({ action: 'lab.cumulative', entityType: 'patient', entityId: params.patientId, details: { codes: params.codes ?? null, points: answer.series.reduce((n, one) => n + one.points.length, 0) } });
      return answer;
    },
    'lab.settings': async (_params, ctx) => ({ settings: await getLabSettings(ctx.db) }),
    'lab.updateSettings': async (params, ctx) => ({ settings: await ctx.write((scope) => updateLabSettings(scope, params, ctx.clock.now())) }),
    'lab.reserveAccessions': async (params, ctx) => ctx.write(async (scope) => {
      const block = await reserveAccessionBlock(scope.trx, { workstationId: ctx.origin.workstationId, userId: ctx.actor.userId, size: params.size, now: ctx.clock.now() });
      scope.audit({ action: 'lab.reserveAccessions', entityType: 'lab_accession_block', entityId: block.id, after: { workstationId: block.workstationId, year: block.year, first: block.firstNumber, last: block.lastNumber } });
      return { block };
    }),
    'lab.registerWalkIn': async (params, ctx) => {
      const entry = await ctx.write((scope) => registerWalkIn(scope, ctx.actor, ctx.origin.workstationId, params, ctx.clock.now()));
      return { entry: (await withAnalytes(ctx.db, rules, [entry], ctx.clock.now()))[0]! };
    },
    'lab.collect': async (params, ctx) => {
      const collected = await ctx.write((scope) => collectSpecimens(scope, ctx.actor, ctx.origin.workstationId, params, ctx.clock.now()));
      return { ...collected, entry: (await withAnalytes(ctx.db, rules, [collected.entry], ctx.clock.now()))[0]! };
    },
    'lab.receive': async (params, ctx) => ({ specimens: await ctx.write((scope) => receiveSpecimens(scope, ctx.actor, params, ctx.clock.now())) }),
    'lab.reject': async (params, ctx) => ({ specimen: await ctx.write((scope) => rejectSpecimen(scope, ctx.actor, params, ctx.clock.now())) }),
    'lab.enterResults': async (params, ctx) => ctx.write((scope) => enterResults(scope, ctx.actor, rules, params, ctx.clock.now())),
    'lab.validate': async (params, ctx) => ({ results: await ctx.write((scope) => stepResults(scope, ctx.actor, 'validate', params.resultIds, ctx.clock.now())) }),
    'lab.release': async (params, ctx) => ({ results: await ctx.write((scope) => stepResults(scope, ctx.actor, 'release', params.resultIds, ctx.clock.now())) }),
    'lab.amend': async (params, ctx) => ctx.write((scope) => amendResult(scope, ctx.actor, rules, params, ctx.clock.now())),
    'lab.testLimits': async (params, ctx) => {
      const history = await limitsHistory(ctx.db, params.testCode);
      if (history.length === 0) throw HmsError.notFound(`Ranges of ${params.testCode}`);
      return { current: history[0]!, history: history.slice(1) };
    },
    'lab.changeLimits': async (params, ctx) => ({ limits: await ctx.write((scope) => changeLimits(scope, ctx.actor, params, ctx.clock.now())) }),
    'lab.criticalAlerts': async (params, ctx) => {
      const alerts = await listAlerts(ctx.db, ctx.actor, params);
      await ctx.auditRead({ action: 'lab.criticalAlerts', details: { count: alerts.length, patientIds: [...new Set(alerts.map((alert) => alert.patientId))] } });
      return { alerts };
    },
    'lab.acknowledgeCritical': async (params, ctx) => ({ alert: await ctx.write((scope) => acknowledgeAlert(scope, ctx.actor, params, ctx.clock.now())) }),
    'lab.watchAlerts': async (_params, ctx) => {
      const topic = clinicianTopic(ctx.actor.userId);
      ctx.connection.subscribe(topic);
      return { topic };
    },
    'lab.unwatchAlerts': async (_params, ctx) => {
      ctx.connection.unsubscribe(clinicianTopic(ctx.actor.userId));
      return { ok: true as const };
    },
  };
}
