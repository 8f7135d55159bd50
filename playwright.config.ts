import { defineConfig } from '@playwright/test';

/** Debian's Chromium; Playwright's own browser download cannot work on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Each worker runs its spec files one after another on a stack of its own (support/stack.ts):
  // two share the 2 cores of the machines this runs on, 6 minutes where one took 8.5.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    // A trace records every action (DOM snapshots, screenshots): a fifth of the suite's time.
    // Kept on failure where someone can open it; CI runs in a clone that is thrown away, so
    // there it only costs (a failure still prints its error and call log).
    trace: process.env.CI ? 'off' : 'retain-on-failure',
  },
});
