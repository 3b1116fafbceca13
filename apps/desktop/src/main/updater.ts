import electronUpdater from 'electron-updater';

const { autoUpdater } = electronUpdater;
const CHECK_EVERY_MS = 4 * 3600_000;

/**
 * Updates come from the hospital's own LAN server (a generic feed under /updates/desktop/),
 * never from the internet. A failed check is logged and tried again later; it never stops
 * the desk.
 */
export function startUpdater(serverUrl: () => string, log: (message: string) => void): () => void {
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowPrerelease = false;
  const check = () => {
    autoUpdater.setFeedURL({ provider: 'generic', url: new URL('/updates/desktop/', serverUrl()).toString() });
    autoUpdater.checkForUpdates().catch((error: unknown) => log(`update check failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  autoUpdater.on('error', (error) => log(`updater: ${error.message}`));
  autoUpdater.on('update-downloaded', (info) => log(`update ${info.version} downloaded; it installs when the app quits`));
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  return () => clearInterval(timer);
}
