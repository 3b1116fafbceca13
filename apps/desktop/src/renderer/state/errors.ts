import type { HostError } from '../../shared/result.js';
import { isRetryable } from '../../shared/result.js';

export interface ErrorView {
  title: string;
  message: string;
  retryable: boolean;
}

function reasonOf(error: HostError): unknown {
  return error.details?.reason;
}

function unauthenticatedTitle(reason: unknown): string {
  switch (reason) {
    case 'disabled':
      return 'Account disabled';
    case 'wrong_password':
      return 'Could not unlock';
    case 'lockedOut':
      return 'Signed out';
    case 'expired':
    case 'idle':
    case 'revoked':
      return 'Session ended';
    default:
      return 'Sign-in failed';
  }
}

/** What a person reads for a typed error: a short title by code (and reason), the server's own words below. */
export function describeError(error: HostError): ErrorView {
  const retryable = isRetryable(error.code);
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return { title: unauthenticatedTitle(reasonOf(error)), message: error.message, retryable };
    case 'RATE_LIMITED':
      return { title: reasonOf(error) === 'account_locked' ? 'Account locked' : 'Too many attempts', message: error.message, retryable };
    case 'FORBIDDEN':
      return { title: reasonOf(error) === 'password_change_required' ? 'Password change needed' : 'Not allowed', message: error.message, retryable };
    case 'VALIDATION':
      return { title: 'Please check the form', message: error.message, retryable };
    case 'NOT_FOUND':
      return { title: 'Not found', message: error.message, retryable };
    case 'CONFLICT':
      return { title: 'Conflict', message: error.message, retryable };
    case 'BAD_REQUEST':
    case 'INTERNAL':
      return { title: 'Something went wrong', message: error.message, retryable };
    case 'UNAVAILABLE':
      return { title: 'Server not reachable', message: error.message, retryable };
    case 'PRINTER_UNREACHABLE':
      return { title: 'Printer not reachable', message: error.message, retryable };
    case 'PRINTER_TIMEOUT':
      return { title: 'Printer not answering', message: error.message, retryable };
    case 'PRINTER_NOT_READY':
      return { title: 'Printer not ready', message: error.message, retryable };
    case 'PRINTER_NOT_CONFIGURED':
      return { title: 'No printer chosen', message: error.message, retryable };
    case 'DEVICE_UNAVAILABLE':
      return { title: 'Device not available', message: error.message, retryable };
    case 'NOT_SUPPORTED':
      return { title: 'Not available here', message: error.message, retryable };
    case 'LOCKED':
      return { title: 'Workstation locked', message: error.message, retryable };
    case 'HOST_UNAVAILABLE':
      return { title: 'Workstation service not answering', message: error.message, retryable };
    case 'NO_OFFLINE_MRN':
      return { title: 'No MRNs left for offline registration', message: error.message, retryable };
  }
}

/** Per-field messages of a VALIDATION error. */
export function fieldErrors(error: HostError | undefined): Record<string, string> {
  const fields = error?.code === 'VALIDATION' ? error.details?.fields : undefined;
  if (typeof fields !== 'object' || fields === null) return {};
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Per-field reasons the server gave, whatever the code (a CONFLICT names `mrn` this way too). */
export function refusedFields(error: { details?: Record<string, unknown> } | undefined): Record<string, string> {
  const fields = error?.details?.fields;
  if (typeof fields !== 'object' || fields === null) return {};
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
