import type { DuplicateLikelihood, DuplicateReason, Sex } from '../contract/patients.js';

/**
 * How alike two patient records are, from what the database found cheaply (trigram name
 * similarity) and exact comparisons. Weights: a national ID settles it; a name alone is never
 * "likely" (common names repeat), it needs a date of birth, phone or ID to agree.
 */
export interface DuplicateEvidence {
  /** pg_trgm similarity of the folded full names, 0..1. */
  nameSimilarity: number;
  a: DuplicateSide;
  b: DuplicateSide;
}

export interface DuplicateSide {
  sex: Sex | null;
  birthDate: string | null;
  birthDateEstimated: boolean;
  phone: string | null;
  nationalId: string | null;
}

export interface DuplicateScore {
  score: number;
  likelihood: DuplicateLikelihood | 'unlikely';
  reasons: DuplicateReason[];
}

export const LIKELY_THRESHOLD = 0.75;
export const POSSIBLE_THRESHOLD = 0.5;

function yearsApart(a: string, b: string): number {
  const days = Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
  return days / 365.25;
}

export function scoreDuplicate(evidence: DuplicateEvidence): DuplicateScore {
  const { a, b } = evidence;
  const reasons: DuplicateReason[] = [];
  const similarity = Math.max(0, Math.min(1, evidence.nameSimilarity));
  let score = 0.6 * similarity;
  if (similarity >= 0.999) reasons.push('name');
  else if (similarity >= 0.5) reasons.push('similar_name');

  if (a.birthDate !== null && b.birthDate !== null) {
    const apart = yearsApart(a.birthDate, b.birthDate);
    const estimated = a.birthDateEstimated || b.birthDateEstimated;
    if (a.birthDate === b.birthDate) {
      score += 0.3;
      reasons.push('birth_date');
    } else if (a.birthDate.slice(0, 4) === b.birthDate.slice(0, 4) || (estimated && apart <= 2)) {
      score += estimated ? 0.2 : 0.1;
      reasons.push('birth_year');
    } else if (apart > (estimated ? 5 : 2)) {
      score -= 0.3;
    }
  }
  if (a.phone !== null && a.phone === b.phone) {
    score += 0.25;
    reasons.push('phone');
  }
  if (a.sex !== null && b.sex !== null && (a.sex === 'F' || a.sex === 'M') && (b.sex === 'F' || b.sex === 'M')) {
    if (a.sex === b.sex) reasons.push('sex');
    else score -= 0.2;
  }
  if (a.nationalId !== null && b.nationalId !== null) {
    if (a.nationalId === b.nationalId) {
      score = Math.max(score, 0.95);
      reasons.unshift('national_id');
    } else {
      // Two different national IDs: two people, whatever else agrees.
      score -= 0.5;
    }
  }
  score = Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000;
  const likelihood = score >= LIKELY_THRESHOLD ? 'likely' : score >= POSSIBLE_THRESHOLD ? 'possible' : 'unlikely';
  return { score, likelihood, reasons };
}
