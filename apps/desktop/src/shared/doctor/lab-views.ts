import type { LabCriticalAlert } from '@hms/core';

/**
 * The critical values waiting for this doctor's acknowledgement, oldest first (the queue the
 * alert shows one by one). `live`: read from the server and followed; otherwise the copy kept
 * here when the link dropped (`asOf`), which cannot be acknowledged until the server is back.
 */
export interface CriticalAlertsView {
  alerts: LabCriticalAlert[];
  live: boolean;
  asOf: string | null;
}

/** A critical value acknowledged from this desk: the server's record of it (who told whom, when, read back). */
export interface CriticalAcknowledgement {
  alert: LabCriticalAlert;
}
