import type { ChartMedication, ChartResult } from '@hms/core';
import { FREQUENCIES, ROUTES, formatAmount } from '@hms/core';
import type { Knex } from 'knex';
import { pendingOrders } from '../orders/index.js';
import { currentMedications } from '../prescriptions/index.js';

/**
 * The chart's parts that other areas own (core contract/chart-slots.ts): the current medication
 * (items of active prescriptions not yet ended at `now`, the server's clock that wrote their end)
 * and the results, which until the lab issue records results are the orders still waiting for one.
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

export async function resultsSlot(db: Knex, patientId: string): Promise<{ available: boolean; items: ChartResult[] }> {
  const pending = await pendingOrders(db, patientId);
  return {
    available: true,
    items: pending.map((item) => ({ orderId: item.orderId, code: item.code, name: item.name, status: 'pending', orderedAt: item.orderedAt, resultedAt: null, summary: null, abnormal: null })),
  };
}
