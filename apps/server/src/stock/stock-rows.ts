import type { AdjustmentReason, Batch, Discrepancy, Movement, MovementKind, StockItem, StockLocation } from '@hms/core';

/** Rows of the stock tables and their wire form. `date` columns arrive as 'YYYY-MM-DD', bigint as number. */
export interface LocationRow {
  id: string;
  code: string;
  name: string;
  kind: StockLocation['kind'];
  active: boolean;
}

export interface ItemRow {
  id: string;
  kind: StockItem['kind'];
  drug_id: string | null;
  code: string;
  name: string;
  unit: string;
  active: boolean;
}

export interface BatchRow {
  id: string;
  item_id: string;
  batch_number: string;
  expiry_date: string;
  gtin: string | null;
  supplier: string;
  unit_cost_minor: string | number;
  received_at: Date;
  recalled_at: Date | null;
  recall_reason: string | null;
}

export interface MovementRow {
  id: string | number;
  at: Date;
  recorded_at: Date;
  kind: MovementKind;
  item_id: string;
  batch_id: string;
  batch_number: string;
  location_id: string;
  quantity: number;
  reason: AdjustmentReason | null;
  document_type: Movement['documentType'];
  document_id: string;
  actor_id: string;
  actor_name: string;
  offline: boolean;
  note: string | null;
}

export interface DiscrepancyRow {
  id: string;
  kind: Discrepancy['kind'];
  location_id: string;
  item_id: string;
  batch_id: string;
  batch_number: string;
  quantity: number;
  document_type: Discrepancy['documentType'];
  document_id: string;
  detected_at: Date;
  status: Discrepancy['status'];
  resolved_at: Date | null;
  resolution: string | null;
  outcome: Discrepancy['outcome'];
  counted: number | null;
  /** Joined for an offline dispense's discrepancy (null otherwise, or when not read). */
  prescription_number?: string | null;
  prescription_id?: string | null;
  patient_id?: string | null;
  mrn?: string | null;
  patient_name?: string | null;
}

export const toLocation = (row: LocationRow): StockLocation => ({ id: row.id, code: row.code, name: row.name, kind: row.kind, active: row.active });

export const toItem = (row: ItemRow): StockItem => ({ id: row.id, kind: row.kind, drugId: row.drug_id, code: row.code, name: row.name, unit: row.unit, active: row.active });

export const toBatch = (row: BatchRow): Batch => ({
  id: row.id, itemId: row.item_id, batchNumber: row.batch_number, expiry: row.expiry_date, gtin: row.gtin, supplier: row.supplier, unitCostMinor: Number(row.unit_cost_minor),
  receivedAt: row.received_at.toISOString(), recalledAt: row.recalled_at?.toISOString() ?? null, recallReason: row.recall_reason,
});

export const toMovement = (row: MovementRow): Movement => ({
  id: Number(row.id), at: row.at.toISOString(), recordedAt: row.recorded_at.toISOString(), kind: row.kind, itemId: row.item_id, batchId: row.batch_id, batchNumber: row.batch_number,
  locationId: row.location_id, quantity: row.quantity, reason: row.reason, documentType: row.document_type, documentId: row.document_id, actorId: row.actor_id,
  actorName: row.actor_name, offline: row.offline, note: row.note,
});

export const toDiscrepancy = (row: DiscrepancyRow): Discrepancy => ({
  id: row.id, kind: row.kind, locationId: row.location_id, itemId: row.item_id, batchId: row.batch_id, batchNumber: row.batch_number, quantity: row.quantity,
  documentType: row.document_type, documentId: row.document_id, detectedAt: row.detected_at.toISOString(), status: row.status,
  resolvedAt: row.resolved_at?.toISOString() ?? null, resolution: row.resolution, outcome: row.outcome, counted: row.counted,
  prescription: row.prescription_id == null ? null : { id: row.prescription_id, number: row.prescription_number! },
  patient: row.patient_id == null ? null : { id: row.patient_id, mrn: row.mrn!, name: row.patient_name! },
});
