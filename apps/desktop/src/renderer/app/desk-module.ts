import type { FluentIcon } from '@fluentui/react-icons';
import type { MethodName, Result, Role } from '@hms/core';
import type { ComponentType } from 'react';
import type { HostApi } from '../../shared/host-api.js';
import type { PrinterRole } from '../../shared/printing/documents.js';
import type { DeskWrite } from '../../shared/protocol/channels.js';
import type { DeskId } from '../../shared/protocol/define.js';
import type { ConflictView, ScanEvent } from '../../shared/protocol/records.js';
import type { HostError } from '../../shared/result.js';
import type { SettingsDraft } from '../screens/settings/use-settings-draft.js';
import type { HostCapability } from './capabilities.js';
import type { Notice } from '../state/workstation-model.js';
import type { PrintJobs } from '../state/print-jobs.js';

/** A desk's id: one of the host's owners (shared/protocol/define.ts), so both halves of a desk share it. */
export type { DeskId } from '../../shared/protocol/define.js';

/**
 * A screen a desk contributes: its route (`#/<route>[/<args>]`), its navigation entry (unless
 * `within` another screen, whose entry stays selected), who sees it, and what of the host it needs.
 */
export interface DeskScreen {
  route: string;
  label: string;
  icon: FluentIcon;
  /** Who sees it, within the desk's roles; the desk's when left out. The server still checks every call. */
  roles?: readonly Role[];
  component: ComponentType;
  /** Not listed: opened from another screen of the desk, whose entry stays selected. */
  within?: string;
  /** What the host must offer for the screen to work; where one is missing the screen says so instead. */
  needs?: readonly HostCapability[];
}

/** What the workstation gives a desk's model: the host, and the workstation's own services. */
export interface DeskContext {
  api: HostApi;
  prints: PrintJobs;
  notify(notice: Omit<Notice, 'id'>): void;
  navigate(route: string, ...args: string[]): void;
  /** Whether a document for this printer goes out without a dialog (a desktop with that printer set up). */
  printsSilently(role: PrinterRole): boolean;
}

/** A desk's state in the renderer, created once per workstation; screens read it through the desk's own hook. */
export interface DeskModel {
  subscribe(listener: () => void): () => void;
  /** Follow the host's pushes (once, when the workstation starts). */
  start(): void;
  /** After sign-in, for a user who sees the desk. */
  load(): Promise<void>;
  /** After a reconnect or a resync (events were missed): read again what the desk shows. */
  reload(): Promise<void>;
  /** On sign-out: forget everything of the last user. */
  reset(): void;
  /** A scanned code, offered to the desk the person is on (else to the first desk that takes scans). */
  onScan?(scan: ScanEvent): void;
}

/** How a desk's model is found again by its screens: a typed key, so no screen casts. */
export interface DeskModelKey<M extends DeskModel> {
  readonly id: DeskId;
  /** Type only: the model the key stands for. */
  readonly model?: M;
}

export function deskModelKey<M extends DeskModel>(id: DeskId): DeskModelKey<M> {
  return { id };
}

/** What a conflict's fix form is given; it reports the params to send again on every change (and once at first). */
export interface ConflictFixProps<M extends MethodName> {
  conflict: ConflictView<M>;
  /** Why the last "Send again" failed, if it did (else the conflict's own error stands). */
  resendError: HostError | undefined;
  disabled: boolean;
  onParams(params: Record<string, unknown>): void;
}

/** A desk's renderer side of one offline write: how the outbox names it, and how a refused one is fixed. */
export interface OfflineWrite<M extends MethodName> {
  /** What the outbox and the conflicts inbox call it ("Registration"). */
  label: string;
  /** The form that fixes a refused one; without, it is sent again as it was made. */
  Fix?: ComponentType<ConflictFixProps<M>>;
  /** After the server accepted it on resend: true when the desk took the person somewhere (and told them). */
  resent?(result: Result<M>, desk: Pick<DeskContext, 'notify' | 'navigate'>): boolean;
}

/**
 * One entry per write the desk may queue (`deskWrites` in shared/protocol/channels.ts): one missing
 * is a compile error. Over several desks (the registry's list) it is any one desk's map, not one
 * map of every desk's writes.
 */
export type OfflineWrites<D extends DeskId = DeskId> = D extends DeskId ? { readonly [M in DeskWrite<D>]: OfflineWrite<M> } : never;

/** A desk's own tab in Settings: its part of the workstation's settings (`settings.desks.<desk>`). */
export interface DeskSettingsSection {
  label: string;
  Section: ComponentType<{ settings: SettingsDraft }>;
}

/**
 * A desk's renderer part: registered once in app/desks.ts; the workstation model, the navigation,
 * the outbox and the conflicts inbox loop over these and name no desk.
 */
export interface RendererDeskModule<M extends DeskModel = DeskModel, D extends DeskId = DeskId> {
  id: D;
  /** The navigation section its screens are listed under. */
  label: string;
  /** Who sees the desk at all; a screen may narrow it. */
  roles: readonly Role[];
  screens: readonly DeskScreen[];
  model: { key: DeskModelKey<M>; create(context: DeskContext): M };
  offlineWrites: OfflineWrites<D>;
  /** Shown above every screen to whoever sees the desk (wristbands to replace). */
  banner?: ComponentType;
  /** Its tab in Settings, for whoever sees the desk. */
  settings?: DeskSettingsSection;
}

/**
 * Any one registered desk, each with its own id's offline writes: what the registry and the
 * workstation hold. (A desk's writes are its own, so no single RendererDeskModule<M, DeskId>
 * fits two desks: it would ask each for every desk's writes.)
 */
export type AnyRendererDesk = { [D in DeskId]: RendererDeskModule<DeskModel, D> }[DeskId];

/** Declares a desk, checking that its model's key is its own. */
export function defineDesk<M extends DeskModel, const D extends DeskId>(desk: RendererDeskModule<M, D>): RendererDeskModule<M, D> {
  if (desk.model.key.id !== desk.id) throw new Error(`Desk ${desk.id}: its model's key is ${desk.model.key.id}.`);
  return desk;
}
