import { HmsError, OFFLINE_READ_MAX_AGE_HOURS } from '@hms/core';
import type { OfflineRead } from '@hms/core';
import type { Handler } from '../gateway/handler.js';

/** A desk's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * audit.recordOfflineReads: the chart reads a desk answered from its kept copy while the LAN was
 * down, put on record now as the signed-in user's, one audit row each marked offline with the
 * desk's time. All or nothing: one read out of bounds (too old, in the future, an unknown
 * patient) refuses the lot with its field, and the desk keeps them. A read id already recorded
 * (a replay whose answer was lost) is counted, not recorded again.
 */
export const recordOfflineReads: Handler<'audit.recordOfflineReads'> = async (params, ctx) => {
  const now = ctx.clock.now().getTime();
  const oldest = now - OFFLINE_READ_MAX_AGE_HOURS * 3_600_000;
  const fields: Record<string, string> = {};
  params.reads.forEach((read, index) => {
    const at = Date.parse(read.at);
    if (at > now + CLOCK_SKEW_MS) fields[`reads.${index}.at`] = 'is in the future';
    else if (at < oldest) fields[`reads.${index}.at`] = `is more than ${OFFLINE_READ_MAX_AGE_HOURS} hours ago`;
  });
  const unique = [...new Map(params.reads.map((read) => [read.id, read])).values()];
  const patientIds = [...new Set(unique.map((read) => read.entityId))];
  const known = new Set((await ctx.db('patients').whereIn('id', patientIds).select<{ id: string }[]>('id')).map((row) => row.id));
  params.reads.forEach((read, index) => {
    if (!known.has(read.entityId)) fields[`reads.${index}.entityId`] = 'is not a patient of this hospital';
  });
  if (Object.keys(fields).length > 0) throw HmsError.validation(fields, 'Some offline reads cannot be recorded.');

  return ctx.write(async (scope) => {
    const rows = await scope.trx('offline_read_receipts')
      .insert(unique.map((read) => ({ read_id: read.id, user_id: ctx.actor.userId })))
      .onConflict('read_id').ignore()
      .returning<{ read_id: string }[]>('read_id');
    const fresh = new Set(rows.map((row) => row.read_id));
    const recorded: OfflineRead[] = unique.filter((read) => fresh.has(read.id)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const read of recorded) {
      scope.audit({ action: read.action, entityType: read.entityType, entityId: read.entityId, details: { offline: true, readId: read.id, readAt: read.at } });
    }
    return { recorded: recorded.length, alreadyRecorded: unique.length - recorded.length };
  });
};
