import { defineConfig } from '@playwright/test';
import base from '../test/browser/playwright.config';

/**
 * `npm run bench:wall`: the wall's figures of DESIGN.md "Targets" — time to first data on
 * a cold load, and memory over a long run — on the same server set-up as the browser tests.
 */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'wall.bench.ts',
  outputDir: '../test-results/bench',
  globalSetup: '../test/browser/global-setup.ts',
  globalTeardown: '../test/browser/global-teardown.ts',
  timeout: 0,
  use: { ...base.use, screenshot: 'off', trace: 'off' },
});
