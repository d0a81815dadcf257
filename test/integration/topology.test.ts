import type { Alert, CreatedToken, IngestAnswer, LoginAnswer, ScoreChangedMessage } from '@jifen/shared';
import Redis from 'ioredis';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { createDatabase, dropDatabase, uniqueName } from '../support/databases';
import { LiveClient } from '../support/live-client';
import { JifenProcess } from '../support/process';
import { startReverseProxy, type ReverseProxy } from '../support/reverse-proxy';

/**
 * The production topology of docker/compose.yaml without containers: two API processes and
 * one worker on one Postgres database and one Redis prefix, behind a round-robin proxy with
 * no sticky sessions. Walls connect through the proxy with the websocket transport.
 */
const dbName = uniqueName('jifen_topo');
const prefix = uniqueName('jtopo');
const ADMIN_PASSWORD = 'topology-admin-pw';
let api1: JifenProcess;
let api2: JifenProcess;
let worker: JifenProcess;
let url1: string;
let url2: string;
let proxy: ReverseProxy;
let ingest: string;
let wallToken: string;
let supA: string;
let supB: string;
const clients: LiveClient[] = [];

async function call<T>(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function startNode(role: 'api' | 'worker', env: Record<string, string>) {
  const node = new JifenProcess({ ...env, JIFEN_ROLE: role });
  const started = JSON.parse(await node.waitForLine(/"msg":"Jifen is running"/)) as { url: string | null };
  return { node, url: started.url ?? '' };
}

beforeAll(async () => {
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: await createDatabase(dbName),
    JIFEN_REDIS_PREFIX: prefix,
    JIFEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    JIFEN_LOG_FORMAT: 'json',
  };
  // The first node applies the migrations; the others start on the migrated database.
  ({ node: api1, url: url1 } = await startNode('api', env));
  [{ node: api2, url: url2 }, { node: worker }] = await Promise.all([
    startNode('api', env),
    startNode('worker', env),
  ]);
  proxy = await startReverseProxy([url1, url2]);

  const admin = (
    await call<LoginAnswer>(proxy.url, 'POST', '/api/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    })
  ).accessToken;
  await call(proxy.url, 'POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, admin);
  ingest = (
    await call<CreatedToken>(proxy.url, 'POST', '/api/tokens', { kind: 'ingest', label: 'source' }, admin)
  ).token;
  wallToken = (
    await call<CreatedToken>(
      proxy.url,
      'POST',
      '/api/tokens',
      { kind: 'display', unitCode: 'B1', label: 'command centre' },
      admin,
    )
  ).token;
  const supervisor = async (username: string) => {
    const password = `${username}-password`;
    await call(
      proxy.url,
      'POST',
      '/api/users',
      { username, password, role: 'supervisor', unitCode: 'B1' },
      admin,
    );
    return (await call<LoginAnswer>(proxy.url, 'POST', '/api/auth/login', { username, password }))
      .accessToken;
  };
  supA = await supervisor('sup-a');
  supB = await supervisor('sup-b');
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  await proxy?.close();
  await Promise.all([api1, api2, worker].filter(Boolean).map((p) => p.stop()));
  await dropDatabase(dbName);
  const r = new Redis('redis://127.0.0.1:6379');
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  await r.quit();
});

/** Two walls through the proxy; round robin puts one on each API node. */
async function wallsOnBothNodes(): Promise<[LiveClient, LiveClient]> {
  const before = proxy.upgrades.length;
  const walls: [LiveClient, LiveClient] = [
    new LiveClient(proxy.url, wallToken),
    new LiveClient(proxy.url, wallToken),
  ];
  clients.push(...walls);
  for (const w of walls) {
    await w.connected();
    await w.waitFor('snapshot');
  }
  expect(new Set(proxy.upgrades.slice(before))).toEqual(new Set([url1, url2]));
  return walls;
}

const now = () => new Date().toISOString();
const alertOn = (ref: string) => (m: Record<string, unknown>) => (m.alert as Alert).subject.ref === ref;

describe('two API nodes and a worker behind a proxy', () => {
  it('runs BullMQ workers in the worker process only', () => {
    const started = (p: JifenProcess) => p.stdout.some((l) => /"context":"jobs".*workers running/.test(l));
    expect([started(api1), started(api2), started(worker)]).toEqual([false, false, true]);
  });

  it('walls on both nodes get the scores and problems of events posted to one node', async () => {
    const walls = await wallsOnBothNodes();
    const complaint = { kind: 'complaint' as const, ref: `TOPO-C-${Date.now()}` };
    const answer = await call<IngestAnswer>(
      url2,
      'POST',
      '/api/events',
      {
        events: [
          event('case.filed', {
            occurredAt: now(),
            officers: [{ badgeNo: '200001', role: 'primary' }],
            unitCode: 'S2',
          }),
          event('complaint.substantiated', {
            occurredAt: now(),
            subject: complaint,
            officers: [{ badgeNo: '100001', role: 'primary' }],
          }),
        ],
      },
      ingest,
    );
    expect(answer.accepted).toBe(2);
    for (const wall of walls) {
      const scored = (await wall.waitFor('score.changed', (m) =>
        (m as unknown as ScoreChangedMessage).changes.some((c) => c.badgeNo === '200001'),
      )) as unknown as ScoreChangedMessage;
      expect(scored.changes.find((c) => c.badgeNo === '200001')).toMatchObject({ delta: 10, unitCode: 'S2' });
      const raised = await wall.waitFor('alert.raised', alertOn(complaint.ref));
      expect(raised.alert).toMatchObject({ status: 'open', badgeNos: ['100001'] });
    }
  });

  it('an acknowledgement made on either node is seen by walls on both', async () => {
    const walls = await wallsOnBothNodes();
    const refs = [`TOPO-A-${Date.now()}`, `TOPO-B-${Date.now()}`];
    await call(
      url1,
      'POST',
      '/api/events',
      {
        events: refs.map((ref) =>
          event('complaint.substantiated', {
            occurredAt: now(),
            subject: { kind: 'complaint', ref },
            officers: [{ badgeNo: '100002', role: 'primary' }],
          }),
        ),
      },
      ingest,
    );
    const ids = await Promise.all(
      refs.map(async (ref) => ((await walls[0].waitFor('alert.raised', alertOn(ref))).alert as Alert).id),
    );
    // one acknowledged on each node, by a different supervisor
    await call(url1, 'POST', `/api/alerts/${ids[0]}/ack`, {}, supA);
    await call(url2, 'POST', `/api/alerts/${ids[1]}/ack`, {}, supB);
    for (const wall of walls) {
      for (const [i, who] of [
        [0, 'sup-a'],
        [1, 'sup-b'],
      ] as const) {
        const updated = await wall.waitFor('alert.updated', (m) => (m.alert as Alert).id === ids[i]);
        expect(updated.alert).toMatchObject({ status: 'acknowledged', ackBy: who });
      }
    }
  });
});
