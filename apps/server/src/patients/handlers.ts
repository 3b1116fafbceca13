import { HmsError, PATIENTS_TOPIC, localDateOf, validatePatientInput } from '@hms/core';
import type { DemographicsDraft } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { hospitalIdentity } from '../mrn/index.js';
import type { HospitalIdentity } from '../mrn/index.js';
import { findDuplicateCandidates } from './duplicates.js';
import { mergePatients, mergesOf, toMerge, unmergePatients } from './merge.js';
import { findPatient, patientSummaries, toPatient } from './patients-repo.js';
import {
  getPatient, hasChanges, listDuplicateReviews, patientHistory, probeOf, registerPatient, registrationReplay, replayRead, resolveDuplicateReview, updatePatient,
} from './patients-service.js';
import { searchPatients } from './search.js';
import { VocabularyIndex } from './vocabulary-index.js';

type PatientsHandlers = Pick<
  Handlers,
  | 'patients.register' | 'patients.update' | 'patients.get' | 'patients.search' | 'patients.findDuplicates' | 'patients.merge'
  | 'patients.unmerge' | 'patients.merges' | 'patients.history' | 'patients.duplicateReviews' | 'patients.resolveDuplicateReview'
  | 'patients.watch' | 'patients.unwatch' | 'patients.summaries'
>;

/**
 * Settings change rarely: searches (many a second) use the hospital identity read at most a
 * second ago, and a stale one is refreshed in the background, so no search waits for it after
 * the first.
 */
function identityCache(db: Knex, clock: Clock): () => Promise<HospitalIdentity> {
  let cached: { identity: HospitalIdentity; at: number } | undefined;
  let refreshing: Promise<void> | undefined;
  const refresh = async () => {
    const at = clock.now().getTime();
    cached = { identity: await hospitalIdentity(db), at };
  };
  return async () => {
    const now = clock.now().getTime();
    if (cached === undefined) await refresh();
    else if ((now - cached.at > 1_000 || now < cached.at) && refreshing === undefined) {
      // A failed read keeps the last identity; the next search tries again.
      refreshing = refresh().catch(() => undefined).finally(() => {
        refreshing = undefined;
      });
    }
    return cached!.identity;
  };
}

export function patientsHandlers(): PatientsHandlers {
  let searchIdentity: (() => Promise<HospitalIdentity>) | undefined;
  let vocabulary: VocabularyIndex | undefined;
  return {
    'patients.register': async (params, ctx) => {
      const replay = await registrationReplay(ctx.db, params, { userId: ctx.actor.userId, now: ctx.clock.now() });
      if (replay !== undefined) {
        await ctx.auditRead(replayRead(replay.row, replay.unusedMrn));
        return { patient: toPatient(replay.row), ...(replay.unusedMrn === undefined ? {} : { unusedMrn: replay.unusedMrn }) };
      }
      const outcome = await ctx.write((scope) =>
        registerPatient(scope, params, { userId: ctx.actor.userId, workstationId: ctx.origin.workstationId, now: ctx.clock.now() }),
      );
      return { patient: toPatient(outcome.row), ...(outcome.duplicateReviewId === undefined ? {} : { duplicateReviewId: outcome.duplicateReviewId }) };
    },
    'patients.summaries': async (params, ctx) => ({ items: await patientSummaries(ctx.db, params.ids) }),
    'patients.update': async (params, ctx) => {
      if (!hasChanges(params)) throw HmsError.validation({ _: 'nothing to change' });
      const row = await ctx.write((scope) => updatePatient(scope, params, ctx.clock.now()));
      return { patient: toPatient(row) };
    },
    'patients.get': async (params, ctx) => {
      const { row, requested } = await getPatient(ctx.db, params);
      const viaAlias = requested.id !== row.id;
      await ctx.auditRead({
        action: 'patients.get', entityType: 'patient', entityId: row.id,
        ...(viaAlias || params.mrn !== undefined ? { details: { requestedId: requested.id, ...(params.mrn === undefined ? {} : { mrn: params.mrn }) } } : {}),
      });
      return { patient: toPatient(row), reachedThroughAlias: viaAlias, requestedId: requested.id };
    },
    'patients.search': async (params, ctx) => {
      searchIdentity ??= identityCache(ctx.db, ctx.clock);
      vocabulary ??= new VocabularyIndex(ctx.db);
      await vocabulary.ready(ctx.clock.now().getTime());
      return searchPatients(ctx.db, await searchIdentity(), params, { vocabulary });
    },
    'patients.findDuplicates': async (params, ctx) => {
      if ('patientId' in params) {
        const row = await findPatient(ctx.db, params.patientId);
        if (row === undefined) throw HmsError.notFound('The patient');
        const probe = probeOf({
          givenName: row.given_name, middleName: row.middle_name, familyName: row.family_name, sex: row.sex,
          birthDate: row.birth_date, birthDateEstimated: row.birth_date_estimated, phone: row.phone, nationalId: row.national_id,
        });
        return { candidates: await findDuplicateCandidates(ctx.db, probe, [row.id]) };
      }
      const identity = await hospitalIdentity(ctx.db);
      const draft: DemographicsDraft = { ...params, sex: params.sex ?? 'U' };
      const valid = validatePatientInput(draft, { today: localDateOf(ctx.clock.now(), identity.timeZone) });
      return { candidates: await findDuplicateCandidates(ctx.db, probeOf({ ...valid, sex: params.sex === undefined ? null : valid.sex } as Parameters<typeof probeOf>[0])) };
    },
    'patients.merge': async (params, ctx) => {
      const { merge, survivor } = await ctx.write((scope) =>
        mergePatients(scope, { survivorId: params.survivorId, mergedId: params.mergedId, reason: params.reason, userId: ctx.actor.userId, now: ctx.clock.now() }),
      );
      return { merge: toMerge(merge), survivor: toPatient(survivor) };
    },
    'patients.unmerge': async (params, ctx) => {
      const { merge, survivor, restored } = await ctx.write((scope) =>
        unmergePatients(scope, { mergeId: params.mergeId, reason: params.reason, userId: ctx.actor.userId, now: ctx.clock.now() }),
      );
      return { merge: toMerge(merge), survivor: toPatient(survivor), restored: toPatient(restored) };
    },
    'patients.merges': async (params, ctx) => ({ items: (await mergesOf(ctx.db, params.patientId)).map(toMerge) }),
    'patients.history': async (params, ctx) => {
      const page = await patientHistory(ctx.db, params.id, params.limit, params.cursor);
      await ctx.auditRead({ action: 'patients.history', entityType: 'patient', entityId: params.id });
      return page;
    },
    'patients.duplicateReviews': async (params, ctx) => listDuplicateReviews(ctx.db, params),
    'patients.resolveDuplicateReview': async (params, ctx) => ({
      review: await ctx.write((scope) => resolveDuplicateReview(scope, params, ctx.actor.userId, ctx.clock.now())),
    }),
    'patients.watch': async (_params, ctx) => {
      ctx.connection.subscribe(PATIENTS_TOPIC);
      return { ok: true };
    },
    'patients.unwatch': async (_params, ctx) => {
      ctx.connection.unsubscribe(PATIENTS_TOPIC);
      return { ok: true };
    },
  };
}
