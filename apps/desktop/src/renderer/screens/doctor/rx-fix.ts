import type { Drug, ParamsIn, SafetyAlert } from '@hms/core';
import { prescriptionItemOf } from './rx-draft.js';
import type { PrescriptionItem, RxDraftItem } from './rx-draft.js';

export type PrescriptionParams = ParamsIn<'prescriptions.create'>;

/** A refused prescription's item, back in the builder's terms (numbers as text) so the doctor can change it. */
export function draftOfItem(item: PrescriptionItem, drug: Drug, key: string): RxDraftItem {
  return {
    key,
    drug,
    dose: String(item.dose),
    doseUnit: item.doseUnit,
    route: item.route,
    frequency: item.frequency,
    durationDays: String(item.durationDays),
    quantity: String(item.quantity),
    instructions: item.instructions ?? '',
  };
}

/** The blocking alerts a refusal named (CONFLICT blocking_alerts carries them in its details). */
export function refusedAlerts(error: { details?: Record<string, unknown> } | undefined): SafetyAlert[] {
  const alerts = error?.details?.alerts;
  return Array.isArray(alerts) ? (alerts as SafetyAlert[]) : [];
}

function numberOf(text: string): number {
  return Number(text.trim().replace(',', '.'));
}

/**
 * The prescription to send again: the same id and encounter (the server takes it once), the
 * lines as corrected (a line still wrong goes as typed, for the server to name its fields), and
 * an override for each blocking alert the doctor gave a reason for. `afterSign` (the
 * consultation was signed since): the doctor's reason to add it to the signed consultation,
 * sent as typed, so an empty one comes back as the field to fill.
 */
export function resentPrescription(
  params: PrescriptionParams,
  items: readonly RxDraftItem[],
  alerts: readonly SafetyAlert[],
  reasons: Readonly<Record<string, string>>,
  afterSign?: string,
): PrescriptionParams {
  const built = items.map((item) => {
    const parsed = prescriptionItemOf(item);
    if (parsed.ok) return parsed.item;
    const instructions = item.instructions.trim();
    return {
      drugId: item.drug.id, dose: numberOf(item.dose), doseUnit: item.doseUnit, route: item.route,
      // Not chosen: sent empty, so the server's refusal names the field (nothing is chosen for the doctor).
      frequency: item.frequency as PrescriptionItem['frequency'], durationDays: numberOf(item.durationDays), quantity: numberOf(item.quantity),
      ...(instructions === '' ? {} : { instructions }),
    };
  });
  const overrides = alerts.flatMap((alert) => {
    const reason = reasons[alert.alertKey]?.trim() ?? '';
    return alert.blocking && reason !== '' ? [{ alertKey: alert.alertKey, reason }] : [];
  });
  const { afterSign: _kept, ...rest } = params;
  return { ...rest, items: built, overrides, ...(afterSign === undefined ? {} : { afterSign: { reason: afterSign.trim() } }) };
}
