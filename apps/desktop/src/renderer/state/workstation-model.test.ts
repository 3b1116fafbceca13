import type { Role, SessionUser } from '@hms/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../shared/host-api.js';
import type { HostEventName, HostEvents } from '../../shared/protocol/channels.js';
import type { HostInfo, HostStatus, SessionStatus } from '../../shared/protocol/status.js';
import { ok } from '../../shared/result.js';
import { defaultSettings } from '../../shared/settings.js';
import type { DeskModel, RendererDeskModule } from '../app/desk-module.js';
import { deskModelKey } from '../app/desk-module.js';
import { DeskRegistry } from '../app/desk-registry.js';
import { WorkstationModel } from './workstation-model.js';

/** A desk model that records what the workstation asked of it. */
class RecordingDesk implements DeskModel {
  readonly calls: string[] = [];
  subscribe = () => () => undefined;
  start(): void { this.calls.push('start'); }
  async load(): Promise<void> { this.calls.push('load'); }
  async reload(): Promise<void> { this.calls.push('reload'); }
  reset(): void { this.calls.push('reset'); }
  onScan(scan: { code: string }): void { this.calls.push(`scan ${scan.code}`); }
}

const Component = () => null;
const icon = Component as unknown as RendererDeskModule['screens'][number]['icon'];
const KEY = deskModelKey<RecordingDesk>('reception');
const desk: RendererDeskModule<RecordingDesk, 'reception'> = {
  id: 'reception',
  label: 'Front desk',
  roles: ['receptionist'],
  screens: [{ route: 'find', label: 'Find', icon, component: Component }],
  model: { key: KEY, create: () => new RecordingDesk() },
  offlineWrites: { 'patients.register': { label: 'Registration' }, 'patients.update': { label: 'Correction' }, 'visits.checkIn': { label: 'Check-in' } },
};
const registry = new DeskRegistry([desk], [{ route: 'settings', label: 'Settings', icon, component: Component, keepsScans: true, home: true }]);

const userWith = (roles: Role[]) => ({ id: '00000000-0000-4000-8000-000000000001', username: 'u', displayName: 'U', roles }) as unknown as SessionUser;
const info: HostInfo = { kind: 'desktop', version: '1', cache: true, outbox: true, serial: true, silentPrinting: true };
const status = (session: SessionStatus, connection: HostStatus['connection']['state'] = 'connected'): HostStatus => ({
  session,
  connection: { state: connection, serverUrl: 'http://hms:7400', since: '2026-12-02T08:00:00.000Z' },
  outbox: { pending: 0, conflicts: 0, draining: false },
});

/** A host that answers the workstation's start-up requests and lets the test push events. */
function fakeHost(initial: HostStatus) {
  const listeners = new Map<string, ((data: unknown) => void)[]>();
  const answers: Record<string, unknown> = {
    'host.info': info,
    'status.get': initial,
    'settings.get': defaultSettings('http://hms:7400', 'desk-1'),
    'announcements.recent': [],
    'reference.get': { hospital: null, departments: [], doctors: [], source: 'server', fetchedAt: null },
    'session.signOut': { state: 'signedOut' },
  };
  const api = {
    request: async (channel: string) => ok(answers[channel]),
    on: (event: string, listener: (data: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => undefined;
    },
  } as unknown as HostApi;
  const push = <E extends HostEventName>(event: E, data: HostEvents[E]) => {
    for (const listener of listeners.get(event) ?? []) listener(data);
  };
  return { api, push };
}

async function started(initial: HostStatus) {
  const host = fakeHost(initial);
  const model = new WorkstationModel(host.api, registry);
  await model.start();
  return { model, push: host.push, desk: model.desk(KEY) };
}

describe('the workstation model runs each desk for the people who see it', () => {
  beforeEach(() => {
    vi.stubGlobal('window', { location: { hash: '#/find' }, addEventListener: () => undefined, setTimeout, clearTimeout });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads a desk for a user who sees it, once, and reloads it when the link comes back', async () => {
    const { push, desk: recorded } = await started(status({ state: 'signedIn', user: userWith(['receptionist']), expiresAt: '2026-12-02T18:00:00.000Z' }));
    expect(recorded.calls).toEqual(['start', 'load']);
    push('status', status({ state: 'signedIn', user: userWith(['receptionist']), expiresAt: '2026-12-02T18:00:00.000Z' }, 'offline'));
    push('status', status({ state: 'signedIn', user: userWith(['receptionist']), expiresAt: '2026-12-02T18:00:00.000Z' }, 'connected'));
    push('server.resync', { reason: 'eventsPruned' });
    expect(recorded.calls).toEqual(['start', 'load', 'reload', 'reload']);
  });

  it('never loads a desk for a role that does not see it, nor gives it scans', async () => {
    const { model, push, desk: recorded } = await started(status({ state: 'signedIn', user: userWith(['cashier']), expiresAt: '2026-12-02T18:00:00.000Z' }));
    model.recordScan({ source: 'keyboard', code: 'PAT-1', at: '2026-12-02T09:00:00.000Z' });
    push('server.resync', { reason: 'eventsPruned' });
    expect(recorded.calls).toEqual(['start']);
  });

  it('gives scans to the desk, except on a screen that keeps them, and resets the desk at sign-out', async () => {
    const { model, desk: recorded } = await started(status({ state: 'signedIn', user: userWith(['receptionist']), expiresAt: '2026-12-02T18:00:00.000Z' }));
    model.recordScan({ source: 'keyboard', code: 'PAT-1', at: '2026-12-02T09:00:00.000Z' });
    model.navigate('settings');
    model.recordScan({ source: 'keyboard', code: 'PAT-2', at: '2026-12-02T09:00:01.000Z' });
    await model.signOut();
    expect(recorded.calls).toEqual(['start', 'load', 'scan PAT-1', 'reset']);
  });
});
