import { CHART_READER_ROLES, CLINICAL_WRITER_ROLES, HmsError, mayCall } from '@hms/core';
import type { Role } from '@hms/core';

/**
 * Who may use the doctor desk's host requests, checked here as well as on the server: the
 * charts and consultations kept on this workstation are clinical data, and a receptionist
 * signed in on it (online or not) reads none of them.
 */
export function requireChartReader(roles: readonly Role[]): void {
  if (!mayCall(CHART_READER_ROLES, roles)) throw new HmsError('FORBIDDEN', 'Your account may not read clinical records.', { reason: 'not_clinical' });
}

/** The consultation's writes are the doctor's (encounters, notes, diagnoses, orders, prescriptions). */
export function requireDoctor(roles: readonly Role[]): void {
  if (!mayCall(CLINICAL_WRITER_ROLES, roles)) throw new HmsError('FORBIDDEN', 'Only a doctor may write a consultation.', { reason: 'not_doctor' });
}

export function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/** The server's answer when it can be reached, else `fallback` (this workstation's copy): a refusal is no reason to fall back. */
export async function serverFirst<T>(online: boolean, ask: () => Promise<T>, fallback: () => T): Promise<T> {
  if (online) {
    try {
      return await ask();
    } catch (error) {
      if (!isUnavailable(error)) throw error;
    }
  }
  return fallback();
}
