#!/usr/bin/env node
// Checks the electron-builder configuration offline: packs `--linux dir` against a stand-in
// Electron distribution (a folder with a placeholder binary; nothing is downloaded, and any
// attempt to would fail fast on the dead proxy below), then checks what went into app.asar.
//
//   node apps/desktop/scripts/check-packaging.mjs        (after tsc -b and build:renderer)
//
// With a real Electron release unpacked in ELECTRON_DIST, that folder is used instead and the
// result is a runnable app in the output folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(app, 'package.json'));
const version = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'hms-pack-'));
let electronDist = process.env.ELECTRON_DIST;
if (electronDist === undefined) {
  electronDist = join(work, 'electron-stand-in');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "Electron stand-in: packaging check only"\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'version'), `v${version}\n`);
  writeFileSync(join(electronDist, 'LICENSE'), '');
}
const output = join(work, 'out');
const dead = 'http://127.0.0.1:9';
const result = spawnSync(
  join(app, 'node_modules', '.bin', 'electron-builder'),
  ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
  { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, CI: 'true', HTTPS_PROXY: dead, HTTP_PROXY: dead, ELECTRON_MIRROR: `${dead}/`, ELECTRON_BUILDER_BINARIES_MIRROR: `${dead}/` } },
);
const fail = (message) => {
  process.stderr.write(`${result.stdout}\n${result.stderr}\npackaging check failed: ${message}\n`);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
};
if (result.status !== 0) fail(`electron-builder exited with ${result.status}`);
const resources = join(output, 'linux-unpacked', 'resources');
const asar = require(require.resolve('@electron/asar', { paths: [dirname(require.resolve('electron-builder/package.json'))] }));
const files = new Set(asar.listPackage(join(resources, 'app.asar')));
for (const needed of ['/dist/main/index.js', '/dist/preload/bridge.cjs', '/dist/host/host.js', '/dist/host/node/create-host.js', '/dist/renderer/index.html', '/node_modules/better-sqlite3/package.json', '/node_modules/@hms/core/dist/index.js']) {
  if (!files.has(needed)) fail(`${needed} is missing from app.asar`);
}
for (const unwanted of ['/node_modules/react', '/node_modules/@fluentui', '/node_modules/vite', '/dist/host/node/dev-host.js', '/node_modules/electron']) {
  if ([...files].some((file) => file === unwanted || file.startsWith(`${unwanted}/`))) fail(`${unwanted} should not be in app.asar`);
}
const tests = [...files].filter((file) => file.startsWith('/dist/') && file.endsWith('.test.js'));
if (tests.length > 0) fail(`tests were packed: ${tests.slice(0, 5).join(', ')}`);
const feed = readFileSync(join(resources, 'app-update.yml'), 'utf8');
if (!feed.includes('provider: generic') || feed.includes('github')) fail('the update feed is not the generic LAN provider');
if (!existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3'))) fail('native modules must be unpacked from the asar');
process.stdout.write(`packaging check passed: ${files.size} entries in app.asar, update feed:\n${feed}`);
rmSync(work, { recursive: true, force: true });
