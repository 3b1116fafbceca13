import { HmsError, cashVariance } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { findShift, shiftRows, shiftTotals, toShift } from './shifts-repo.js';
import type { ShiftRow } from './shifts-repo.js';

/** Opens the caller's shift; the partial unique index makes a second open one impossible, even at once. */
export async function openShift(scope: WriteScope, actor: Actor, input: Params<'shifts.open'>, now: Date) {
  const { rows } = await scope.trx.raw(
    `insert into billing_shifts (cashier_id, float_minor, opened_at) values (?, ?, ?)
     on conflict (cashier_id) where closed_at is null do nothing returning id`,
    [actor.userId, input.floatMinor, now],
  );
  const id = (rows as Array<{ id: string }>)[0]?.id;
  if (id === undefined) {
    const open: { id: string } = await scope.trx('billing_shifts').where({ cashier_id: actor.userId }).whereNull('closed_at').first('id');
    throw HmsError.conflict('You already have an open shift: close it first.', { reason: 'shift_already_open', shiftId: open.id });
  }
  scope.audit({ action: 'shifts.open', entityType: 'billing_shift', entityId: id, after: { floatMinor: input.floatMinor } });
  return { shift: (await findShift(scope.trx, id))! };
}

/**
 * Closes the caller's own open shift: the drawer counted by denomination against float + cash
 * in - cash out; a variance needs a note. The shift row is locked first, so payments being
 * taken in it finish before (they share-lock it) and none is taken after.
 */
export async function closeShift(scope: WriteScope, actor: Actor, input: Params<'shifts.close'>, now: Date) {
  const { trx } = scope;
  const shift: { id: string; cashier_id: string; float_minor: string; closed_at: Date | null } | undefined = await trx('billing_shifts').where({ id: input.shiftId }).forUpdate()
    .first('id', 'cashier_id', 'float_minor', 'closed_at');
  if (shift === undefined || shift.cashier_id !== actor.userId) throw HmsError.notFound('Your shift');
  if (shift.closed_at !== null) throw HmsError.conflict('This shift is already closed.', { reason: 'shift_closed', closedAt: shift.closed_at.toISOString() });
  const totals = await shiftTotals(trx, shift.id, Number(shift.float_minor));
  let cash;
  try {
    cash = cashVariance({ floatMinor: Number(shift.float_minor), cashInMinor: totals.cashInMinor, cashOutMinor: totals.cashOutMinor }, input.counts);
  } catch (error) {
    throw HmsError.validation({ counts: (error as Error).message });
  }
  const note = input.varianceNote?.trim() ?? '';
  if (cash.varianceMinor !== 0 && note === '') {
    throw HmsError.validation({ varianceNote: `is required: the drawer is ${cash.varianceMinor > 0 ? 'over' : 'short'} by ${Math.abs(cash.varianceMinor)}` });
  }
  await trx('billing_shifts').where({ id: shift.id }).update({
    closed_at: now, counts: JSON.stringify(input.counts), expected_cash_minor: cash.expectedMinor, counted_cash_minor: cash.countedMinor,
    variance_minor: cash.varianceMinor, variance_note: note === '' ? null : note, totals: JSON.stringify(totals),
  });
  scope.audit({
    action: 'shifts.close', entityType: 'billing_shift', entityId: shift.id,
    after: { expectedCashMinor: cash.expectedMinor, countedCashMinor: cash.countedMinor, varianceMinor: cash.varianceMinor, varianceNote: note === '' ? null : note, payments: totals.payments, refunds: totals.refunds },
  });
  return { shift: (await findShift(trx, shift.id))! };
}

export async function currentShift(db: Knex, actor: Actor) {
  const row = (await shiftRows(db).where('s.cashier_id', actor.userId).whereNull('s.closed_at').first()) as ShiftRow | undefined;
  return { shift: row === undefined ? null : await toShift(db, row) };
}

export async function listShifts(db: Knex, input: Params<'shifts.list'>) {
  const query = shiftRows(db).limit(input.limit);
  if (input.status === 'open') query.whereNull('s.closed_at');
  else query.whereNotNull('s.closed_at').clearOrder().orderBy('s.closed_at', 'desc');
  const rows = (await query) as ShiftRow[];
  return { shifts: await Promise.all(rows.map((row) => toShift(db, row))) };
}

/** A shift's report; a cashier reads only their own (another's answers as unknown). */
export async function getShift(db: Knex, actor: Actor, input: Params<'shifts.get'>) {
  const shift = await findShift(db, input.shiftId);
  if (shift === undefined || (!actor.roles.includes('billing_supervisor') && shift.cashierId !== actor.userId)) throw HmsError.notFound('The shift');
  return { shift };
}
