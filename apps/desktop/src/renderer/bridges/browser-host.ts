import { HOST_DESKS } from '../../host/desks.js';
import { Host } from '../../host/host.js';
import { inPageBridge } from '../../host/in-page-bridge.js';
import type { HostBridge } from '../../shared/ipc.js';
import { browserPlatform } from './browser-platform.js';

function randomId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The browser workstation's host, inside the page: the same Host kernel and desk modules as the
 * desktop, on the browser's platform (online only, printing through the browser's dialog).
 */
export function browserHostBridge(origin: string): HostBridge {
  const host = new Host({
    platform: browserPlatform(origin),
    desks: HOST_DESKS,
    defaults: { serverUrl: origin, workstationId: `browser-${randomId()}` },
    version: '0.1.0',
  });
  void host.start();
  return inPageBridge(host);
}
