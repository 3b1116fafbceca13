#!/usr/bin/env node
// `npm start` runs this beside the server: when an Electron binary is installed, it opens the
// desktop workstation against the local server, detached, and returns at once. Without one it
// says so in a line and returns; the browser workstation URL is in the server's banner.
//
//   node apps/desktop/scripts/open-if-electron.mjs [server-url]     (default http://127.0.0.1:$HMS_PORT)
//
// It finds the binary as require('electron') would (node_modules/electron/path.txt, or
// ELECTRON_OVERRIDE_DIST_PATH) but never triggers that module's download fallback: this
// machine may have no internet, and a start must not wait on one.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const note = (message) => process.stderr.write(`[hms] desktop app: ${message}\n`);

function electronBinary() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(join(app, 'package.json')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override !== undefined && override !== '') return join(override, relative ?? 'electron');
  if (relative === undefined || relative === '') return undefined;
  return join(packageDir, 'dist', relative);
}

const binary = electronBinary();
if (binary === undefined || !existsSync(binary)) {
  note('no Electron binary is installed here; use the browser workstation (its address is printed below).');
  process.exit(0);
}
if (!existsSync(join(app, 'dist', 'main', 'index.js')) || !existsSync(join(app, 'dist', 'renderer', 'index.html'))) {
  note('not built yet (tsc -b tsconfig.json, then pnpm --filter @hms/desktop run build:renderer).');
  process.exit(0);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  note('no display to open a window on.');
  process.exit(0);
}
const serverUrl = process.argv[2] ?? `http://127.0.0.1:${process.env.HMS_PORT ?? '7400'}`;
// Chromium refuses to run as root with its OS sandbox; the window's own sandbox stays on.
const args = typeof process.getuid === 'function' && process.getuid() === 0 ? [app, '--no-sandbox'] : [app];
const child = spawn(binary, args, { detached: true, stdio: 'ignore', env: { ...process.env, HMS_SERVER_URL: serverUrl } });
child.on('error', (error) => note(`could not start Electron: ${error.message}`));
child.unref();
note(`opening against ${serverUrl}`);
