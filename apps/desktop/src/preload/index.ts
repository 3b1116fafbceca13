// The preload: the HostBridge allow-list (derived from the host-request declarations), exposed
// to the page. A sandboxed preload may load no modules of ours, so Vite bundles this file with
// what it imports into one CommonJS file, dist/preload/bridge.cjs (vite.preload.config.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../shared/ipc.js';
import { createPreloadBridge } from '../shared/preload-bridge.js';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createPreloadBridge(ipcRenderer));
