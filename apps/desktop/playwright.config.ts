import { defineConfig } from '@playwright/test';

// The browser suite: the real renderer (built by Vite) in Debian's Chromium, against the dev/test
// host process and the real server process on a fresh database. See e2e/support/stack.ts.
export default defineConfig({
  testDir: './e2e',
  outputDir: './e2e/artifacts/test-results',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A skipped test fails the run (build/playwright-no-skips.mjs).
  reporter: [['list'], ['../../build/playwright-no-skips.mjs']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1366, height: 800 },
    launchOptions: {
      executablePath: process.env.HMS_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    // A step that cannot find its target fails in seconds, not at the test's timeout.
    actionTimeout: 15_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
