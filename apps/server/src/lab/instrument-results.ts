import { HmsError } from '@hms/core';
import type { LabResult } from '@hms/core';
import { convertUnit, roundToDecimals } from '@hms/core/lab-units';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import type { AnalytePatient, AnalyteRules } from './analyte-rules.js';
import type { AnalyteDefinition } from './analyte-rules.js';
import { readValue } from './analyte-rules.js';
import { enterResults } from './results-service.js';

/** The analyzer interface a result came through: it is who entered it. */
export interface InstrumentSource {
  interfaceId: string;
  interfaceName: string;
}

export interface InstrumentValue {
  testCode: string;
  analyte: string;
  value: string;
  /** The unit the analyzer sent (or the mapping's); converted to the lab's through UCUM when it differs. */
  unit?: string | undefined;
}

/** A value as it will be entered, in the lab's unit, with what the analyzer sent when it was converted. */
export interface PlannedValue extends InstrumentValue {
  convertedFrom?: { value: string; unit: string };
}

export interface InstrumentSpecimen {
  /** A specimen barcode (`L2600012344-1`) or a request's accession (`L2600012344`). */
  accession: string;
  results: readonly InstrumentValue[];
}

/**
 * The interface's own user row, made once: results need a user in `entered_by`, and the audit
 * row names it. It is disabled with no usable password, so nobody signs in as it.
 */
export async function instrumentActor(trx: Knex.Transaction, source: InstrumentSource, now: Date): Promise<Actor> {
  const username = `interface.${source.interfaceId}`;
  const displayName = `Analyzer interface: ${source.interfaceName}`;
  await trx('users')
    .insert({ username, display_name: displayName, password_hash: '!', roles: ['lab_technician'], disabled_at: now })
    .onConflict('username').ignore();
  const row = (await trx('users').where({ username }).first('id')) as { id: string };
  return { userId: row.id, username, displayName, roles: ['lab_technician'], sessionId: '', mustChangePassword: false };
}

interface TestOnSpecimen {
  test_id: string;
  code: string;
  barcode: string;
  specimen_status: string;
  item_status: string | null;
  sex: AnalytePatient['sex'];
  birth_date: string | null;
}

/** The live specimens an analyzer's accession names, with the tests each holds. */
async function testsOn(db: Knex | Knex.Transaction, accession: string): Promise<TestOnSpecimen[]> {
  return (await db('lab_specimens as s')
    .join('lab_requests as r', 'r.id', 's.request_id')
    .join('patients as p', 'p.id', 'r.patient_id')
    .join('lab_specimen_tests as st', 'st.specimen_id', 's.id')
    .join('lab_request_tests as t', 't.id', 'st.request_test_id')
    .leftJoin('order_items as oi', 'oi.id', 't.order_item_id')
    .where((q) => void q.where('s.barcode', accession).orWhere('r.accession', accession))
    .whereNot('s.status', 'rejected')
    .orderBy('s.barcode')
    .select('t.id as test_id', 't.code', 's.barcode', 's.status as specimen_status', 'oi.status as item_status', 'p.sex', db.raw(`to_char(p.birth_date, 'YYYY-MM-DD') as birth_date`))) as TestOnSpecimen[];
}

/** Spellings analyzers use for one unit (10*9/L, 10^9/L); anything else differs. */
function sameUnit(unit: string): string {
  return unit.trim().toLowerCase().replaceAll('*', '^').replaceAll(' ', '');
}

export interface InstrumentEntry {
  testId: string;
  specimenBarcode: string;
  values: PlannedValue[];
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A numeric value in another unit than the lab's, converted through UCUM (mass <-> molar with
 * the test's molar mass) and rounded once to the test's decimals; the reason when it cannot be.
 */
function converted(definition: AnalyteDefinition, value: InstrumentValue, sent: string, unit: string): { ok: true; value: PlannedValue } | { ok: false; reason: string } {
  const result = definition.test.result;
  const text = value.value.trim();
  if (result.type !== 'numeric' || !PLAIN_NUMBER.test(text)) return { ok: false, reason: `${text} is not a number to convert` };
  const conversion = convertUnit(Number(text), sent, unit, definition.test.molarMass);
  if (!conversion.ok) return { ok: false, reason: conversion.reason };
  const inLabUnit = roundToDecimals(conversion.value, result.decimals).toFixed(result.decimals);
  return { ok: true, value: { ...value, value: inLabUnit, unit, convertedFrom: { value: text, unit: sent } } };
}

/**
 * Checks an analyzer's results against the lab's orders before anything is written: the
 * accession is known, each test is ordered on that specimen and not cancelled, the specimen is
 * received, each analyte belongs to the test, each value reads, and a value in another unit
 * than the lab's converts to it (UCUM). Returns what to enter, or the typed reason it cannot be.
 */
export async function planInstrumentResults(db: Knex | Knex.Transaction, rules: AnalyteRules, specimens: readonly InstrumentSpecimen[]): Promise<{ ok: true; entries: InstrumentEntry[] } | { ok: false; error: HmsError }> {
  const entries: InstrumentEntry[] = [];
  const refuse = (message: string, details: Record<string, unknown>) => ({ ok: false as const, error: HmsError.conflict(message, details) });
  for (const specimen of specimens) {
    const tests = await testsOn(db, specimen.accession);
    if (tests.length === 0) return refuse(`No specimen has accession ${specimen.accession}.`, { reason: 'unknown_accession', accession: specimen.accession });
    for (const code of [...new Set(specimen.results.map((result) => result.testCode))]) {
      const test = tests.find((candidate) => candidate.code === code);
      if (test === undefined) return refuse(`${code} is not ordered on specimen ${specimen.accession}.`, { reason: 'test_not_ordered', accession: specimen.accession, testCode: code });
      if (test.item_status === 'cancelled') return refuse(`The doctor cancelled ${code} on ${specimen.accession}; the results were not recorded.`, { reason: 'order_cancelled', accession: specimen.accession, testCode: code });
      if (test.specimen_status !== 'received') return refuse(`Specimen ${test.barcode} is not received in the lab yet.`, { reason: 'not_received', accession: specimen.accession });
      const values: PlannedValue[] = [];
      const known = rules.analytes(code);
      for (const sentValue of specimen.results.filter((result) => result.testCode === code)) {
        let value: PlannedValue = sentValue;
        if (known !== null && !known.includes(value.analyte)) return refuse(`${value.analyte} is not part of ${code}.`, { reason: 'unknown_analyte', analyte: value.analyte, testCode: code });
        const definition = rules.define(code, value.analyte, { sex: test.sex, birthDate: test.birth_date });
        const unit = definition?.unit ?? null;
        const sent = value.unit?.trim() ?? '';
        if (definition !== null && unit !== null && sent !== '' && sameUnit(sent) !== sameUnit(unit)) {
          const conversion = converted(definition, value, sent, unit);
          if (!conversion.ok) {
            return refuse(`${value.analyte} came in ${sent}, the lab reports ${unit}, and it cannot be converted (${conversion.reason}): set the mapping's unit or the analyzer.`, { reason: 'unit_differs', analyte: value.analyte, unit: sent, labUnit: unit });
          }
          value = conversion.value;
        }
        const read = readValue(definition, value.value);
        if (!read.ok) return refuse(`${value.analyte} ${value.value}: ${read.problem}.`, { reason: 'unreadable_value', analyte: value.analyte });
        values.push(value);
      }
      entries.push({ testId: test.test_id, specimenBarcode: test.barcode, values });
    }
  }
  return { ok: true, entries };
}

/**
 * An analyzer's final results entered on the specimen its accession names, as a person's entry
 * would be (the server's unit, range and flag; critical alerts raised), and left `entered`:
 * technical validation and release stay with the lab's staff. All or none: what
 * planInstrumentResults refuses is thrown as its typed error and nothing is written.
 */
export async function enterInstrumentResults(scope: WriteScope, source: InstrumentSource, rules: AnalyteRules, specimens: readonly InstrumentSpecimen[], now: Date): Promise<{ actor: Actor; results: LabResult[] }> {
  const plan = await planInstrumentResults(scope.trx, rules, specimens);
  if (!plan.ok) throw plan.error;
  const actor = await instrumentActor(scope.trx, source, now);
  const entered: LabResult[] = [];
  for (const entry of plan.entries) {
    const { results } = await enterResults(scope, actor, rules, {
      testId: entry.testId, specimenBarcode: entry.specimenBarcode,
      results: entry.values.map((value) => ({
        analyte: value.analyte, value: value.value,
        // A converted value says what the analyzer sent: the raw message is kept too.
        comment: value.convertedFrom === undefined ? `from ${source.interfaceName}` : `from ${source.interfaceName} (sent ${value.convertedFrom.value} ${value.convertedFrom.unit})`,
      })),
    }, now);
    entered.push(...results);
  }
  return { actor, results: entered };
}
