import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/config';
import { dataSourceOptions } from './data-source-options';
import { HAND_MANAGED_ENTITIES } from './entities';

/**
 * For the TypeORM CLI (migration:generate / migration:run); see docs/OPERATIONS.md. The
 * tables partitioned by month are left out of generation: TypeORM cannot express a partitioned
 * table and would try to give them back the single-column keys Postgres refuses on one. Their
 * migrations are written by hand, and an integration test (month-partitions) holds their
 * columns and indexes to the entities.
 */
const options = dataSourceOptions(loadConfig());
export default new DataSource({
  ...options,
  entities: (options.entities as unknown[]).filter((e) => !HAND_MANAGED_ENTITIES.includes(e)),
  migrationsRun: false,
} as typeof options);
