import type { SessionUser } from '@hms/core';

export const CONNECTION_STATES = ['connecting', 'connected', 'offline'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface ConnectionStatus {
  state: ConnectionState;
  /** The server as people typed it (http://hms-server:7400). */
  serverUrl: string;
  /** When the state last changed (ISO). */
  since: string;
  /** Why the last attempt failed, in words, when offline. */
  lastError?: string;
  /** When the next attempt is due (ISO), when offline. */
  nextAttemptAt?: string;
}

export const SESSION_END_REASONS = ['signedOut', 'expired', 'revoked', 'disabled', 'idle', 'unknown', 'lockedOut'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export type SessionStatus =
  | { state: 'signedOut'; reason?: SessionEndReason; message?: string }
  | { state: 'signedIn' | 'locked'; user: SessionUser; expiresAt: string };

export interface OutboxStatus {
  pending: number;
  conflicts: number;
  /** A replay is running right now. */
  draining: boolean;
}

/** Everything the status bar shows, pushed on every change. */
export interface HostStatus {
  connection: ConnectionStatus;
  session: SessionStatus;
  outbox: OutboxStatus;
}

export type HostKind = 'desktop' | 'browser';

/** What a host may be able to do; each is a boolean of HostInfo. */
export const HOST_CAPABILITIES = ['cache', 'outbox', 'serial', 'silentPrinting'] as const;
export type HostCapability = (typeof HOST_CAPABILITIES)[number];

/** What this host can do; the renderer hides what it cannot. */
export interface HostInfo extends Record<HostCapability, boolean> {
  kind: HostKind;
  version: string;
  /** Offline cache and patient search from it. */
  cache: boolean;
  /** Durable outbox of writes made offline. */
  outbox: boolean;
  /** Serial ports (scanners, printers). */
  serial: boolean;
  /** Printing to a chosen printer without a dialog. */
  silentPrinting: boolean;
}
