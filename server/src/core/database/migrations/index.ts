import { Initial1795408933051 } from './1795408933051-Initial';
import { WallConfigs1795444169831 } from './1795444169831-WallConfigs';

/** Postgres migrations, in order. Generated with `scripts/generate-migration.sh Name` (docs/OPERATIONS.md). */
export const MIGRATIONS: (new () => unknown)[] = [Initial1795408933051, WallConfigs1795444169831];
