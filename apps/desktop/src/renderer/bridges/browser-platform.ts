import type { OpenSocket, Runtime } from '../../shared/connection/runtime.js';
import { printerRoleOf } from '../../shared/printing/documents.js';
import type { KeyValueStore } from '../../host/cache/local-cache.js';
import type { HostPlatform } from '../../host/platform.js';
import { printInBrowser } from './browser-print.js';

const browserRuntime: Runtime = {
  now: () => Date.now(),
  schedule(callback, ms) {
    const timer = window.setTimeout(callback, ms);
    return () => window.clearTimeout(timer);
  },
  random: () => {
    const value = new Uint32Array(1);
    crypto.getRandomValues(value);
    return value[0]! / 2 ** 32;
  },
};

const openBrowserSocket: OpenSocket = (url, events) => {
  const socket = new WebSocket(url);
  socket.onopen = () => events.open();
  socket.onmessage = (message: MessageEvent) => {
    if (typeof message.data === 'string') events.message(message.data);
  };
  socket.onerror = () => events.error('The server cannot be reached.');
  socket.onclose = (event) => events.close(event.code, event.reason);
  return {
    send(text) {
      if (socket.readyState !== WebSocket.OPEN) throw new Error('not connected');
      socket.send(text);
    },
    close(code, reason) {
      socket.close(code ?? 1000, reason);
    },
  };
};

/** This browser's local storage as a key/value area (`hms.<key>`); unreadable values count as absent. */
function localStorageValues(): KeyValueStore {
  const storageKey = (key: string) => `hms.${key}`;
  return {
    getValue(key, schema) {
      try {
        const parsed = schema.safeParse(JSON.parse(localStorage.getItem(storageKey(key)) ?? 'null'));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    setValue(key, value) {
      localStorage.setItem(storageKey(key), JSON.stringify(value));
    },
    deleteValue(key) {
      localStorage.removeItem(storageKey(key));
    },
  };
}

/**
 * The browser workstation's platform: the page's WebSocket to the server that served it, settings
 * in local storage, printing through the browser's dialog. No cache (so no outbox and no
 * offline MRNs), no serial devices, and the lock screen signs in again (a browser has no safe
 * place for an offline verifier).
 */
export function browserPlatform(origin: string): HostPlatform {
  return {
    kind: 'browser',
    runtime: browserRuntime,
    openSocket: openBrowserSocket,
    randomUUID: () => crypto.randomUUID(),
    settingsValues: localStorageValues(),
    // The browser workstation always talks to the server that served it.
    pinSettings: (settings) => ({ ...settings, serverUrl: origin }),
    printing: {
      silent: false,
      create: ({ settings, hospital }) => ({
        async print(document) {
          await printInBrowser(document, hospital()?.name ?? settings().hospitalName);
          return { role: printerRoleOf(document), printer: 'This browser\'s print dialog', bytes: 0 };
        },
      }),
    },
  };
}
