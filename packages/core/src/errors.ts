import { z } from 'zod';

/**
 * The closed set of error codes on the wire. Clients branch on `code`, never on `message`.
 * BAD_REQUEST is for frames that are not a request at all (malformed JSON, no method).
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export const ErrorCodeSchema = z.enum(ERROR_CODES);

export const WireErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type WireError = z.infer<typeof WireErrorSchema>;

/** Per-field messages of a VALIDATION error, keyed by dotted path (`address.city`). */
export type FieldErrors = Record<string, string>;

/** The one typed error of HMS, thrown by rules and services and sent as is on the wire. */
export class HmsError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'HmsError';
    this.code = code;
    this.details = details;
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromWire(error: WireError): HmsError {
    return new HmsError(error.code, error.message, error.details);
  }

  static validation(fields: FieldErrors, message = 'Some fields are not valid.'): HmsError {
    return new HmsError('VALIDATION', message, { fields });
  }

  static notFound(what: string, details?: Record<string, unknown>): HmsError {
    return new HmsError('NOT_FOUND', `${what} was not found.`, details);
  }

  static conflict(message: string, details?: Record<string, unknown>): HmsError {
    return new HmsError('CONFLICT', message, details);
  }
}

export function isHmsError(error: unknown): error is HmsError {
  return error instanceof HmsError;
}

/** Turns zod issues into the per-field map of a VALIDATION error. The first issue per field wins. */
export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  return fields;
}

export function validationErrorFrom(error: z.ZodError): HmsError {
  return HmsError.validation(fieldErrorsFromIssues(error.issues));
}
