/**
 * `unit` runs the pure specs next to the code in microseconds; `docker` validates the
 * production files in docker/; `integration` starts the real server against the machine's
 * Postgres and Redis (test/integration). Nx runs each as a project's target.
 */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
const moduleNameMapper = { '^@jifen/shared$': '<rootDir>/shared/src/index.ts' };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/shared/src/**/*.spec.ts', '<rootDir>/server/src/**/*.spec.ts'],
    },
    {
      displayName: 'docker',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/docker/**/*.spec.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testTimeout: 60_000,
    },
  ],
};
