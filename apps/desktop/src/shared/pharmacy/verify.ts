import { normalizeGtin, parseGs1 } from '@hms/core';
import type { DispenseLineView, VerifyOutcome } from './views.js';

/**
 * A pack scanned at the dispense screen, checked against the prescription: its GTIN must be one
 * the prescribed product was received under, and its batch one the dispensary may hand out
 * (not expired, not recalled, on the shelf). The line it matches is the one it verifies.
 */
export function verifyPack(scanned: string, lines: readonly DispenseLineView[], today: Date): VerifyOutcome {
  const read = parseGs1(scanned, today);
  if (!read.ok) return { ok: false, message: `The code could not be read as a GS1 pack code: ${read.problem}` };
  const { pack } = read;
  const gtin = normalizeGtin(pack.gtin);
  const line = lines.find((candidate) => candidate.gtins.some((known) => normalizeGtin(known) === gtin));
  if (line === undefined) return { ok: false, message: `Wrong product: GTIN ${gtin} is not a pack of anything on this prescription.` };
  if (pack.batch === undefined) return { ok: false, message: `${line.name}: the code names no batch; check the pack by eye.` };
  const batch = line.batches.find((candidate) => candidate.batchNumber === pack.batch);
  if (batch === undefined) return { ok: false, message: `${line.name}: batch ${pack.batch} is not held at this dispensary.` };
  if (batch.recalled) return { ok: false, message: `${line.name}: batch ${batch.batchNumber} is recalled. Do not hand it out.` };
  if (batch.expired) return { ok: false, message: `${line.name}: batch ${batch.batchNumber} expired on ${batch.expiry}. Do not hand it out.` };
  if (batch.onHand <= 0) return { ok: false, message: `${line.name}: batch ${batch.batchNumber} has no units on the books here.` };
  const fefo = batch.batchId === line.fefoBatchId;
  return {
    ok: true, prescriptionItemId: line.prescriptionItemId, batchId: batch.batchId, batchNumber: batch.batchNumber, expiry: batch.expiry,
    message: fefo ? `${line.name}: batch ${batch.batchNumber} verified (the first to expire).` : `${line.name}: batch ${batch.batchNumber} is the right product but not the first to expire; give a reason to take it.`,
  };
}
