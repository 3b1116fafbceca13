import { localDateOf } from '@hms/core';
import type { LabWorklistEntry } from '@hms/core';
import type { Knex } from 'knex';
import { hospitalTimeZone } from '../reference/index.js';
import type { AnalytePatient, AnalyteRules } from './analyte-rules.js';
import { limitsInForce } from './catalogue-limits.js';

/**
 * Each test of the entries with the analytes it reports and this patient's ranges in force today,
 * so the lab desk draws its result grid, and keeps it for specimens it holds while offline.
 */
export async function withAnalytes(db: Knex | Knex.Transaction, rules: AnalyteRules, entries: LabWorklistEntry[], now: Date): Promise<LabWorklistEntry[]> {
  if (entries.length === 0) return entries;
  const patientIds = [...new Set(entries.map((entry) => entry.patientId))];
  const [rows, timeZone, limits] = await Promise.all([
    db.raw(`select id, sex, to_char(birth_date, 'YYYY-MM-DD') as birth_date from patients where id = any(?::uuid[])`, [patientIds])
      .then((result: { rows: Array<{ id: string; sex: AnalytePatient['sex']; birth_date: string | null }> }) => result.rows),
    hospitalTimeZone(db),
    limitsInForce(db),
  ]);
  const inForce = rules.withLimits(limits);
  const onDate = localDateOf(now, timeZone);
  const patients = new Map(rows.map((row) => [row.id, { sex: row.sex, birthDate: row.birth_date }]));
  return entries.map((entry) => {
    const patient = patients.get(entry.patientId);
    if (patient === undefined) return entry;
    return { ...entry, tests: entry.tests.map((test) => ({ ...test, analytes: inForce.describe(test.code, patient, onDate) })) };
  });
}
