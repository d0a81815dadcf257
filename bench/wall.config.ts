import { defineConfig } from '@playwright/test';
import path from 'node:path';
import base from '../test/browser/playwright.config';

// Set before the set-up runs and inherited by the worker: the bench's server is its own.
process.env.JIFEN_BROWSER_ENV_FILE = path.join(__dirname, '..', 'test-results', 'bench-env.json');

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
