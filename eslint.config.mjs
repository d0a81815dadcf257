import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      '**/migrations/*-*.ts',
      '.nx/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['**/*.ts', '**/*.vue', '**/*.mjs', '**/*.js'],
    plugins: { '@nx': nx },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // Tests start the server from its source (startJifen, its providers, its config) and
    // benchmarks run its build: they may reach into every project; the boundaries above hold
    // for the product code. The web's unit tests share test/factories with the browser and
    // integration tests, so all three check the same publications' figures.
    files: ['test/**/*.ts', 'bench/**/*.{ts,mjs,js}', 'web/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The pure core: no framework may leak into scoring, supervision or shared domain code.
    files: ['server/src/modules/*/domain/**/*.ts', 'shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'typeorm/*', 'socket.io', 'ioredis', 'bullmq'] },
      ],
    },
  },
  {
    // core is infrastructure: it must not reach into the product modules.
    files: ['server/src/core/**/*.ts'],
    ignores: ['server/src/core/database/entities.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/modules/**'] }] },
  },
  prettier,
);
