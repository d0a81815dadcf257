import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { HealthAnswer } from '@jifen/shared';
import { startTestServer } from '../support/test-server';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'server', 'dist', 'main.js');

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      JIFEN_SQLITE_FILE: '/tmp/jifen-startup-test.sqlite',
      PORT: '0',
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('starting up', () => {
  it('stops with one clear line when Redis is unreachable', () => {
    const r = start({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^jifen: cannot start: Redis at redis:\/\/127\.0\.0\.1:1 is unreachable .*REDIS_URL/,
    );
  });

  it('stops with one clear line when the database is unreachable', () => {
    const r = start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^jifen: cannot start: the database at postgres:\/\/postgres@127\.0\.0\.1:1\/none is unreachable .*DATABASE_URL/,
      ),
    ]);
  });

  it('names a bad setting', () => {
    const r = start({ JIFEN_TIMEZONE: 'Mars/Olympus' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('JIFEN_TIMEZONE');
  });

  it('reports Postgres and Redis in /api/health', async () => {
    const s = await startTestServer();
    try {
      const h = await s.api<HealthAnswer>('GET', '/api/health');
      expect(h.status).toBe(200);
      expect(h.body).toMatchObject({
        status: 'ok',
        database: { ok: true, driver: 'postgres' },
        redis: { ok: true },
        queues: { ok: true },
      });
    } finally {
      await s.stop();
    }
  });

  it('runs on the embedded database too', async () => {
    const s = await startTestServer({ sqlite: true });
    try {
      expect((await s.api<HealthAnswer>('GET', '/api/health')).body.database).toEqual({
        ok: true,
        driver: 'sqlite',
      });
    } finally {
      await s.stop();
    }
  });
});
