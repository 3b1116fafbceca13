import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One run for the whole workspace. Workspace packages resolve to their TypeScript sources
// (the "@hms/source" export condition), so tests never depend on a stale build.
const root = fileURLToPath(new URL('..', import.meta.url));
const resolve = { conditions: ['@hms/source'] };
// Tests run in Vite's SSR environment, which has its own resolve conditions.
const ssr = { resolve: { conditions: ['@hms/source'], externalConditions: ['@hms/source'] } };
const exclude = ['**/node_modules/**', '**/dist/**', '**/e2e/**'];

export default defineConfig({
  root,
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          root,
          include: ['{apps,packages}/*/src/**/*.test.ts', 'build/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          root,
          include: ['{apps,packages}/*/src/**/*.int.test.ts'],
          exclude,
          globalSetup: ['apps/server/src/test-support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
