import { defineConfig } from '@playwright/test';
import path from 'node:path';
import base from './playwright.config';

// Set before the set-up runs and inherited by the worker: the endurance run's server is its own.
process.env.JIFEN_BROWSER_ENV_FILE = path.join(__dirname, '..', '..', 'test-results', 'endurance-env.json');

/**
 * The wall's ten-minute endurance run, apart from the other browser tests: it takes most of
 * the suite's time, and on a server of its own it runs beside them instead of after them.
 */
export default defineConfig({
  ...base,
  testIgnore: [],
  testMatch: 'wall-endurance.spec.ts',
  outputDir: '../../test-results/endurance',
});
