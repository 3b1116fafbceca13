// The operating-system programs `npm test` needs that no npm package provides, in one list:
// bootstrap.mjs checks them before any test runs, and .ci/run gets them through `npm test`.
// As root with apt-get they are installed; otherwise the run stops with the command to type.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** What the suite runs, the Debian package that brings it, and why. */
export const SYSTEM_PACKAGES = [
  { program: process.env.HMS_CHROMIUM || 'chromium', debian: 'chromium', why: 'the browser suite (Playwright drives Debian\'s Chromium)' },
  { program: 'socat', debian: 'socat', why: 'pseudo-terminal pairs standing in for serial scanners and printers' },
];

/** Exit code when the machine lacks what the tests need and this user cannot install it. */
export const EXIT_MISSING_SYSTEM_PACKAGES = 2;

function runnable(program) {
  const candidates = isAbsolute(program) ? [program] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, program));
  return candidates.some((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function missingSystemPackages() {
  return SYSTEM_PACKAGES.filter((entry) => !runnable(entry.program));
}

const isRoot = () => process.getuid?.() === 0;

function aptGet(args, log) {
  log(`> apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/**
 * Returns when every program is there (installing the missing ones as root with apt-get);
 * otherwise returns the message to print and exit with EXIT_MISSING_SYSTEM_PACKAGES.
 */
export function ensureSystemPackages(log) {
  const missing = missingSystemPackages();
  if (missing.length === 0) return undefined;
  const names = [...new Set(missing.map((entry) => entry.debian))];
  const command = `sudo apt-get install -y ${names.join(' ')}`;
  if (isRoot() && runnable('apt-get')) {
    log(`installing the Debian packages the tests need: ${names.join(', ')} (once)`);
    const install = ['install', '-y', '-qq', '--no-install-recommends', ...names];
    // An install can fail only because the package lists are old or absent: update, then retry.
    const installed = aptGet(install, log) || (aptGet(['update', '-qq'], log) && aptGet(install, log));
    const still = missingSystemPackages();
    if (installed && still.length === 0) return undefined;
    return `apt-get could not install ${names.join(' ')} (see above); install them with "apt-get install -y ${names.join(' ')}" and run npm test again.`;
  }
  return [
    'npm test needs programs from Debian packages that are not installed:',
    ...missing.map((entry) => `  ${entry.program}: ${entry.why}`),
    'Install them with:',
    `  ${command}`,
    'and run npm test again.',
  ].join('\n');
}

// `node build/system-packages.mjs`: the same check on its own (exit 0 when all is there).
if (import.meta.url === `file://${process.argv[1]}`) {
  const problem = ensureSystemPackages((message) => process.stderr.write(`[hms] ${message}\n`));
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    process.exit(EXIT_MISSING_SYSTEM_PACKAGES);
  }
}
