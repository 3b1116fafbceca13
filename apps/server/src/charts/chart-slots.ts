import type { ChartMedication, ChartResult } from '@hms/core';
import { FREQUENCIES, ROUTES, formatAmount } from '@hms/core';
import type { Knex } from 'knex';
import type { RowsPart } from '../db/rows-part.js';
import { chartLabResultParts } from '../lab/index.js';
import { currentMedicationsPart } from '../prescriptions/index.js';

/**
 * The chart's parts that other areas own (core contract/chart-slots.ts): the current medication
 * (items of active prescriptions not yet ended at `now`, the server's clock that wrote their end)
 * and the results: orders still waiting and the lab's released results (the lab area shapes them).
 */
export function medicationsSlot(db: Knex, patientId: string, now: Date): RowsPart<{ available: boolean; items: ChartMedication[] }> {
  const part = currentMedicationsPart(db, patientId, now);
  return {
    query: part.query,
    toResult: (rows) => ({
      available: true,
      items: part.toResult(rows).map((item) => ({
        prescriptionId: item.prescriptionId, itemId: item.id, drugId: item.drugId, name: item.name, dose: formatAmount(item.dose, item.doseUnit),
        route: ROUTES[item.route], frequency: FREQUENCIES[item.frequency].words, startedAt: item.startsAt, endsAt: item.endsAt, prescribedByName: item.prescriberName,
        prescriptionNumber: item.prescriptionNumber, instructions: item.instructions,
      })),
    }),
  };
}

export type ResultParts = ReturnType<typeof chartLabResultParts>;

/** Orders still waiting and the lab's released results (only released ones reach the chart): the lab's two reads. */
export function resultParts(db: Knex, patientId: string): ResultParts {
  return chartLabResultParts(db, patientId);
}

export function resultsSlot(parts: ResultParts, pending: Parameters<ResultParts['toResults']>[0], released: Parameters<ResultParts['toResults']>[1]): { available: boolean; items: ChartResult[] } {
  return { available: true, items: parts.toResults(pending, released) };
}
