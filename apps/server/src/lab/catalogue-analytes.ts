import { localDateOf } from '@hms/core';
import type { LabAnalyte, LabWorklistEntry } from '@hms/core';
import type { Knex } from 'knex';
import { hospitalTimeZone } from '../reference/index.js';
import type { AnalytePatient, AnalyteRules } from './analyte-rules.js';
import { limitsInForce } from './catalogue-limits.js';

type Db = Knex | Knex.Transaction;

/** A test's analytes for one of the patients read, with the ranges in force today (undefined: a patient not read). */
type DescribeFor = (testCode: string, patientId: string) => LabAnalyte[] | undefined;

/**
 * Reads what describing analytes needs: the patients' sex and birth date (the patients named,
 * and those of the lab requests named), the hospital's date and the lab's limits in force. It
 * needs no entries, so it runs beside the reads that make them.
 */
export async function analyteReader(db: Db, rules: AnalyteRules, who: { patientIds?: readonly string[]; requestIds?: readonly string[] }, now: Date): Promise<DescribeFor> {
  const patientIds = [...(who.patientIds ?? [])];
  const requestIds = [...(who.requestIds ?? [])];
  const [rows, timeZone, limits] = await Promise.all([
    patientIds.length === 0 && requestIds.length === 0
      ? Promise.resolve([])
      : db.raw(
        `select id, sex, to_char(birth_date, 'YYYY-MM-DD') as birth_date from patients
          where id = any(?::uuid[]) or id in (select patient_id from lab_requests where id = any(?::uuid[]))`,
        [patientIds, requestIds],
      ).then((result: { rows: Array<{ id: string; sex: AnalytePatient['sex']; birth_date: string | null }> }) => result.rows),
    hospitalTimeZone(db),
    limitsInForce(db),
  ]);
  const inForce = rules.withLimits(limits);
  const onDate = localDateOf(now, timeZone);
  const patients = new Map(rows.map((row) => [row.id, { sex: row.sex, birthDate: row.birth_date }]));
  // Patients of one sex and birth date have the same ranges today: described once.
  const described = new Map<string, LabAnalyte[]>();
  return (testCode, patientId) => {
    const patient = patients.get(patientId);
    if (patient === undefined) return undefined;
    const key = `${testCode}\u0000${patient.sex}\u0000${patient.birthDate ?? ''}`;
    let analytes = described.get(key);
    if (analytes === undefined) {
      analytes = inForce.describe(testCode, patient, onDate);
      described.set(key, analytes);
    }
    return analytes;
  };
}

/**
 * Each test of the entries with the analytes it reports and this patient's ranges in force today,
 * so the lab desk draws its result grid, and keeps it for specimens it holds while offline.
 */
export async function withAnalytes(db: Db, rules: AnalyteRules, entries: LabWorklistEntry[], now: Date): Promise<LabWorklistEntry[]> {
  if (entries.length === 0) return entries;
  const describe = await analyteReader(db, rules, { patientIds: [...new Set(entries.map((entry) => entry.patientId))] }, now);
  return entries.map((entry) => ({
    ...entry,
    tests: entry.tests.map((test) => {
      const analytes = describe(test.code, entry.patientId);
      return analytes === undefined ? test : { ...test, analytes };
    }),
  }));
}

/**
 * The worklist's analytes sent once per answer: each test names its set by `analytesKey`. Hundreds
 * of entries share a few sets (a test's analytes differ between patients only by the age and sex
 * band of their ranges), where repeating them in every test made most of the answer.
 */
export function keyedAnalytes(describe: DescribeFor, entries: readonly LabWorklistEntry[]): { entries: LabWorklistEntry[]; analytes: Record<string, LabAnalyte[]> } {
  const analytes: Record<string, LabAnalyte[]> = {};
  const keyOf = new Map<LabAnalyte[], string>();
  const keysByText = new Map<string, string>();
  const variants = new Map<string, number>();
  const keyFor = (testCode: string, set: LabAnalyte[]): string => {
    const known = keyOf.get(set);
    if (known !== undefined) return known;
    // Equal sets of different birth dates (the same band) share one key.
    const text = `${testCode}\u0000${JSON.stringify(set)}`;
    let key = keysByText.get(text);
    if (key === undefined) {
      const n = (variants.get(testCode) ?? 0) + 1;
      variants.set(testCode, n);
      key = n === 1 ? testCode : `${testCode}~${n}`;
      keysByText.set(text, key);
      analytes[key] = set;
    }
    keyOf.set(set, key);
    return key;
  };
  return {
    entries: entries.map((entry) => ({
      ...entry,
      tests: entry.tests.map((test) => {
        const set = describe(test.code, entry.patientId);
        return set === undefined ? test : { ...test, analytesKey: keyFor(test.code, set) };
      }),
    })),
    analytes,
  };
}
