import type { ChartMedication, ChartResult } from '@hms/core';
import { FREQUENCIES, ROUTES, formatAmount } from '@hms/core';
import type { Knex } from 'knex';
import { chartLabResults } from '../lab/index.js';
import { currentMedications } from '../prescriptions/index.js';

/**
 * The chart's parts that other areas own (core contract/chart-slots.ts): the current medication
 * (items of active prescriptions not yet ended at `now`, the server's clock that wrote their end)
 * and the results: orders still waiting and the lab's released results (the lab area shapes them).
 */
export async function medicationsSlot(db: Knex, patientId: string, now: Date): Promise<{ available: boolean; items: ChartMedication[] }> {
  const items = await currentMedications(db, patientId, now);
  return {
    available: true,
    items: items.map((item) => ({
      prescriptionId: item.prescriptionId, itemId: item.id, drugId: item.drugId, name: item.name, dose: formatAmount(item.dose, item.doseUnit),
      route: ROUTES[item.route], frequency: FREQUENCIES[item.frequency].words, startedAt: item.startsAt, endsAt: item.endsAt, prescribedByName: item.prescriberName,
      prescriptionNumber: item.prescriptionNumber, instructions: item.instructions,
    })),
  };
}

/** Orders still waiting and the lab's released results (only released ones reach the chart). */
export async function resultsSlot(db: Knex, patientId: string): Promise<{ available: boolean; items: ChartResult[] }> {
  return { available: true, items: await chartLabResults(db, patientId) };
}
