import { ACCESSION_MAX_NUMBER, HmsError, localDateOf, parseAccession, renderAccession } from '@hms/core';
import type { LabAccessionBlock } from '@hms/core';
import type { Knex } from 'knex';
import { hospitalIdentity } from '../mrn/index.js';

/** A desk retires a block and takes a new one after this; numbers from it are still accepted later. */
export const ACCESSION_BLOCK_LIFETIME_DAYS = 30;

interface BlockRow {
  id: string;
  workstation_id: string;
  year: number;
  first_number: number;
  last_number: number;
  reserved_at: Date;
  expires_at: Date;
}

async function hospitalYear(trx: Knex.Transaction, now: Date): Promise<number> {
  const { timeZone } = await hospitalIdentity(trx);
  return Number(localDateOf(now, timeZone).slice(0, 4));
}

/** Takes `count` numbers of the year; the counter row stays locked to the end of the transaction, so no two requests share one. */
async function takeAccessionNumbers(trx: Knex.Transaction, year: number, count: number): Promise<{ first: number; last: number }> {
  const result = await trx.raw(
    `insert into lab_accession_counters (year, last_number) values (?, ?)
     on conflict (year) do update set last_number = lab_accession_counters.last_number + excluded.last_number
     returning last_number`,
    [year, count],
  );
  const last = Number((result.rows[0] as { last_number: number }).last_number);
  if (last > ACCESSION_MAX_NUMBER) throw new HmsError('CONFLICT', `The accession numbers of ${year} are used up.`, { reason: 'accessions_exhausted' });
  return { first: last - count + 1, last };
}

export async function allocateAccession(trx: Knex.Transaction, now: Date): Promise<string> {
  const year = await hospitalYear(trx, now);
  const { first } = await takeAccessionNumbers(trx, year, 1);
  return renderAccession(year, first);
}

function toBlock(row: BlockRow): LabAccessionBlock {
  const accessions: string[] = [];
  for (let n = row.first_number; n <= row.last_number; n += 1) accessions.push(renderAccession(row.year, n));
  return {
    id: row.id, workstationId: row.workstation_id, year: row.year, firstNumber: row.first_number, lastNumber: row.last_number, accessions,
    reservedAt: row.reserved_at.toISOString(), expiresAt: row.expires_at.toISOString(),
  };
}

export async function reserveAccessionBlock(trx: Knex.Transaction, input: { workstationId: string | null; userId: string; size: number; now: Date }): Promise<LabAccessionBlock> {
  if (input.workstationId === null) {
    throw new HmsError('VALIDATION', 'Accession blocks belong to a workstation: sign in with a workstation id.', { fields: { workstationId: 'sign in with a workstation id' } });
  }
  const year = await hospitalYear(trx, input.now);
  const { first, last } = await takeAccessionNumbers(trx, year, input.size);
  const [row] = await trx('lab_accession_blocks')
    .insert({
      workstation_id: input.workstationId, user_id: input.userId, year, first_number: first, last_number: last, reserved_at: input.now,
      expires_at: new Date(input.now.getTime() + ACCESSION_BLOCK_LIFETIME_DAYS * 86_400_000),
    })
    .returning('*');
  return toBlock(row as BlockRow);
}

/**
 * An accession a desk used while offline: it must come from a block reserved by this
 * workstation and not be used yet (a replay of the same request is answered by its idempotency key).
 */
export async function claimDeskAccession(trx: Knex.Transaction, accession: string, workstationId: string | null): Promise<{ accession: string; blockId: string }> {
  const parsed = parseAccession(accession);
  if (parsed === null) throw HmsError.validation({ accession: 'is not a valid accession number (check digit)' });
  const block: { id: string } | undefined = await trx('lab_accession_blocks')
    .where({ year: parsed.year })
    .where('first_number', '<=', parsed.number)
    .where('last_number', '>=', parsed.number)
    .where((where) => (workstationId === null ? where.whereRaw('false') : where.where({ workstation_id: workstationId })))
    .first('id');
  if (block === undefined) throw HmsError.validation({ accession: 'is not from a block reserved by this workstation' });
  const used = await trx('lab_requests').where({ accession }).first('id');
  if (used !== undefined) throw HmsError.conflict('This accession number is already used.', { reason: 'accession_used', accession });
  return { accession, blockId: block.id };
}
