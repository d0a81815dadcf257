import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations/index';

/**
 * Postgres runs migrations (never `synchronize`); the embedded SQLite file may synchronise,
 * as it is a single-node demo and development database.
 */
export function dataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  if (config.database.driver === 'postgres') {
    return {
      type: 'postgres',
      url: config.database.url,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: true,
      synchronize: false,
      extra: { max: 20 },
    };
  }
  mkdirSync(path.dirname(config.database.file), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: config.database.file,
    entities: ENTITIES,
    synchronize: true,
    // WAL lets the wall's reads go on while a batch commits.
    prepareDatabase: (db: { pragma: (s: string) => void }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
    },
  };
}
