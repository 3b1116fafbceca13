import type { ClientEvent } from '@hms/core';
import type { labResultRequests, labResultWrites } from '../../shared/lab/result-requests.js';
import type { HostHandlers } from '../../shared/protocol/channels.js';
import type { OfflineWrite } from '../writes/offline-writes.js';
import type { LabPartContext } from './lab-part.js';

export type ResultChannel = keyof typeof labResultRequests;
export type ResultWrite = (typeof labResultWrites)[number];

export interface ResultPart {
  handlers: Pick<HostHandlers, ResultChannel>;
  writes: { readonly [M in ResultWrite]: OfflineWrite<M> };
  onServerEvent?(event: ClientEvent): void;
  whenOnline?(): Promise<void>;
  offline?(): void;
  onSignOut?(): void;
}

/** The lab desk's result side in the host (result entry, validation, release, critical alerts): its requests are declared in shared/lab/result-requests.ts. */
export function resultPart(part: LabPartContext): ResultPart {
  void part;
  return { handlers: {}, writes: {} };
}
