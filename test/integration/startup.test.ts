import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { HealthAnswer, IngestAnswer } from '@jifen/shared';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { LiveClient } from '../support/live-client';
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

  it('runs on the embedded database too, live walls included', async () => {
    const s = await startTestServer({ sqlite: true, now: '2026-11-23T10:00:00+08:00' });
    const wall = new LiveClient(s.url, s.adminToken);
    try {
      expect((await s.api<HealthAnswer>('GET', '/api/health')).body.database).toEqual({
        ok: true,
        driver: 'sqlite',
      });
      await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
      await wall.waitFor('snapshot');
      const posted = await s.api<IngestAnswer>(
        'POST',
        '/api/events',
        { events: [event('case.filed', { occurredAt: '2026-11-23T09:00:00+08:00' })] },
        s.adminToken,
      );
      expect(posted.body.accepted).toBe(1);
      // The outbox is numbered and relayed on SQLite as on Postgres.
      const changed = await wall.waitFor('score.changed');
      expect(changed.seq).toBeGreaterThan(0);
    } finally {
      wall.close();
      await s.stop();
    }
  });
});
