import { existsSync, mkdirSync, accessSync, constants } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { AppConfig } from '../config/config';

/** A dependency that is missing at start: one line saying which, and how to fix it. */
export class PreflightError extends Error {}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');

export async function checkRedis(config: AppConfig): Promise<void> {
  const r = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new PreflightError(
      `Redis at ${redact(config.redisUrl)} is unreachable (${(e as Error).message}): start Redis (redis-server) or set REDIS_URL to a running one.`,
    );
  } finally {
    r.disconnect();
  }
}

export async function checkDatabase(config: AppConfig): Promise<void> {
  const db = config.database;
  if (db.driver === 'sqlite') {
    const dir = path.dirname(db.file);
    try {
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
    } catch (e) {
      throw new PreflightError(
        `the embedded database folder ${dir} is not writable (${(e as Error).message}): set JIFEN_SQLITE_FILE to a writable path.`,
      );
    }
    return;
  }
  const client = new Client({ connectionString: db.url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new PreflightError(
      `the database at ${redact(db.url)} is unreachable (${(e as Error).message}): start PostgreSQL or fix DATABASE_URL (unset it to use the embedded database).`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
