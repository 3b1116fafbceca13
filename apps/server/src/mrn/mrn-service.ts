import { HmsError, localDateOf, mrnScope, parseMrn, parseMrnFormat, renderMrn } from '@hms/core';
import type { MrnBlock, MrnFormat } from '@hms/core';
import type { Knex } from 'knex';
import type { WriteScope } from '../gateway/write-scope.js';

/** How long a reserved block is meant to last before the desk retires it and takes a new one. */
export const BLOCK_LIFETIME_DAYS = 90;

export interface HospitalIdentity {
  timeZone: string;
  mrnFormat: MrnFormat;
}

/** The settings MRNs and dates depend on (the settings area owns the row; this only reads it). */
export async function hospitalIdentity(db: Knex | Knex.Transaction): Promise<HospitalIdentity> {
  const row: { time_zone: string; mrn_format: string } | undefined = await db('hospital_settings').select('time_zone', 'mrn_format').where({ id: 1 }).first();
  if (row === undefined) throw new HmsError('UNAVAILABLE', 'The hospital settings are missing.');
  return { timeZone: row.time_zone, mrnFormat: parseMrnFormat(row.mrn_format) };
}

/**
 * Takes `count` consecutive running numbers of a scope. The counter row is locked until the
 * transaction ends, so concurrent registrations queue on it briefly and never share a number;
 * a rolled-back transaction gives its numbers back, which were never printed.
 */
export async function takeNumbers(trx: Knex.Transaction, scope: string, count: number): Promise<{ first: number; last: number }> {
  const result = await trx.raw(
    `insert into mrn_counters (scope, last_number) values (?, ?)
     on conflict (scope) do update set last_number = mrn_counters.last_number + excluded.last_number
     returning last_number`,
    [scope, count],
  );
  const last = Number((result.rows[0] as { last_number: number }).last_number);
  return { first: last - count + 1, last };
}

/** Moves a scope's counter past `number` (the bulk seeder and imports), never backwards. */
export async function advanceCounter(db: Knex | Knex.Transaction, scope: string, number: number): Promise<void> {
  await db.raw(
    `insert into mrn_counters (scope, last_number) values (?, ?)
     on conflict (scope) do update set last_number = greatest(mrn_counters.last_number, excluded.last_number)`,
    [scope, number],
  );
}

/** The next MRN for a registration happening at `now` (numbers count per year when the format shows one). */
export async function allocateMrn(trx: Knex.Transaction, identity: HospitalIdentity, now: Date): Promise<string> {
  const year = Number(localDateOf(now, identity.timeZone).slice(0, 4));
  const scope = mrnScope(identity.mrnFormat, year);
  // A number may already be taken by a record imported or seeded without advancing the
  // counter: skip it rather than fail the registration.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const { first } = await takeNumbers(trx, scope, 1);
    const mrn = renderMrn(identity.mrnFormat, scope, first);
    const taken = await trx('patients').select('id').where({ mrn }).first();
    if (taken === undefined) return mrn;
  }
  throw new HmsError('CONFLICT', 'Could not find a free MRN: the MRN counter is behind the registered numbers.');
}

export interface MrnBlockRow {
  id: string;
  workstation_id: string;
  user_id: string | null;
  format: string;
  scope: string;
  first_number: number;
  last_number: number;
  reserved_at: Date;
  expires_at: Date;
  retired_at: Date | null;
  retired_by: string | null;
}

export function blockMrns(row: MrnBlockRow): string[] {
  const format = parseMrnFormat(row.format);
  const mrns: string[] = [];
  for (let n = row.first_number; n <= row.last_number; n += 1) mrns.push(renderMrn(format, row.scope, n));
  return mrns;
}

export async function toBlock(db: Knex | Knex.Transaction, row: MrnBlockRow): Promise<MrnBlock> {
  const used = await db('patients').count<{ count: string }[]>('* as count').where({ mrn_block_id: row.id });
  return {
    id: row.id,
    workstationId: row.workstation_id,
    format: row.format,
    scope: row.scope,
    firstNumber: row.first_number,
    lastNumber: row.last_number,
    mrns: blockMrns(row),
    used: Number(used[0]?.count ?? 0),
    reservedAt: row.reserved_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    retiredAt: row.retired_at?.toISOString() ?? null,
  };
}

export function requireWorkstation(workstationId: string | null): string {
  if (workstationId === null) {
    throw new HmsError('VALIDATION', 'MRN blocks belong to a workstation: sign in with a workstation id.', { fields: { workstationId: 'sign in with a workstation id' } });
  }
  return workstationId;
}

export async function reserveBlock(
  scope: WriteScope,
  input: { workstationId: string; userId: string; size: number; now: Date },
): Promise<MrnBlockRow> {
  const identity = await hospitalIdentity(scope.trx);
  const year = Number(localDateOf(input.now, identity.timeZone).slice(0, 4));
  const counterScope = mrnScope(identity.mrnFormat, year);
  const { first, last } = await takeNumbers(scope.trx, counterScope, input.size);
  if (last > identity.mrnFormat.maxNumber) {
    throw new HmsError('CONFLICT', `The MRN format ${identity.mrnFormat.source} has no room for ${input.size} more numbers this year: widen {N...} in the hospital settings.`);
  }
  const [row] = await scope.trx<MrnBlockRow>('mrn_blocks')
    .insert({
      workstation_id: input.workstationId,
      user_id: input.userId,
      format: identity.mrnFormat.source,
      scope: counterScope,
      first_number: first,
      last_number: last,
      reserved_at: input.now,
      expires_at: new Date(input.now.getTime() + BLOCK_LIFETIME_DAYS * 86_400_000),
    })
    .returning('*');
  scope.audit({
    action: 'mrn.reserveBlock',
    entityType: 'mrn_block',
    entityId: row!.id,
    after: { workstationId: input.workstationId, format: identity.mrnFormat.source, scope: counterScope, firstNumber: first, lastNumber: last },
  });
  return row!;
}

export async function listBlocks(db: Knex, filter: { workstationId: string | null; includeRetired: boolean }): Promise<MrnBlockRow[]> {
  const query = db<MrnBlockRow>('mrn_blocks').select('*').orderBy('reserved_at', 'desc').limit(200);
  if (filter.workstationId !== null) query.where({ workstation_id: filter.workstationId });
  if (!filter.includeRetired) query.whereNull('retired_at');
  return (await query) as MrnBlockRow[];
}

export async function retireBlock(
  scope: WriteScope,
  input: { blockId: string; workstationId: string | null; isAdmin: boolean; userId: string; now: Date },
): Promise<{ row: MrnBlockRow; unused: number }> {
  const row = (await scope.trx<MrnBlockRow>('mrn_blocks').select('*').where({ id: input.blockId }).forUpdate().first()) as MrnBlockRow | undefined;
  if (row === undefined) throw HmsError.notFound('The MRN block');
  if (!input.isAdmin && row.workstation_id !== input.workstationId) {
    throw new HmsError('FORBIDDEN', 'Only the workstation that reserved this block, or an administrator, may retire it.');
  }
  if (row.retired_at !== null) throw HmsError.conflict('This MRN block is already retired.', { retiredAt: row.retired_at.toISOString() });
  const [retired] = await scope.trx<MrnBlockRow>('mrn_blocks').where({ id: row.id }).update({ retired_at: input.now, retired_by: input.userId }).returning('*');
  const used = Number((await scope.trx('patients').count<{ count: string }[]>('* as count').where({ mrn_block_id: row.id }))[0]?.count ?? 0);
  const unused = row.last_number - row.first_number + 1 - used;
  scope.audit({ action: 'mrn.retireBlock', entityType: 'mrn_block', entityId: row.id, details: { used, unusedRetired: unused } });
  return { row: retired!, unused };
}

/**
 * The block an MRN brought by a desk comes from: reserved to this workstation, not retired.
 * Throws VALIDATION for a malformed MRN or a wrong check character, CONFLICT otherwise.
 */
export async function blockForMrn(trx: Knex.Transaction, mrn: string, workstationId: string | null): Promise<{ block: MrnBlockRow; mrn: string }> {
  if (workstationId === null) {
    throw HmsError.conflict('An MRN chosen by the desk must come from a block reserved to its workstation: sign in with a workstation id.', { fields: { mrn: 'not reserved to this workstation' } });
  }
  const blocks = (await trx<MrnBlockRow>('mrn_blocks').select('*').where({ workstation_id: workstationId })) as MrnBlockRow[];
  let wellFormed = false;
  for (const block of blocks) {
    const parsed = parseMrn(parseMrnFormat(block.format), mrn);
    if (parsed === undefined) continue;
    wellFormed = true;
    if (!parsed.checkValid) throw HmsError.validation({ mrn: 'the check character does not match' });
    if (parsed.scope !== block.scope || parsed.number < block.first_number || parsed.number > block.last_number) continue;
    if (block.retired_at !== null) throw HmsError.conflict('This MRN\'s block was retired: its unused numbers are never issued.', { fields: { mrn: 'from a retired block' } });
    return { block, mrn: parsed.mrn };
  }
  if (!wellFormed && blocks.length > 0) throw HmsError.validation({ mrn: 'is not an MRN of this hospital\'s format' });
  throw HmsError.conflict('This MRN was not reserved to this workstation.', { fields: { mrn: 'not reserved to this workstation' } });
}
