// Composition root of the Electron workstation: a single instance, one secure window, the
// renderer on app://hms, the host (plain Node) behind IPC, and updates from the LAN server.
import { BrowserWindow, app, protocol, session } from 'electron';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeHost } from '../host/node/create-host.js';
import { wireIpc } from './ipc.js';
import { APP_ORIGIN, APP_SCHEME, serveRendererFile } from './renderer-protocol.js';
import { startUpdater } from './updater.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preload = join(here, '..', 'preload', 'bridge.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function log(message: string): void {
  process.stderr.write(`[hms-workstation] ${message}\n`);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'HMS Workstation',
    backgroundColor: '#f5f5f5',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** Nothing but the app's own page: no new windows, no navigation away, no permissions. */
function lockDown(): void {
  app.on('web-contents-created', (_, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  lockDown();
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererDir, request.url));

  const host = createNodeHost({
    dataDir: join(app.getPath('userData'), 'workstation'),
    defaults: {
      serverUrl: process.env.HMS_SERVER_URL ?? 'http://hms-server:7400',
      workstationId: hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'workstation',
    },
    version: app.getVersion(),
  });
  // Opened by `npm start` against a given server: that address wins over the stored one.
  const forced = process.env.HMS_SERVER_URL;
  if (forced !== undefined && forced !== host.settings.get().serverUrl) host.settings.update({ ...host.settings.get(), serverUrl: forced });
  await host.start();

  let window = createWindow();
  const unwire = wireIpc(host, () => window.webContents);
  const stopUpdates = app.isPackaged ? startUpdater(() => host.settings.get().serverUrl, log) : () => undefined;

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    stopUpdates();
    unwire();
    void host.stop().finally(() => app.quit());
  });
}

main().catch((error: unknown) => {
  log(`could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  app.exit(1);
});
