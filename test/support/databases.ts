import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The machine's Postgres (trust auth); each test file gets a database of its own. */
export const PG_ADMIN_URL = process.env.JIFEN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function createDatabase(name: string): Promise<string> {
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
