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

/** An active prescription of one paracetamol item for an encounter, written straight to the tables. */
export async function insertTestPrescription(db: Knex, encounter: { id: string; patientId: string }, prescriberId: string): Promise<{ id: string }> {
  const drugId = await drugIdByCode(db, 'paracetamol-500mg-tablet');
  const now = new Date();
  const [row] = await db('prescriptions')
    .insert({ number: `RX-T${randomUUID().slice(0, 8)}`, patient_id: encounter.patientId, encounter_id: encounter.id, prescriber_id: prescriberId, rule_set_version: 1, formulary_revision: 1, alerts: '[]', created_at: now })
    .returning('id');
  const id = (row as { id: string }).id;
  await db('prescription_items').insert({
    prescription_id: id, patient_id: encounter.patientId, position: 0, drug_id: drugId, drug_version: 1, generic: 'paracetamol', name: 'Paracetamol 500 mg tablet',
    dose: 500, dose_unit: 'mg', route: 'oral', frequency: 'qds', duration_days: 3, quantity: 24, starts_at: now, ends_at: new Date(now.getTime() + 3 * 86_400_000),
  });
  return { id };
}

/** An ordered full blood count for an encounter, written straight to the tables. */
export async function insertTestOrderItem(db: Knex, encounter: { id: string; patientId: string }, orderedBy: string): Promise<{ id: string }> {
  const now = new Date();
  const [order] = await db('orders').insert({ patient_id: encounter.patientId, encounter_id: encounter.id, ordered_by: orderedBy, ordered_at: now }).returning('id');
  const [item] = await db('order_items')
    .insert({ order_id: (order as { id: string }).id, patient_id: encounter.patientId, encounter_id: encounter.id, kind: 'lab', code: 'FBC', name: 'Full blood count', priority: 'routine', ordered_at: now, ordered_by: orderedBy })
    .returning('id');
  return { id: (item as { id: string }).id };
}
