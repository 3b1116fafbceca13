import { createHostApi } from '../../shared/host-api.js';
import type { HostApi } from '../../shared/host-api.js';
import { BRIDGE_GLOBAL, LOOPBACK_PATH, LOOPBACK_TOKEN_PARAM } from '../../shared/ipc.js';
import type { HostBridge } from '../../shared/ipc.js';
import { browserHostBridge } from './browser-host.js';
import { loopbackBridge } from './loopback-bridge.js';

declare global {
  interface Window {
    /** Exposed by Electron's preload (contextBridge); absent in an ordinary browser. */
    [BRIDGE_GLOBAL]?: HostBridge;
  }
}

const TOKEN_STORAGE_KEY = 'hms.loopback.token';

/** The loopback token: from the URL fragment on first load (then removed from the URL), or from this tab's storage after a reload. */
function loopbackToken(): string | undefined {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get(LOOPBACK_TOKEN_PARAM);
  if (fromUrl !== null && fromUrl !== '') {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
}

/**
 * Finds this page's host: Electron's preload bridge, the dev/test host's loopback socket, or
 * (served by the LAN server) the browser-only host. What follows cannot tell them apart.
 */
export function connectHost(): HostApi {
  const electron = window[BRIDGE_GLOBAL];
  if (electron !== undefined) return createHostApi(electron);
  const token = loopbackToken();
  if (token !== undefined) {
    const url = `ws://${window.location.host}${LOOPBACK_PATH}?${LOOPBACK_TOKEN_PARAM}=${encodeURIComponent(token)}`;
    return createHostApi(loopbackBridge(url));
  }
  return createHostApi(browserHostBridge(window.location.origin));
}
