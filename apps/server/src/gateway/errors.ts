import { HmsError, isHmsError } from '@hms/core';
import type { WireError } from '@hms/core';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.js';
import { PG, isPgError } from '../db/pg-errors.js';

/**
 * The one place where failures become wire errors. Typed errors pass through; database
 * conflicts the services did not map become CONFLICT; anything else is INTERNAL with a
 * reference the logs can be searched by, and no internals on the wire.
 */
export function toWireError(error: unknown, log: Logger, method: string): WireError {
  if (isHmsError(error)) return error.toWire();
  if (isPgError(error)) {
    if (error.code === PG.uniqueViolation || error.code === PG.exclusionViolation) {
      return new HmsError('CONFLICT', 'This change conflicts with an existing record.').toWire();
    }
    if (error.code === PG.serializationFailure || error.code === PG.deadlockDetected) {
      return new HmsError('CONFLICT', 'Another change to the same record happened at the same moment. Try again.', { retry: true }).toWire();
    }
  }
  if (isUnavailable(error)) {
    return new HmsError('UNAVAILABLE', 'The database is not reachable right now. Try again shortly.').toWire();
  }
  const ref = randomUUID();
  log.error({ err: error, method, ref }, 'request failed');
  return new HmsError('INTERNAL', 'Something went wrong on the server. Quote this reference to IT.', { ref }).toWire();
}

function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01' || code === '57P03' || name === 'KnexTimeoutError';
}
