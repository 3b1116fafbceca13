import { createHash } from 'node:crypto';
import { localDateOf } from '@hms/core';
import type { LabAnalyte, LabWorklistEntry } from '@hms/core';
import type { Knex } from 'knex';
import { hospitalTimeZone } from '../reference/index.js';
import type { AnalytePatient, AnalyteRules, LimitsByTest } from './analyte-rules.js';
import { limitsInForce } from './catalogue-limits.js';

type Db = Knex | Knex.Transaction;

/** Described sets kept between reads at most (a worklist of 1,000 entries of 3 tests needs 3,000). */
const DESCRIBED_KEPT = 20_000;

interface Described {
  /** The lab's limits in force and the date they were read for. */
  fingerprint: string;
  inForce: AnalyteRules;
  /** By test code, sex and birth date: patients of one sex and birth date have the same ranges that day. */
  described: Map<string, LabAnalyte[]>;
}

const describedByRules = new WeakMap<AnalyteRules, Described>();

/**
 * The analytes described for these limits on this date, kept from one read to the next: the desk
 * re-reads the same open worklist on every change, and selecting each analyte's age band anew for
 * each test was most of the answer's own time (~9 ms a read of 300 entries). Pure in its key (rules,
 * limits, date, code, sex, birth date); a change of limits or day starts afresh.
 */
function describedFor(rules: AnalyteRules, limits: LimitsByTest, onDate: string): Described {
  const fingerprint = `${onDate}\u0000${JSON.stringify([...limits].sort(([a], [b]) => a.localeCompare(b)))}`;
  const kept = describedByRules.get(rules);
  if (kept !== undefined && kept.fingerprint === fingerprint && kept.described.size < DESCRIBED_KEPT) return kept;
  const fresh = { fingerprint, inForce: rules.withLimits(limits), described: new Map<string, LabAnalyte[]>() };
  describedByRules.set(rules, fresh);
  return fresh;
}

/** A test's analytes for a patient, with the ranges in force today. */
export type Describe = (testCode: string, patient: AnalytePatient) => LabAnalyte[];

/**
 * Reads what describing analytes needs besides the patients (the hospital's date and the lab's
 * limits in force), so it runs beside the reads that make the entries.
 */
export async function analyteDescriber(db: Db, rules: AnalyteRules, now: Date): Promise<Describe> {
  const [timeZone, limits] = await Promise.all([hospitalTimeZone(db), limitsInForce(db)]);
  const onDate = localDateOf(now, timeZone);
  const { inForce, described } = describedFor(rules, limits, onDate);
  return (testCode, patient) => {
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
  const [rows, describe] = await Promise.all([
    db.raw(`select id, sex, to_char(birth_date, 'YYYY-MM-DD') as birth_date from patients where id = any(?::uuid[])`, [[...new Set(entries.map((entry) => entry.patientId))]])
      .then((result: { rows: Array<{ id: string; sex: AnalytePatient['sex']; birth_date: string | null }> }) => result.rows),
    analyteDescriber(db, rules, now),
  ]);
  const patients = new Map(rows.map((row) => [row.id, { sex: row.sex, birthDate: row.birth_date }]));
  return entries.map((entry) => {
    const patient = patients.get(entry.patientId);
    if (patient === undefined) return entry;
    return { ...entry, tests: entry.tests.map((test) => ({ ...test, analytes: describe(test.code, patient) })) };
  });
}

const rangesTexts = new WeakMap<LabAnalyte[], string>();

/**
 * Equal sets of different birth dates (the same band) share one key. A code's analytes differ
 * between patients only by their ranges (names, units, choices are the catalogue's): compared by those.
 */
function rangesText(set: LabAnalyte[]): string {
  let text = rangesTexts.get(set);
  if (text === undefined) {
    text = set.map(({ range }) => (range === null ? '' : `${range.low}|${range.high}|${range.criticalLow}|${range.criticalHigh}|${range.text}|${range.source}`)).join('\u0000');
    rangesTexts.set(set, text);
  }
  return text;
}

const keysOfSets = new WeakMap<LabAnalyte[], string>();

/**
 * The same key for the same set in every answer (the code and a hash of its ranges): the desk
 * merges the sets of a delta read (lab.worklist `since`) into those it keeps, so a key may not
 * name one set in one answer and another in the next.
 */
function analytesKey(testCode: string, set: LabAnalyte[]): string {
  let key = keysOfSets.get(set);
  if (key === undefined) {
    key = `${testCode}~${createHash('sha1').update(rangesText(set)).digest('base64url').slice(0, 10)}`;
    keysOfSets.set(set, key);
  }
  return key;
}

/**
 * The worklist's analytes sent once per answer: each test names its set by `analytesKey`. Hundreds
 * of entries share a few sets (a test's analytes differ between patients only by the age and sex
 * band of their ranges), where repeating them in every test made most of the answer.
 */
export function keyedAnalytes(describe: Describe, patients: ReadonlyMap<string, AnalytePatient>, entries: readonly LabWorklistEntry[]): { entries: LabWorklistEntry[]; analytes: Record<string, LabAnalyte[]> } {
  const analytes: Record<string, LabAnalyte[]> = {};
  const keyOf = new Map<LabAnalyte[], string>();
  const keyFor = (testCode: string, set: LabAnalyte[]): string => {
    let key = keyOf.get(set);
    if (key === undefined) {
      key = analytesKey(testCode, set);
      keyOf.set(set, key);
      analytes[key] ??= set;
    }
    return key;
  };
  return {
    entries: entries.map((entry) => {
      const patient = patients.get(entry.patientId);
      return patient === undefined ? entry : { ...entry, tests: entry.tests.map((test) => ({ ...test, analytesKey: keyFor(test.code, describe(test.code, patient)) })) };
    }),
    analytes,
  };
}
