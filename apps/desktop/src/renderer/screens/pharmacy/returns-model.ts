/** The Returns screen's pure rules: what a return of unopened packs from one dispensed line may be. The server decides. */

export type ReturnCheck = { ok: true; quantity: number; reason: string } | { ok: false; errors: { quantity?: string; reason?: string } };

/** Whole units, at least one, never more than the line still has out; a reason always (it is kept with the return). */
export function checkReturn(out: number, quantity: string, reason: string): ReturnCheck {
  const errors: { quantity?: string; reason?: string } = {};
  const text = quantity.trim();
  if (!/^\d+$/.test(text) || Number(text) <= 0) errors.quantity = 'A whole number of units, more than 0';
  else if (Number(text) > out) errors.quantity = `Only ${out} ${out === 1 ? 'is' : 'are'} still out on this line`;
  if (reason.trim() === '') errors.reason = 'Say why the packs came back (unopened, stopped by the doctor...)';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, quantity: Number(text), reason: reason.trim() };
}
