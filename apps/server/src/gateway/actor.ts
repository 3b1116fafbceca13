import type { Role } from '@hms/core';

/** The signed-in user behind a request, re-read from the database on every call. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: readonly Role[];
  sessionId: string;
  mustChangePassword: boolean;
}

/** Where a request came from: recorded in every audit row. */
export interface Origin {
  connectionId: string;
  address: string;
  workstationId: string | null;
}
