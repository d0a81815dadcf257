import type { CreatedToken, IngestAnswer, ScoreChangedMessage } from '@jifen/shared';
import Redis from 'ioredis';
import { OutboxRelay } from '../../server/src/core/realtime/outbox.relay';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { LiveClient } from '../support/live-client';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The live relay keeps its cursor in Postgres. Rows committed while no relay runs, and then
 * a Redis that forgot everything (lease, marks), must still all reach the walls once a relay
 * takes over: it resumes after the last row announced, not at the newest one.
 */
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
});
afterAll(() => s.stop());

it('a relay taking over after a Redis flush announces every row committed meanwhile', async () => {
  const ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'feed' }, s.adminToken)
  ).body.token;
  const wall = (
    await s.api<CreatedToken>(
      'POST',
      '/api/tokens',
      { kind: 'display', unitCode: 'B1', label: 'wall' },
      s.adminToken,
    )
  ).body.token;
  const c = new LiveClient(s.url, wall);
  await c.connected();
  await c.waitFor('snapshot');

  // The only relay stops (its node keeps serving sockets); rows are committed with nobody announcing them.
  await s.jifen.app.get(OutboxRelay).onModuleDestroy();
  const now = () => new Date(s.clock.now()).toISOString();
  const badges = ['100001', '100002', '200001'];
  for (const badge of badges) {
    const r = await s.api<IngestAnswer>(
      'POST',
      '/api/events',
      {
        events: [event('case.filed', { occurredAt: now(), officers: [{ badgeNo: badge, role: 'primary' }] })],
      },
      ingest,
    );
    expect(r.body.accepted).toBe(1);
  }
  const redis = new Redis(s.config.redisUrl);
  const keys = await redis.keys(`${s.config.redisPrefix}:relay:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();

  // A second node starts and becomes the relay: it finds the cursor in Postgres.
  await s.startSibling({ JIFEN_ROLE: 'api' });
  for (const badge of badges)
    await c.waitFor(
      'score.changed',
      (m) => (m as unknown as ScoreChangedMessage).changes.some((x) => x.badgeNo === badge),
      15_000,
    );
  c.close();
});
