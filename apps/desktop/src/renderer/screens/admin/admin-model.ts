import type { ParamsIn, Result } from '@hms/core';
import type { HostApi } from '../../../shared/host-api.js';
import type { HostError, HostResult } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';

export type InterfaceRow = Result<'interfaces.list'>['items'][number];

export interface AdminState {
  /** Every interface with the server's live view of it; undefined until read. */
  interfaces: InterfaceRow[] | undefined;
  interfacesError: HostError | undefined;
  /** When the list was last read (the live state is as of then). */
  interfacesAt: string | undefined;
}

const EMPTY: AdminState = { interfaces: undefined, interfacesError: undefined, interfacesAt: undefined };

/** How often an open Interfaces screen reads the live state again (the server keeps it in memory and pushes no event for it). */
export const LIVE_STATE_POLL_MS = 2_000;

/**
 * The admin desk's state in the renderer. Its sections (Interfaces now; users, settings, audit
 * and the IT-operations screens to come) keep what they show here and call the server straight
 * through the host: configuration is done online, never queued.
 */
export class AdminModel implements DeskModel {
  private readonly api: HostApi;
  private state: AdminState = EMPTY;
  private readonly listeners = new Set<() => void>();

  constructor(deps: DeskContext) {
    this.api = deps.api;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AdminState => this.state;

  start(): void {
    // Nothing pushed for this desk yet.
  }

  load(): Promise<void> {
    return Promise.resolve();
  }

  async reload(): Promise<void> {
    if (this.state.interfaces !== undefined) await this.loadInterfaces();
  }

  reset(): void {
    this.set(EMPTY);
  }

  async loadInterfaces(): Promise<void> {
    const result = await this.api.call('interfaces.list', {});
    this.set(result.ok ? { interfaces: result.value.items, interfacesError: undefined, interfacesAt: new Date().toISOString() } : { interfacesError: result.error });
  }

  async create(params: ParamsIn<'interfaces.create'>): Promise<HostResult<Result<'interfaces.create'>>> {
    return this.afterWrite(await this.api.call('interfaces.create', params));
  }

  async update(params: ParamsIn<'interfaces.update'>): Promise<HostResult<Result<'interfaces.update'>>> {
    return this.afterWrite(await this.api.call('interfaces.update', params));
  }

  async setEnabled(interfaceId: string, enabled: boolean): Promise<HostResult<Result<'interfaces.enable'>>> {
    return this.afterWrite(await this.api.call(enabled ? 'interfaces.enable' : 'interfaces.disable', { interfaceId }));
  }

  mappings(interfaceId: string): Promise<HostResult<Result<'interfaces.mappings'>>> {
    return this.api.call('interfaces.mappings', { interfaceId });
  }

  unmappedCodes(interfaceId: string): Promise<HostResult<Result<'interfaces.unmappedCodes'>>> {
    return this.api.call('interfaces.unmappedCodes', { interfaceId });
  }

  setMapping(params: ParamsIn<'interfaces.setMapping'>): Promise<HostResult<Result<'interfaces.setMapping'>>> {
    return this.api.call('interfaces.setMapping', params);
  }

  messages(params: ParamsIn<'interfaces.messages'>): Promise<HostResult<Result<'interfaces.messages'>>> {
    return this.api.call('interfaces.messages', params);
  }

  message(messageId: string): Promise<HostResult<Result<'interfaces.message'>>> {
    return this.api.call('interfaces.message', { messageId });
  }

  replay(messageId: string): Promise<HostResult<Result<'interfaces.replay'>>> {
    return this.api.call('interfaces.replay', { messageId });
  }

  private async afterWrite<T>(result: HostResult<T>): Promise<HostResult<T>> {
    if (result.ok) await this.loadInterfaces();
    return result;
  }

  private set(change: Partial<AdminState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}

export const ADMIN_MODEL = deskModelKey<AdminModel>('admin');
