/**
 * Check characters for identifiers typed or scanned at a desk: Luhn mod 10 (digits) and the
 * Luhn mod N generalisation that OpenMRS idgen uses with N = 30 over the alphabet below
 * (digits plus letters that are not easily confused: no B, I, O, Q, S, Z).
 *
 * Luhn mod 10 catches every single-character substitution and every adjacent transposition
 * except 09 <-> 90. Over digit payloads, Luhn mod 30 catches both kinds without exception
 * (doubling never wraps below 30, so a transposition of a, b shifts the sum by b - a).
 */
export const CHECK_ALGORITHMS = ['luhn10', 'luhn30'] as const;
export type CheckAlgorithm = (typeof CHECK_ALGORITHMS)[number];

export const LUHN10_ALPHABET = '0123456789';
export const LUHN30_ALPHABET = '0123456789ACDEFGHJKLMNPRTUVWXY';

export function checkAlphabet(algorithm: CheckAlgorithm): string {
  switch (algorithm) {
    case 'luhn10':
      return LUHN10_ALPHABET;
    case 'luhn30':
      return LUHN30_ALPHABET;
  }
}

/** The Luhn mod N check character of `payload`, every character of which is in `alphabet`. */
export function luhnModN(payload: string, alphabet: string): string {
  const n = alphabet.length;
  if (payload.length === 0) throw new RangeError('empty payload');
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i -= 1) {
    const codePoint = alphabet.indexOf(payload[i]!.toUpperCase());
    if (codePoint < 0) throw new RangeError(`"${payload[i]}" is not a check-alphabet character`);
    let addend = factor * codePoint;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return alphabet[(n - (sum % n)) % n]!;
}

export function checkCharacter(payload: string, algorithm: CheckAlgorithm): string {
  return luhnModN(payload, checkAlphabet(algorithm));
}

export function isValidCheckCharacter(payload: string, check: string, algorithm: CheckAlgorithm): boolean {
  try {
    return checkCharacter(payload, algorithm) === check.toUpperCase();
  } catch {
    return false;
  }
}
