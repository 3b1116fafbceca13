/**
 * What a desk sends again for a write the server refused: the original parameters with the
 * person's corrections over them. Values the desk chose for itself rather than typed (the MRN
 * from its block, its clock's registration or arrival time) are dropped when the server named
 * them as the problem, so that the server decides them this time.
 */
export const DESK_CHOSEN_FIELDS = ['mrn', 'registeredAt', 'arrivedAt'] as const;

export function correctedParams(original: unknown, corrections: Record<string, unknown>, refusedFields: Record<string, string>): Record<string, unknown> {
  const base = typeof original === 'object' && original !== null ? { ...(original as Record<string, unknown>) } : {};
  const merged: Record<string, unknown> = { ...base, ...corrections };
  for (const field of DESK_CHOSEN_FIELDS) {
    if (refusedFields[field] !== undefined) delete merged[field];
  }
  // A correction that empties an optional field leaves it out (undefined does not travel).
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged;
}

/** Whether sending again would give the patient another MRN than the printed wristband's. */
export function changesMrn(original: unknown, resent: Record<string, unknown>): boolean {
  const before = typeof original === 'object' && original !== null ? (original as Record<string, unknown>).mrn : undefined;
  return typeof before === 'string' && resent.mrn === undefined;
}
