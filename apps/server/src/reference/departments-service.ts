import { HmsError } from '@hms/core';
import type { Department } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { announceReferenceChange } from './settings-service.js';

export interface DepartmentRow {
  id: string;
  code: string;
  name: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export function toDepartment(row: DepartmentRow): Department {
  return { id: row.id, code: row.code, name: row.name, active: row.active };
}

export async function listDepartments(db: Knex, includeInactive: boolean): Promise<Department[]> {
  const query = db<DepartmentRow>('departments').select('*').orderBy('code');
  if (!includeInactive) query.where({ active: true });
  return (await query).map(toDepartment);
}

export async function findDepartmentByCode(db: Knex, code: string): Promise<DepartmentRow | undefined> {
  return db<DepartmentRow>('departments').where({ code }).first();
}

/** The department a request names, or VALIDATION on `field` when it does not exist (or is inactive). */
export async function requireDepartment(db: Knex, code: string, field: string, options: { active: boolean } = { active: true }): Promise<DepartmentRow> {
  const row = await findDepartmentByCode(db, code);
  if (row === undefined) throw HmsError.validation({ [field]: `there is no department ${code}` });
  if (options.active && !row.active) throw HmsError.validation({ [field]: `${code} is not active` });
  return row;
}

export async function createDepartment(scope: WriteScope, input: { code: string; name: string }, now: Date): Promise<Department> {
  let row: DepartmentRow | undefined;
  try {
    [row] = await scope.trx<DepartmentRow>('departments').insert({ code: input.code, name: input.name, created_at: now, updated_at: now }).returning('*');
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation, 'departments_code_key')) {
      throw new HmsError('CONFLICT', `There is already a department ${input.code}.`, { fields: { code: 'is taken' } });
    }
    throw error;
  }
  const department = toDepartment(row!);
  scope.audit({ action: 'departments.create', entityType: 'department', entityId: department.id, after: department });
  announceReferenceChange(scope, 'departments', department.id, now);
  return department;
}

export async function updateDepartment(scope: WriteScope, input: { id: string; name?: string | undefined; active?: boolean | undefined }, now: Date): Promise<Department> {
  if (input.name === undefined && input.active === undefined) throw HmsError.validation({ _: 'nothing to change' });
  const before = await scope.trx<DepartmentRow>('departments').where({ id: input.id }).forUpdate().first();
  if (before === undefined) throw HmsError.notFound('The department');
  const patch: Partial<DepartmentRow> = { updated_at: now };
  if (input.name !== undefined) patch.name = input.name;
  if (input.active !== undefined) patch.active = input.active;
  const [after] = await scope.trx<DepartmentRow>('departments').where({ id: input.id }).update(patch).returning('*');
  scope.audit({ action: 'departments.update', entityType: 'department', entityId: input.id, before: toDepartment(before), after: toDepartment(after!) });
  announceReferenceChange(scope, 'departments', input.id, now);
  return toDepartment(after!);
}
