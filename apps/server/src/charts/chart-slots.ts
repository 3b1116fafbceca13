import type { ChartMedication, ChartResult } from '@hms/core';
import type { Knex } from 'knex';

/**
 * The chart's parts that other areas own (core contract/chart-slots.ts). Each answers
 * `available: false` until its area records them on this server: prescriptions (issue 11's
 * pharmacology part) replace medicationsSlot's body, the lab issue resultsSlot's.
 */
export async function medicationsSlot(_db: Knex, _patientId: string): Promise<{ available: boolean; items: ChartMedication[] }> {
  return { available: false, items: [] };
}

export async function resultsSlot(_db: Knex, _patientId: string): Promise<{ available: boolean; items: ChartResult[] }> {
  return { available: false, items: [] };
}
