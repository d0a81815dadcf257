import { rmSync } from 'node:fs';
import type { CreatedToken } from '@jifen/shared';
import Redis from 'ioredis';
import { Metrics } from '../../server/src/core/metrics/metrics';
import { LiveClient } from '../support/live-client';
import { uniqueName } from '../support/databases';
import { JifenProcess } from '../support/process';
import { startTestServer } from '../support/test-server';

/** A process of its own on a throw-away embedded database and Redis prefix. */
function embedded(env: Record<string, string>) {
  const name = uniqueName('jifen_ops');
  const proc = new JifenProcess({
    PORT: '0',
    HOST: '127.0.0.1',
    JIFEN_SQLITE_FILE: `/tmp/${name}.sqlite`,
    JIFEN_REDIS_PREFIX: name,
    ...env,
  });
  return {
    proc,
    async stop() {
      expect(await proc.stop()).toEqual({ code: null, signal: 'SIGTERM' });
      rmSync(`/tmp/${name}.sqlite`, { force: true });
      const r = new Redis('redis://127.0.0.1:6379');
      const keys = await r.keys(`${name}*`);
      if (keys.length) await r.del(...keys);
      await r.quit();
    },
  };
}

describe('logs fit for operations', () => {
  it('in production every stdout line is JSON, each request logged with the id it was given or got', async () => {
    const run = embedded({
      NODE_ENV: 'production',
      JIFEN_DEMO: '0',
      JIFEN_ADMIN_PASSWORD: 'operations-admin-pw',
      JIFEN_LOG_LEVEL: 'debug',
    });
    try {
      const started = JSON.parse(await run.proc.waitForLine(/"msg":"Jifen is running"/)) as { url: string };
      const given = await fetch(`${started.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'edge-42' },
        body: JSON.stringify({ username: 'admin', password: 'operations-admin-pw' }),
      });
      expect(given.status).toBe(200);
      expect(given.headers.get('x-request-id')).toBe('edge-42');
      const made = await fetch(`${started.url}/api/units?token=not-for-logs`);
      expect(made.status).toBe(401);
      const madeId = made.headers.get('x-request-id');
      expect(madeId).toMatch(/^[0-9a-f-]{36}$/);

      await run.proc.waitForLine(new RegExp(`"requestId":"${madeId}"`));
      const entries = run.proc.stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(entries.find((e) => e.requestId === 'edge-42')).toMatchObject({
        level: 'info',
        msg: 'POST /api/auth/login 200',
        res: { statusCode: 200 },
        ms: expect.any(Number),
      });
      expect(entries.find((e) => e.requestId === madeId)).toMatchObject({
        level: 'warn',
        msg: 'GET /api/units?token=*** 401',
      });
      expect(run.proc.stdout.join('\n')).not.toContain('not-for-logs');
      // Nest's route mapping is still there for whoever asks for debug, as debug.
      expect(entries.find((e) => e.context === 'RouterExplorer')).toMatchObject({ level: 'debug' });
    } finally {
      await run.stop();
    }
  });

  it('npm start prints the URLs and credentials after a few lines, without Nest route mapping', async () => {
    const run = embedded({});
    try {
      await run.proc.waitForLine(/Event simulator:/);
      const out = run.proc.stdout.join('\n');
      expect(out).toMatch(/Wall: +http:\/\/127\.0\.0\.1:\d+\/wall\?token=jfd_/);
      expect(out).toMatch(/Console: +http:\/\/127\.0\.0\.1:\d+\/console/);
      expect(out).toMatch(/Admin: +admin \/ \S+/);
      expect(out).toMatch(/Demo supervisor: supervisor \/ \S+/);
      expect(out).not.toMatch(/Mapped \{|RouterExplorer|InstanceLoader|Nest application/);
      const banner = run.proc.stdout.findIndex((l) => l.startsWith('Jifen is running'));
      expect(banner).toBeGreaterThan(0);
      expect(banner).toBeLessThanOrEqual(10);
    } finally {
      await run.stop();
    }
  });
});

describe('/metrics', () => {
  it('exposes HTTP timings by route, queues, outbox lag, live sockets and the ingest hook', async () => {
    const s = await startTestServer();
    const wall = new LiveClient(
      s.url,
      (
        await s.api<CreatedToken>(
          'POST',
          '/api/tokens',
          { kind: 'display', label: 'metrics wall' },
          s.adminToken,
        )
      ).body.token,
    );
    try {
      await wall.connected();
      await s.api('GET', '/api/alerts/123', undefined, s.adminToken);
      s.jifen.app.get(Metrics).recordIngestBatch({ accepted: 498, duplicates: 1, rejected: [{}] }, 0.2);

      const res = await fetch(`${s.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await res.text();
      const has = (re: RegExp) => expect(body).toMatch(re);
      has(
        /^jifen_http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/login",status="200"\} 1$/m,
      );
      // a path with an id is labelled by its pattern, never the id
      has(
        /^jifen_http_request_duration_seconds_count\{method="GET",route="\/api\/alerts\/:id",status="\d{3}"\} 1$/m,
      );
      expect(body).not.toContain('/api/alerts/123');
      has(/^jifen_ingest_events_total\{outcome="accepted"\} 498$/m);
      has(/^jifen_ingest_events_total\{outcome="rejected"\} 1$/m);
      has(/^jifen_ingest_batch_duration_seconds_count 1$/m);
      has(/^jifen_outbox_lag_rows\{consumer="live-relay"\} 0$/m);
      for (const queue of ['deadlines', 'maintenance', 'publication', 'notifications'])
        has(new RegExp(`^jifen_queue_jobs\\{queue="${queue}",state="failed"\\} 0$`, 'm'));
      has(/^jifen_live_sockets 1$/m);
      has(/^jifen_process_cpu_seconds_total /m);
    } finally {
      wall.close();
      await s.stop();
    }
  });
});
