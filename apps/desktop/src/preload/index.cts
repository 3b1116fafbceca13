// The preload: a short allow-list of host requests and events, exposed to the page as the
// HostBridge. A sandboxed preload loads no modules of ours, so the channel lists are spelled
// out here; `satisfies` makes the compiler check them against the shared protocol.
import type { IpcRendererEvent } from 'electron';
import type { HostBridge } from '../shared/ipc.js';
import type { HostChannel, HostEventName } from '../shared/protocol/channels.js';

// Sandboxed preloads are CommonJS: `require` keeps this file so under verbatimModuleSyntax.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

const REQUESTS = {
  'host.info': true,
  'status.get': true,
  'server.call': true,
  'server.submit': true,
  'session.signIn': true,
  'session.signOut': true,
  'session.lock': true,
  'session.unlock': true,
  'settings.get': true,
  'settings.update': true,
  'devices.discover': true,
  'printers.testPage': true,
  'printers.print': true,
  'cache.searchPatients': true,
  'outbox.list': true,
  'outbox.retry': true,
  'outbox.resolveConflict': true,
  'announcements.recent': true,
  'outbox.resend': true,
  'reception.overview': true,
  'reception.search': true,
  'reception.patient': true,
  'reception.register': true,
  'reception.checkIn': true,
  'reception.checkIns': true,
  'reception.watchQueue': true,
  'reception.unwatchQueue': true,
  'reception.mrnCorrections': true,
  'reception.acknowledgeMrnCorrection': true,
} as const satisfies Record<HostChannel, true>;

const EVENTS = {
  status: true,
  'server.event': true,
  'server.resync': true,
  'scanner.scan': true,
  'outbox.applied': true,
  'reception.queue': true,
  'reception.changed': true,
} as const satisfies Record<HostEventName, true>;

const bridge: HostBridge = {
  invoke(channel, request) {
    if (!Object.hasOwn(REQUESTS, channel)) {
      return Promise.resolve({ ok: false, error: { code: 'BAD_REQUEST', message: `There is no host request "${String(channel)}".` } });
    }
    return ipcRenderer.invoke(`hms:${channel}`, request);
  },
  subscribe(event, listener) {
    if (!Object.hasOwn(EVENTS, event)) return () => undefined;
    const channel = `hms:event:${event}`;
    const handler = (_event: IpcRendererEvent, data: unknown) => listener(data as Parameters<typeof listener>[0]);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
};

contextBridge.exposeInMainWorld('hmsHost', bridge);
