import { Initial1795408233110 } from './1795408233110-Initial';

/** Postgres migrations, in order. Generated with `scripts/generate-migration.sh Name` (docs/OPERATIONS.md). */
export const MIGRATIONS: (new () => unknown)[] = [Initial1795408233110];
