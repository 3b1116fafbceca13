import { mayCall, methods } from '@hms/core';
import type { Role } from '@hms/core';

/**
 * What a person may do at the reception desk, read from the contract's access lists, so a
 * desk offers exactly what the server allows (the server still checks every call).
 */
export interface ReceptionPermissions {
  register: boolean;
  checkIn: boolean;
  /** Correct demographics (patients.update). */
  correct: boolean;
  /** Read a record's audited history. */
  history: boolean;
}

export function receptionPermissions(roles: readonly Role[]): ReceptionPermissions {
  return {
    register: mayCall(methods['patients.register'].access, roles),
    checkIn: mayCall(methods['visits.checkIn'].access, roles),
    correct: mayCall(methods['patients.update'].access, roles),
    history: mayCall(methods['patients.history'].access, roles),
  };
}

/** Who works the reception desk: whoever may register patients or check them in. */
export const RECEPTION_DESK_ROLES: readonly Role[] = [...new Set<Role>([...methods['patients.register'].access, ...methods['visits.checkIn'].access])];
