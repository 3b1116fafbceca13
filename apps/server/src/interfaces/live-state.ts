import type { LinkState, LiveState } from '@hms/core';
import type { InterfaceMeter } from './interface-metrics.js';

/**
 * What each interface's runner is doing, in this server process (the one process that runs
 * them). Keyed by interface id; an interface without a runner reads as disabled.
 */
const states = new Map<string, LiveState>();

const DISABLED: LiveState = { state: 'disabled', since: null, connections: 0, lastMessageAt: null, lastError: null, retryAt: null };

export function liveState(interfaceId: string): LiveState {
  return states.get(interfaceId) ?? DISABLED;
}

export class LiveStateWriter {
  readonly interfaceId: string;
  private readonly meter: InterfaceMeter | undefined;

  constructor(interfaceId: string, meter?: InterfaceMeter) {
    this.interfaceId = interfaceId;
    this.meter = meter;
  }

  private patch(change: Partial<LiveState>): void {
    states.set(this.interfaceId, { ...liveState(this.interfaceId), ...change });
  }

  state(state: LinkState, now: Date, retryAt?: Date): void {
    const current = liveState(this.interfaceId);
    this.patch({ state, since: current.state === state ? current.since : now.toISOString(), retryAt: retryAt?.toISOString() ?? null });
  }

  connections(delta: number): void {
    this.patch({ connections: Math.max(0, liveState(this.interfaceId).connections + delta) });
  }

  message(now: Date): void {
    this.patch({ lastMessageAt: now.toISOString() });
  }

  /** Errors are said without patient data: codes and transport messages only. */
  error(message: string): void {
    this.meter?.error();
    this.patch({ lastError: message.slice(0, 300) });
  }

  clear(): void {
    states.delete(this.interfaceId);
  }
}
