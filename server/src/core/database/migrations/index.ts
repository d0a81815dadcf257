/** Postgres migrations, in order. Generated with `npm run migration:generate` (see docs/OPERATIONS.md). */
export const MIGRATIONS: (new () => unknown)[] = [];
