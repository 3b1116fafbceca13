import type { FormularyDrugData } from '@hms/core';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

/** A formulary product written straight to the tables (version 1, local), for tests that edit one. */
export async function insertTestDrug(db: Knex, overrides: Partial<FormularyDrugData> = {}): Promise<{ id: string; code: string; data: FormularyDrugData }> {
  const code = overrides.code ?? `test-${randomUUID().slice(0, 8)}-10mg-tablet`;
  const data: FormularyDrugData = {
    code, generic: 'testamol', components: [], genericName: 'testamol', strengthText: '10 mg', strength: { amount: 10, unit: 'mg' },
    form: 'tablet', routes: ['oral'], classes: ['analgesics'], active: true, ...overrides,
  };
  const now = new Date();
  const [row] = await db('drugs').insert({ code, generic: data.generic, version: 1, data, search_text: `${data.genericName} ${data.strengthText} ${data.form}`, active: data.active, source: 'local', updated_at: now }).returning('id');
  const id = (row as { id: string }).id;
  await db('drug_versions').insert({ drug_id: id, version: 1, data, source: 'local', created_at: now });
  return { id, code, data };
}

/** The id of a shipped product by its code (the migration loads them). */
export async function drugIdByCode(db: Knex, code: string): Promise<string> {
  const row: { id: string } | undefined = await db('drugs').where({ code }).first('id');
  if (row === undefined) throw new Error(`no drug ${code}`);
  return row.id;
}
