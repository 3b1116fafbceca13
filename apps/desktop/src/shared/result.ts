import { ERROR_CODES } from '@hms/core';
import type { ErrorCode } from '@hms/core';

/**
 * Errors the host itself raises (devices, printers, capabilities), beside the server's wire
 * codes. Callers branch on `code`, never on `message`.
 */
export const HOST_ERROR_CODES = [
  /** Nothing answered at the printer's address (refused, unreachable, no such port or queue). */
  'PRINTER_UNREACHABLE',
  /** The printer took the connection but did not take or acknowledge the job in time. */
  'PRINTER_TIMEOUT',
  /** The printer answered its status query with a fault: out of paper, cover open, paused. */
  'PRINTER_NOT_READY',
  /** No printer is chosen for this job in this workstation's settings. */
  'PRINTER_NOT_CONFIGURED',
  /** A serial port or other device could not be opened or used. */
  'DEVICE_UNAVAILABLE',
  /** This host cannot do that (the browser workstation has no cache, outbox or serial ports). */
  'NOT_SUPPORTED',
  /** The workstation is locked: unlock it first. */
  'LOCKED',
  /** The renderer lost its link to the host process. */
  'HOST_UNAVAILABLE',
  /** Registering offline needs an MRN reserved in advance, and this workstation has none left. */
  'NO_OFFLINE_MRN',
] as const;

export type HostOnlyErrorCode = (typeof HOST_ERROR_CODES)[number];
export type HostErrorCode = ErrorCode | HostOnlyErrorCode;

export interface HostError {
  code: HostErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** What crosses every process border: a value, or a typed error. Never a thrown exception. */
export type HostResult<T> = { ok: true; value: T } | { ok: false; error: HostError };

export function ok<T>(value: T): HostResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: HostErrorCode, message: string, details?: Record<string, unknown>): HostResult<T> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

const ALL_CODES: ReadonlySet<string> = new Set<string>([...ERROR_CODES, ...HOST_ERROR_CODES]);

export function isHostErrorCode(value: unknown): value is HostErrorCode {
  return typeof value === 'string' && ALL_CODES.has(value);
}

/** Failures worth a "Try again" button: the same request may well succeed a moment later. */
export function isRetryable(code: HostErrorCode): boolean {
  switch (code) {
    case 'UNAVAILABLE':
    case 'RATE_LIMITED':
    case 'PRINTER_UNREACHABLE':
    case 'PRINTER_TIMEOUT':
    case 'PRINTER_NOT_READY':
    case 'DEVICE_UNAVAILABLE':
    case 'HOST_UNAVAILABLE':
    case 'NO_OFFLINE_MRN':
      return true;
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'VALIDATION':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'BAD_REQUEST':
    case 'INTERNAL':
    case 'PRINTER_NOT_CONFIGURED':
    case 'NOT_SUPPORTED':
    case 'LOCKED':
      return false;
  }
}

/** Anything thrown, as a HostError: typed errors keep their code, the rest become INTERNAL. */
export function toHostError(error: unknown): HostError {
  if (typeof error === 'object' && error !== null) {
    const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
    if (isHostErrorCode(code)) {
      const result: HostError = { code, message: typeof message === 'string' ? message : code };
      if (typeof details === 'object' && details !== null) result.details = details as Record<string, unknown>;
      return result;
    }
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** A typed error the host throws internally; transports turn it into a HostResult failure. */
export class HostFailure extends Error {
  readonly code: HostErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: HostErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'HostFailure';
    this.code = code;
    this.details = details;
  }
}
