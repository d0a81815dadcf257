import Redis from 'ioredis';
import { dropDatabase } from '../support/databases';
import { browserEnv } from './browser-env';

export default async function globalTeardown(): Promise<void> {
  const env = browserEnv();
  try {
    process.kill(env.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((r) => setTimeout(r, 1000));
  await dropDatabase(env.database);
  const r = new Redis('redis://127.0.0.1:6379');
  const keys = await r.keys(`${env.redisPrefix}*`);
  if (keys.length) await r.del(...keys);
  await r.quit();
}
