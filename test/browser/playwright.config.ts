import { defineConfig } from '@playwright/test';

/** Debian's Chromium, launched as the machine requires; nothing downloads a browser. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // Ten minutes on a server of its own: endurance.config.ts, a target of its own.
  testIgnore: 'wall-endurance.spec.ts',
  timeout: 60_000,
  workers: 1,
  outputDir: '../../test-results/browser',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  reporter: [['list']],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
});
