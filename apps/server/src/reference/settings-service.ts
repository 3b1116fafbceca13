import { HmsError, REFERENCE_TOPIC, localDateOf } from '@hms/core';
import type { HospitalSettings, ReferenceKind } from '@hms/core';
import type { Knex } from 'knex';
import type { WriteScope } from '../gateway/write-scope.js';

interface SettingsRow {
  name: string;
  address: string | null;
  time_zone: string;
  mrn_format: string;
  updated_at: Date;
}

async function readSettingsRow(db: Knex): Promise<SettingsRow> {
  const row: SettingsRow | undefined = await db('hospital_settings').select('name', 'address', 'time_zone', 'mrn_format', 'updated_at').where({ id: 1 }).first();
  if (row === undefined) throw new Error('hospital_settings has no row: the migrations did not run');
  return row;
}

function toSettings(row: SettingsRow, now: Date): HospitalSettings {
  return {
    name: row.name,
    address: row.address,
    timeZone: row.time_zone,
    mrnFormat: row.mrn_format,
    updatedAt: row.updated_at.toISOString(),
    serviceDate: localDateOf(now, row.time_zone),
  };
}

export async function getSettings(db: Knex, now: Date): Promise<HospitalSettings> {
  return toSettings(await readSettingsRow(db), now);
}

/** The hospital's IANA zone: calendar days and daily tokens follow it. */
export async function hospitalTimeZone(db: Knex): Promise<string> {
  const row: { time_zone: string } | undefined = await db('hospital_settings').select('time_zone').where({ id: 1 }).first();
  return row?.time_zone ?? 'UTC';
}

export interface SettingsChanges {
  name?: string | undefined;
  address?: string | null | undefined;
  timeZone?: string | undefined;
  mrnFormat?: string | undefined;
}

export async function updateSettings(scope: WriteScope, changes: SettingsChanges, now: Date): Promise<HospitalSettings> {
  const patch: Partial<SettingsRow> = {};
  if (changes.name !== undefined) patch.name = changes.name;
  if (changes.address !== undefined) patch.address = changes.address;
  if (changes.timeZone !== undefined) patch.time_zone = changes.timeZone;
  if (changes.mrnFormat !== undefined) patch.mrn_format = changes.mrnFormat;
  if (Object.keys(patch).length === 0) throw HmsError.validation({ _: 'nothing to change' });
  const before = await scope.trx('hospital_settings').where({ id: 1 }).forUpdate().first() as SettingsRow;
  const [after] = await scope.trx('hospital_settings').where({ id: 1 }).update({ ...patch, updated_at: now }).returning('*') as SettingsRow[];
  scope.audit({ action: 'settings.update', entityType: 'hospital_settings', entityId: '1', before: toSettings(before, now), after: toSettings(after!, now) });
  announceReferenceChange(scope, 'settings', null, now);
  return toSettings(after!, now);
}

/** Tells every signed-in workstation that reference data of `kind` changed. */
export function announceReferenceChange(scope: WriteScope, kind: ReferenceKind, id: string | null, now: Date): void {
  scope.emit('reference.changed', REFERENCE_TOPIC, { kind, id, at: now.toISOString() });
}
