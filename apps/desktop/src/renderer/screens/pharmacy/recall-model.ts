import type { Result, StockLocation } from '@hms/core';

/** The Recalls screen's pure rules: where a batch is held, the reason as typed, what the recall found. The server decides and lists. */

type BatchOfItem = Result<'stock.batches'>['batches'][number];

/** "Main store 40 · Dispensary 45" (locations holding units, in the server's order; a location not known by name says so). */
export function holdings(batch: Pick<BatchOfItem, 'balances'>, locations: readonly StockLocation[]): string {
  const names = new Map(locations.map((location) => [location.id, location.name]));
  const held = batch.balances.filter((balance) => balance.onHand > 0);
  if (held.length === 0) return 'None on the books';
  return held.map((balance) => `${names.get(balance.locationId) ?? 'Another location'} ${balance.onHand}`).join(' · ');
}

/** A recall's reason: required (it is on the batch and the audit for good), at most 500 characters as the server allows. */
export function checkRecallReason(text: string): { ok: true; reason: string } | { ok: false; problem: string } {
  const reason = text.trim();
  if (reason === '') return { ok: false, problem: 'Say why (the supplier\'s notice, its reference)' };
  if (reason.length > 500) return { ok: false, problem: 'At most 500 characters' };
  return { ok: true, reason };
}

/** What the pharmacist is told once the recall is made: blocked everywhere, and how many patients to reach. */
export function recallOutcome(batchNumber: string, recipients: readonly { patientId: string }[]): string {
  const patients = new Set(recipients.map((recipient) => recipient.patientId)).size;
  const who = patients === 0 ? 'No patient kept units of it.' : patients === 1 ? '1 patient kept units of it: listed below.' : `${patients} patients kept units of it: listed below.`;
  return `Batch ${batchNumber} recalled: it can no longer be dispensed or moved at any location. ${who}`;
}
