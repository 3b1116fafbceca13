/** The SQLSTATEs the services turn into typed errors. */
export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  exclusionViolation: '23P01',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  raiseException: 'P0001',
} as const;

export interface PgError {
  code: string;
  constraint?: string;
  table?: string;
  detail?: string;
}

export function isPgError(error: unknown): error is PgError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    && /^[0-9A-Z]{5}$/.test((error as { code: string }).code);
}

export function isPgCode(error: unknown, code: string, constraint?: string): boolean {
  return isPgError(error) && error.code === code && (constraint === undefined || error.constraint === constraint);
}
