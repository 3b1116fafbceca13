import type { ClientEvent, Role } from '@hms/core';
import type { ServerConnection } from '../shared/connection/server-connection.js';
import type { HostEvents, OwnedEvent, OwnedHandlers } from '../shared/protocol/channels.js';
import type { DeskId } from '../shared/protocol/define.js';
import type { WorkstationSettings } from '../shared/settings.js';
import type { KeyValueStore, LocalCache } from './cache/local-cache.js';
import type { PatientIndex } from './cache/patient-index.js';
import type { CacheMigration } from './cache/migrations.js';
import type { PrintService } from './platform.js';
import type { Announcements } from './workstation/announcements.js';
import type { ChartTopics } from './workstation/chart-topics.js';
import type { OfflineMrns } from './workstation/offline-mrns.js';
import type { OfflineReadLog } from './workstation/offline-reads.js';
import type { PatientCopy } from './workstation/patient-copy.js';
import type { QueueTopics } from './workstation/queue-topics.js';
import type { ReferenceDataService } from './workstation/reference-data.js';
import type { OfflineWrites } from './writes/offline-writes.js';
import type { Outbox } from './writes/outbox.js';
import type { WritePath } from './writes/write-path.js';

export type { DeskId } from '../shared/protocol/define.js';

/**
 * The workstation's services, as a desk's host part gets them. What this runtime lacks is
 * undefined (no cache in the browser: no patient copy, no offline MRNs), and the desk does without.
 */
export interface DeskContext<D extends DeskId> {
  readonly connection: ServerConnection;
  /** The local database (capability `cache`), for the desk's own tables. */
  readonly cache: LocalCache | undefined;
  /** A key/value area: the cache's, or one in memory where there is no cache. */
  readonly values: KeyValueStore;
  /** This workstation's copy of patients, searchable offline (the index is absent without a cache). */
  readonly patients: PatientIndex | undefined;
  /** Keeps that copy fresh; `onChange` tells the desk which patients changed on the server. */
  readonly patientCopy: PatientCopy;
  readonly reference: ReferenceDataService;
  /** The offline identifier blocks (MRNs), where writes can wait in an outbox. */
  readonly offlineMrns: OfflineMrns | undefined;
  readonly announcements: Announcements;
  /** Which desks follow each department's queue on the one socket (shared/queue/queue-boards.ts takes it). */
  readonly queueTopics: QueueTopics;
  /** Which desks follow each patient's chart on the one socket: watched by the first, unwatched when the last lets go. */
  readonly chartTopics: ChartTopics;
  /** Chart reads answered from the kept copy while offline, logged here and put on record when the reader is online again. */
  readonly offlineReads: OfflineReadLog;
  readonly printer: PrintService;
  /** The queued writes (where there is a cache), for a desk that must re-target what it queued (writes go through `writes`). */
  readonly outbox: Outbox | undefined;
  /** The one way a desk writes: checked, then sent or queued. */
  readonly writes: WritePath;
  settings(): WorkstationSettings;
  now(): Date;
  schedule(callback: () => void, ms: number): () => void;
  randomUUID(): string;
  /** Connected and signed in. */
  online(): boolean;
  roles(): readonly Role[];
  username(): string | null;
  /** Throws unless a user is signed in and the screen unlocked. */
  requireSession(): void;
  /** Pushes one of this desk's own host events to the renderer. */
  publish<E extends OwnedEvent<D>>(event: E, data: HostEvents[E]): void;
}

/** A desk's host part, made from its context. Only `handlers` is required. */
export interface DeskHost<D extends DeskId> {
  /** Exactly the host requests declared for this desk: one missing is a compile error. */
  readonly handlers: OwnedHandlers<D>;
  /** What the desk does once each of its writes was applied, refused, discarded or sent again. */
  readonly writes: OfflineWrites<D>;
  /** Server events, as the contract's union: switch over them exhaustively. */
  onServerEvent?(event: ClientEvent): void;
  /** Connected and signed in (after the outbox drained). */
  whenOnline?(): Promise<void>;
  /** The link dropped. */
  offline?(): void;
  /** Events were missed beyond what the server keeps: reload what the desk shows. */
  onResync?(): void;
  onSignOut?(): void;
}

/** A desk's registration on the host: its cache tables and their migrations, and how to make its host part. */
export interface HostDeskModule<D extends DeskId> {
  readonly id: D;
  /** The cache tables this desk owns (no other desk reads them). */
  readonly cacheTables: readonly string[];
  /** Their migrations, numbered in the one sequence of the cache (cache/migrations.ts). */
  readonly cacheMigrations: readonly CacheMigration[];
  create(context: DeskContext<D>): DeskHost<D>;
}

/** One module per desk: a desk declared in shared/protocol without a host module is a compile error. */
export type HostDeskModules = { readonly [D in DeskId]: HostDeskModule<D> };

/** Any one desk's host part, as the host loops over them (each still typed to its own requests). */
export type AnyDeskHost = { [D in DeskId]: DeskHost<D> }[DeskId];
