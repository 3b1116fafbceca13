import { allocateByWeights, percentOf } from './allocation.js';

/**
 * How an insurance scheme shares a bill with its member (issue 15). `copay_fixed`: the patient
 * pays a fixed amount per invoice, the payer the rest; `coinsurance`: the patient pays a
 * percentage (basis points) of every covered line. Excluded services are the patient's alone;
 * the payer pays at most what is left of the member's annual limit, the excess going back to
 * the patient. Cash patients have no scheme: everything is theirs.
 */
export type SchemeRule =
  | { readonly kind: 'copay_fixed'; readonly copayMinor: number }
  | { readonly kind: 'coinsurance'; readonly patientBasisPoints: number }
  | { readonly kind: 'full_cover' };

export interface CoverageTerms {
  readonly rule: SchemeRule;
  /** Service codes the scheme does not pay for. */
  readonly excludedServices: readonly string[];
  /** What is left of the annual limit before this invoice; null when the scheme has none. */
  readonly annualLimitLeftMinor: number | null;
}

export interface BillLine {
  readonly serviceCode: string;
  /** The line's amount in minor units (never negative: credits are split by their own invoice). */
  readonly amountMinor: number;
}

export type LineReason = 'covered' | 'excluded' | 'no_cover';

export interface SplitLine {
  readonly payerMinor: number;
  readonly patientMinor: number;
  readonly reason: LineReason;
}

export interface CoverageSplit {
  readonly lines: readonly SplitLine[];
  readonly payerMinor: number;
  readonly patientMinor: number;
  /** What the annual limit took back from the payer onto the patient. */
  readonly overLimitMinor: number;
}

const total = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);

/**
 * Moves up to `amount` of the payer's shares onto the patient, spread over the lines in
 * proportion to the payer's shares (so each line's two shares still add up to the line).
 */
function shiftToPatient(payer: number[], patient: number[], amount: number): void {
  if (amount <= 0) return;
  const moved = allocateByWeights(amount, payer);
  moved.forEach((share, index) => {
    payer[index]! -= share;
    patient[index]! += share;
  });
}

/** Splits every line into payer and patient shares; each line's shares add up to the line. */
export function splitByScheme(lines: readonly BillLine[], terms: CoverageTerms | null): CoverageSplit {
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amountMinor) || line.amountMinor < 0) throw new RangeError('a line amount is a non-negative integer of minor units');
  }
  if (terms === null) {
    const patientOnly = lines.map((line) => ({ payerMinor: 0, patientMinor: line.amountMinor, reason: 'no_cover' as const }));
    return { lines: patientOnly, payerMinor: 0, patientMinor: total(lines.map((line) => line.amountMinor)), overLimitMinor: 0 };
  }
  const excluded = new Set(terms.excludedServices);
  const reasons: LineReason[] = lines.map((line) => (excluded.has(line.serviceCode) ? 'excluded' : 'covered'));
  const payer = lines.map((line, index) => (reasons[index] === 'covered' ? line.amountMinor : 0));
  const patient = lines.map((line, index) => line.amountMinor - payer[index]!);
  const { rule } = terms;
  if (rule.kind === 'coinsurance') {
    // The patient's percentage of each line, half a minor unit rounded up (to the patient).
    payer.forEach((covered, index) => {
      const share = percentOf(covered, rule.patientBasisPoints, 'half_up');
      payer[index] = covered - share;
      patient[index]! += share;
    });
  } else if (rule.kind === 'copay_fixed') {
    if (!Number.isSafeInteger(rule.copayMinor) || rule.copayMinor < 0) throw new RangeError('a co-pay is a non-negative integer of minor units');
    const covered = total(payer);
    if (covered > 0) shiftToPatient(payer, patient, Math.min(rule.copayMinor, covered));
  }
  let overLimitMinor = 0;
  if (terms.annualLimitLeftMinor !== null) {
    const left = Math.max(0, terms.annualLimitLeftMinor);
    const payerTotal = total(payer);
    if (payerTotal > left) {
      overLimitMinor = payerTotal - left;
      shiftToPatient(payer, patient, overLimitMinor);
    }
  }
  const split = lines.map((_, index) => ({ payerMinor: payer[index]!, patientMinor: patient[index]!, reason: reasons[index]! }));
  return { lines: split, payerMinor: total(payer), patientMinor: total(patient), overLimitMinor };
}
