import { HmsError, formatIcd10Code } from '@hms/core';
import type { DiagnosisCertainty, Problem, ProblemStatus } from '@hms/core';
import type { Knex } from 'knex';
import { readPart } from '../db/rows-part.js';
import type { RowsPart } from '../db/rows-part.js';

export interface ProblemRow {
  id: string;
  patient_id: string;
  code: string;
  description: string;
  release_id: string | null;
  status: ProblemStatus;
  certainty: DiagnosisCertainty;
  first_encounter_id: string | null;
  recorded_at: Date;
  recorded_by: string;
  last_diagnosed_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
  version: number;
}

interface ProblemView extends ProblemRow {
  recorded_by_name: string;
  resolved_by_name: string | null;
}

function problemViews(db: Knex): Knex.QueryBuilder {
  return db('problems as p')
    .join('users as ru', 'ru.id', 'p.recorded_by')
    .leftJoin('users as xu', 'xu.id', 'p.resolved_by')
    .select('p.*', 'ru.display_name as recorded_by_name', 'xu.display_name as resolved_by_name');
}

export function toProblem(view: ProblemView): Problem {
  return {
    id: view.id,
    patientId: view.patient_id,
    code: formatIcd10Code(view.code),
    description: view.description,
    status: view.status,
    certainty: view.certainty,
    firstEncounterId: view.first_encounter_id,
    recordedAt: view.recorded_at.toISOString(),
    recordedByName: view.recorded_by_name,
    lastDiagnosedAt: view.last_diagnosed_at.toISOString(),
    resolvedAt: view.resolved_at?.toISOString() ?? null,
    resolvedByName: view.resolved_by_name,
    resolutionNote: view.resolution_note,
    version: view.version,
  };
}

/** Active first, each group most recently diagnosed first. */
export function problemsPart(db: Knex, patientId: string, status?: ProblemStatus): RowsPart<Problem[]> {
  const query = problemViews(db).where('p.patient_id', patientId).orderByRaw(`p.status = 'active' desc, p.last_diagnosed_at desc, p.id`);
  if (status !== undefined) query.where('p.status', status);
  return { query, toResult: (rows: ProblemView[]) => rows.map(toProblem) };
}

export async function listProblems(db: Knex, patientId: string, status?: ProblemStatus): Promise<Problem[]> {
  return readPart(problemsPart(db, patientId, status));
}

export async function loadProblem(db: Knex, id: string): Promise<Problem> {
  const view = (await problemViews(db).where('p.id', id).first()) as ProblemView | undefined;
  if (view === undefined) throw HmsError.notFound('The problem');
  return toProblem(view);
}

/** What the audit log keeps of a problem. */
export function problemAuditView(row: ProblemRow): Record<string, unknown> {
  return {
    patientId: row.patient_id, code: row.code, status: row.status, certainty: row.certainty, lastDiagnosedAt: row.last_diagnosed_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null, resolvedBy: row.resolved_by, resolutionNote: row.resolution_note,
  };
}
