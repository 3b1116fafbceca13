import type { InterfaceSettings } from '@hms/core';
import type { Knex } from 'knex';
import type { WriteScope } from '../gateway/write-scope.js';

interface SettingsRow {
  message_retention_days: number;
  updated_at: Date;
}

function toSettings(row: SettingsRow): InterfaceSettings {
  return { messageRetentionDays: row.message_retention_days, updatedAt: row.updated_at.toISOString() };
}

/** The interfaces' one settings row (migration 0061 makes it). */
export async function getInterfaceSettings(db: Knex | Knex.Transaction): Promise<InterfaceSettings> {
  const row = (await db('interface_settings').where({ id: 1 }).first('message_retention_days', 'updated_at')) as SettingsRow | undefined;
  if (row === undefined) throw new Error('interface_settings has no row: the migrations did not run');
  return toSettings(row);
}

export async function updateInterfaceSettings(scope: WriteScope, changes: { messageRetentionDays: number }, userId: string, now: Date): Promise<InterfaceSettings> {
  const before = (await scope.trx('interface_settings').where({ id: 1 }).forUpdate().first('message_retention_days', 'updated_at')) as SettingsRow;
  const [after] = (await scope.trx('interface_settings').where({ id: 1 })
    .update({ message_retention_days: changes.messageRetentionDays, updated_at: now, updated_by: userId })
    .returning(['message_retention_days', 'updated_at'])) as SettingsRow[];
  scope.audit({ action: 'interfaces.updateSettings', entityType: 'interface_settings', entityId: '1', before: toSettings(before), after: toSettings(after!) });
  return toSettings(after!);
}

const DAY_MS = 86_400_000;
/** Rows per statement: each batch is its own short transaction, so the log stays writable meanwhile. */
const BATCH = 1_000;

/**
 * Removes the raw bodies of logged messages older than the retention limit, keeping each row's
 * metadata (interface, direction, time, control ID, status, reason, accession). Only finished
 * messages lose their bytes: inbound ones applied to the lab, outbound ones sent. A message not
 * yet applied (received, parsed, mapped) or in the dead-letter list (rejected, error) keeps its
 * bytes, to be read and replayed; so does an outbound message answering one of those, and an
 * ACK the dedup key still answers repeats with (an ACK carries no patient data). Returns how
 * many bodies were removed. Safe to run from several server processes at once.
 */
export async function pruneMessageBodies(db: Knex, now: Date): Promise<number> {
  const { messageRetentionDays } = await getInterfaceSettings(db);
  const cutoff = new Date(now.getTime() - messageRetentionDays * DAY_MS);
  let removed = 0;
  for (;;) {
    const result = (await db.raw(
      `with batch as (
         select m.id from interface_messages m
          where m.raw_removed_at is null and m.at < :cutoff and m.status_at < :cutoff
            and ((m.direction = 'in' and m.status = 'applied') or m.direction = 'out')
            and (m.reply_to is null or exists (select 1 from interface_messages p where p.id = m.reply_to and (p.direction = 'out' or p.status = 'applied')))
            and not exists (select 1 from interface_dedup d where d.ack_id = m.id)
          order by m.at limit :batch
          for update skip locked)
       update interface_messages m set raw = ''::bytea, raw_removed_at = :now from batch where m.id = batch.id`,
      { cutoff, now, batch: BATCH },
    )) as { rowCount: number };
    removed += result.rowCount;
    if (result.rowCount < BATCH) return removed;
  }
}
