import type { DispensingStatus, WorklistEntry } from '@hms/core';
import type { Knex } from 'knex';

interface EntryRow {
  id: string;
  number: string;
  patient_id: string;
  mrn: string;
  patient_name: string;
  prescriber_name: string;
  prescriber_registration: string | null;
  status: WorklistEntry['prescriptionStatus'];
  created_at: Date;
  dispensing_status: DispensingStatus | null;
}

type Item = WorklistEntry['items'][number];

interface ItemRow {
  id: string;
  prescription_id: string;
  drug_id: string;
  drug_version: number;
  generic: string;
  name: string;
  dose: string;
  dose_unit: Item['doseUnit'];
  route: Item['route'];
  frequency: Item['frequency'];
  duration_days: number;
  quantity: string;
  instructions: string | null;
  starts_at: Date;
  ends_at: Date;
  dispensed: string | number;
  returned: string | number;
  substitutions: Array<{ itemId: string; name: string; quantity: number; reason: string }> | null;
}

function entryViews(db: Knex) {
  return db('prescriptions as p')
    .join('users as u', 'u.id', 'p.prescriber_id')
    .join('patients as pa', 'pa.id', 'p.patient_id')
    .leftJoin('prescription_dispensing as pd', 'pd.prescription_id', 'p.id')
    .select(
      'p.id', 'p.number', 'p.patient_id', 'p.status', 'p.created_at', 'p.prescriber_registration', 'pa.mrn', 'u.display_name as prescriber_name', 'pd.status as dispensing_status',
      db.raw(`concat_ws(' ', pa.given_name, nullif(pa.middle_name, ''), pa.family_name) as patient_name`),
    );
}

/** Each item's prescribed, dispensed and returned units (the lines and returns summed per item). */
export async function itemsWithProgress(db: Knex, prescriptionIds: readonly string[]): Promise<ItemRow[]> {
  if (prescriptionIds.length === 0) return [];
  return (await db.raw(
    `select i.id, i.prescription_id, i.drug_id, i.drug_version, i.generic, i.name, i.dose, i.dose_unit, i.route, i.frequency, i.duration_days, i.quantity,
            i.instructions, i.starts_at, i.ends_at, coalesce(d.dispensed, 0) as dispensed, coalesce(r.returned, 0) as returned, s.substitutions
       from prescription_items i
       left join lateral (select sum(l.quantity) as dispensed from dispensation_lines l where l.prescription_item_id = i.id) d on true
       left join lateral (select sum(x.quantity) as returned from dispensing_returns x join dispensation_lines l on l.id = x.dispensation_line_id where l.prescription_item_id = i.id) r on true
       left join lateral (
         select jsonb_agg(jsonb_build_object('itemId', g.item_id, 'name', g.name, 'quantity', g.quantity, 'reason', g.reason) order by g.name) as substitutions
           from (select l.item_id, si.name, sum(l.quantity)::int as quantity, string_agg(distinct l.substitution_reason, '; ') as reason
                   from dispensation_lines l join stock_items si on si.id = l.item_id
                  where l.prescription_item_id = i.id and l.substituted_for is not null
                  group by l.item_id, si.name) g) s on true
      where i.prescription_id = any(?::uuid[])
      order by i.prescription_id, i.position`,
    [[...prescriptionIds]],
  )).rows;
}

function toItem(row: ItemRow): Item {
  const prescribed = Number(row.quantity);
  const dispensed = Number(row.dispensed);
  return {
    id: row.id, drugId: row.drug_id, drugVersion: row.drug_version, generic: row.generic, name: row.name, dose: Number(row.dose), doseUnit: row.dose_unit, route: row.route,
    frequency: row.frequency, durationDays: row.duration_days, quantity: prescribed, instructions: row.instructions, startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(),
    prescribed, dispensed, returned: Number(row.returned), outstanding: Math.max(0, prescribed - dispensed), substitutions: row.substitutions ?? [],
  };
}

async function assemble(db: Knex, rows: EntryRow[]): Promise<WorklistEntry[]> {
  const items = await itemsWithProgress(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    prescriptionId: row.id, number: row.number, patient: { id: row.patient_id, mrn: row.mrn, name: row.patient_name }, prescriberName: row.prescriber_name, prescriberRegistration: row.prescriber_registration,
    createdAt: row.created_at.toISOString(), prescriptionStatus: row.status, status: row.dispensing_status ?? 'open',
    items: items.filter((item) => item.prescription_id === row.id).map(toItem),
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WorklistFilter {
  scan?: string | undefined;
  patientId?: string | undefined;
  includeComplete: boolean;
  sinceDays: number;
  limit: number;
}

/**
 * A scan names one prescription (by its printed RX- number, or the id an offline-printed
 * prescription carries) whatever its state; otherwise recent active prescriptions not yet
 * fully dispensed, newest first.
 */
export async function worklist(db: Knex, filter: WorklistFilter, now: Date): Promise<WorklistEntry[]> {
  const query = entryViews(db).orderBy([{ column: 'p.created_at', order: 'desc' }, { column: 'p.number', order: 'desc' }]).limit(filter.limit);
  if (filter.scan !== undefined) {
    const scanned = filter.scan.trim();
    if (UUID.test(scanned)) query.where('p.id', scanned.toLowerCase());
    else query.where('p.number', scanned.toUpperCase());
  } else {
    query.where('p.status', 'active').where('p.created_at', '>=', new Date(now.getTime() - filter.sinceDays * 86_400_000));
    if (!filter.includeComplete) query.where((w) => w.whereNull('pd.status').orWhereNot('pd.status', 'complete'));
  }
  if (filter.patientId !== undefined) query.where('p.patient_id', filter.patientId);
  return assemble(db, (await query) as EntryRow[]);
}

export async function worklistEntry(db: Knex, prescriptionId: string): Promise<WorklistEntry | undefined> {
  return (await assemble(db, (await entryViews(db).where('p.id', prescriptionId)) as EntryRow[]))[0];
}
