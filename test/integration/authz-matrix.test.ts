import type {
  Alert,
  AlertCounts,
  AlertPage,
  Appeal,
  CreatedToken,
  CreateTokenBody,
  IngestAnswer,
  WallSettings,
} from '@jifen/shared';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import {
  CALLERS,
  LIVE,
  REST,
  authorizationDoc,
  type Caller,
  type Fixture,
  type FixtureKind,
} from '../support/authz-table';
import { LiveClient } from '../support/live-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { createUser } from '../support/users';

const SESSION_MINUTES = 60;
let s: TestServer;
let admin: string;
const tokens = {} as Record<Caller, string | undefined>;
let displayTokenId: string;

const call = async (method: string, url: string, body: unknown, token: string | undefined) => {
  const res = await fetch(s.url + url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // metrics and files are not JSON
  }
  return { status: res.status, body: parsed as Record<string, unknown> };
};

beforeAll(async () => {
  s = await startTestServer({
    now: '2026-11-23T10:15:00+08:00',
    env: {
      JIFEN_SESSION_TTL_MINUTES: String(SESSION_MINUTES),
      // Refreshing sessions in the matrix must not cut off the tokens the rest of it uses.
      JIFEN_TOKEN_ROTATION_OVERLAP_SECONDS: '86400',
      JIFEN_LIVE_TOKEN_RECHECK_SECONDS: '0.5',
    },
  });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  const people: [Caller, Record<string, unknown>][] = [
    ['supervisor.in', { role: 'supervisor', unitCode: 'S1' }],
    ['supervisor.out', { role: 'supervisor', unitCode: 'S2' }],
    ['officer.own', { role: 'officer', badgeNo: '100001' }],
    ['officer.other', { role: 'officer', badgeNo: '100002' }],
  ];
  for (const [caller, body] of people) await createUser(s, caller.replace('.', '-'), body);
  const display = await createToken(s, { kind: 'display', unitCode: 'S1', label: 'S1 wall' });
  displayTokenId = display.id;
  tokens.display = display.token;
  tokens['ingest.scoped'] = (
    await createToken(s, { kind: 'ingest', unitCode: 'S1', label: 'S1 source' })
  ).token;
  tokens['ingest.unscoped'] = (await createToken(s, { kind: 'ingest', label: 'bureau source' })).token;
  const revoked = await createToken(s, { kind: 'display', unitCode: 'S1', label: 'old wall' });
  await s.api('DELETE', `/api/tokens/${revoked.id}`, undefined, s.adminToken);
  tokens.revoked = revoked.token;
  // The session the test started with runs out; everyone else logs in afterwards.
  tokens.expired = s.adminToken;
  s.clock.set(s.clock.now() + (SESSION_MINUTES + 1) * 60_000);
  admin = await s.login('admin', 'integration-admin-pw');
  tokens.admin = admin;
  for (const [caller] of people) tokens[caller] = await s.login(caller.replace('.', '-'), 'a-long-password');
  tokens.none = undefined;
}, 60_000);
afterAll(() => s.stop());

// ---- fixtures -------------------------------------------------------------------------

/** A token made by the administrator as logged in after the clock moved (the first session expired). */
async function createToken(_s: TestServer, body: CreateTokenBody): Promise<CreatedToken> {
  const r = await s.api<CreatedToken>('POST', '/api/tokens', body, admin ?? s.adminToken);
  if (r.status !== 201) throw new Error(`token ${body.label}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

let serial = 0;
async function problem(): Promise<Fixture> {
  const ref = `MATRIX-P-${++serial}`;
  const answer = await s.api<IngestAnswer>(
    'POST',
    '/api/events',
    {
      events: [
        event('case.overturned', {
          subject: { kind: 'case', ref },
          occurredAt: new Date(s.clock.now() - 3_600_000).toISOString(),
          unitCode: 'S1',
          officers: [{ badgeNo: '100001', role: 'primary' }],
        }),
      ],
    },
    tokens['ingest.unscoped'],
  );
  expect(answer.body.accepted).toBe(1);
  const page = await s.api<AlertPage>('GET', '/api/alerts?limit=500', undefined, admin);
  const found = page.body.items.find((a) => a.subject.ref === ref);
  if (!found) throw new Error(`no problem raised for ${ref}`);
  return { id: found.id, version: found.version };
}

async function step(id: string, what: string, body: Record<string, unknown>): Promise<Alert> {
  const r = await s.api<Alert>('POST', `/api/alerts/${id}/${what}`, body, admin);
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const MAKERS: Record<FixtureKind, () => Promise<Fixture>> = {
  problem,
  'problem.rectifying': async () => {
    const p = await problem();
    const a = await step(p.id, 'assign', { badgeNo: '100001', version: p.version });
    return { id: a.id, version: a.version };
  },
  'problem.rectified': async () => {
    const p = await problem();
    await step(p.id, 'assign', { badgeNo: '100001', version: p.version });
    const a = await step(p.id, 'rectified', { note: 'done' });
    return { id: a.id, version: a.version };
  },
  appeal: async () => {
    const p = await problem();
    const r = await s.api<Appeal>(
      'POST',
      `/api/alerts/${p.id}/appeal`,
      { reason: 'handled by someone else' },
      tokens['officer.own'],
    );
    if (r.status !== 201) throw new Error(`appeal: ${r.status} ${JSON.stringify(r.body)}`);
    return { id: r.body.id };
  },
  token: async () => ({
    id: (await createToken(s, { kind: 'display', unitCode: 'S1', label: `wall ${++serial}` })).id,
  }),
  wall: async () => {
    const w = await s.api<WallSettings>('GET', `/api/walls/${displayTokenId}`, undefined, admin);
    return { id: displayTokenId, body: { config: w.body.config, version: w.body.version } };
  },
  webhook: async () => {
    const r = await s.api<{ id: string }>(
      'POST',
      '/api/webhooks',
      { label: `hook ${++serial}`, url: 'http://127.0.0.1:9/hook', triggers: ['problem.raised'] },
      admin,
    );
    return { id: r.body.id };
  },
  user: async () => ({ id: 'unused' }),
};
const shared = new Map<FixtureKind, Fixture>();
async function fixture(kind: FixtureKind, fresh: boolean): Promise<Fixture> {
  if (fresh) return MAKERS[kind]();
  if (!shared.has(kind)) shared.set(kind, await MAKERS[kind]());
  return shared.get(kind)!;
}

/** Everything a refused write could have left behind. */
async function written(f: Fixture | undefined): Promise<Record<string, string | null>> {
  const db = s.jifen.app.get(DataSource);
  const one = async (sql: string, params: unknown[] = []) =>
    String(((await db.query(sql, params)) as Record<string, unknown>[])[0]?.v ?? null);
  return {
    audit: await one('SELECT max(id) AS v FROM audit_log'),
    events: await one('SELECT count(*) AS v FROM events'),
    ledger: await one('SELECT count(*) AS v FROM ledger_entries'),
    tokens: await one('SELECT count(*) AS v FROM access_tokens WHERE "revokedAt" IS NULL'),
    users: await one('SELECT count(*) AS v FROM users'),
    problem: f ? await one('SELECT version AS v FROM problems WHERE id = $1', [f.id]) : null,
  };
}

// ---- the route map --------------------------------------------------------------------

/** Every route the Nest application declares, as `METHOD /path`. */
function declaredRoutes(): string[] {
  const express = (s.jifen.app as NestExpressApplication).getHttpAdapter().getInstance();
  const stack = (
    express.router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }
  ).stack;
  const out = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const [m, on] of Object.entries(layer.route.methods))
      if (on && m !== '_all') out.add(`${m.toUpperCase()} ${layer.route.path}`);
  }
  // The API documentation (Swagger) is mounted beside Nest's router, not declared by a controller.
  return [...out].filter((r) => !/ \/api\/docs/.test(r)).sort();
}

describe('the authorization table', () => {
  it('has exactly one row for every REST endpoint the server declares', () => {
    const table = REST.map((r) => `${r.method} ${r.route}`).sort();
    expect(table).toEqual(declaredRoutes());
  });

  it('is what docs/AUTHORIZATION.md shows', () => {
    const root = path.resolve(__dirname, '../..');
    const file = path.join(root, 'docs/AUTHORIZATION.md');
    // Formatted as the docs' lint wants them (Prettier runs outside Jest's module system).
    const doc = execFileSync(path.join(root, 'node_modules/.bin/prettier'), ['--stdin-filepath', file], {
      input: authorizationDoc(),
      encoding: 'utf8',
    });
    if (process.env.WRITE_AUTHZ_DOC === '1') writeFileSync(file, doc);
    expect(readFileSync(file, 'utf8')).toBe(doc);
  });
});

describe('every REST endpoint with every caller', () => {
  it.each(REST.map((r) => [`${r.method} ${r.route}`, r] as const))('%s', async (_name, row) => {
    const wrong: string[] = [];
    for (const caller of CALLERS) {
      const expected = row.expect[caller];
      const succeeds = expected < 300;
      const f = row.fixture ? await fixture(row.fixture, row.method !== 'GET' && succeeds) : undefined;
      const url = row.path ?? row.route.replace(/:\w+/, f?.id ?? '');
      const refusedWrite = row.method !== 'GET' && !succeeds;
      const before = refusedWrite ? await written(f) : null;
      const r = await call(row.method, url, row.body?.(f, ++serial), tokens[caller]);
      if (r.status !== expected)
        wrong.push(
          `${caller}: expected ${expected}, got ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`,
        );
      if (before) {
        const after = await written(f);
        // A refusal that is itself audited leaves exactly one audit row and nothing else.
        const expected = row.auditsRefusal ? { ...before, audit: String(Number(before.audit) + 1) } : before;
        if (JSON.stringify(after) !== JSON.stringify(expected))
          wrong.push(`${caller}: refused with ${r.status} but wrote ${JSON.stringify({ before, after })}`);
      }
      // A 200 from ingestion can still reject every event: the matrix's event must be kept.
      if (row.route === '/api/events' && r.status === 200 && r.body.accepted !== 1)
        wrong.push(`${caller}: the event was not accepted: ${JSON.stringify(r.body).slice(0, 300)}`);
      const expiryMatters = row.expect.expired !== row.expect.admin;
      if (expiryMatters && caller === 'expired' && (r.body as { code?: string })?.code !== 'AUTH.EXPIRED')
        wrong.push(`expired: 401 without the code AUTH.EXPIRED: ${JSON.stringify(r.body)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('writes into another scope', () => {
  it('a unit-scoped ingest token has events of another unit rejected by name, and keeps their siblings', async () => {
    const before = await written(undefined);
    const data = { caseKind: 'administrative' };
    const ours = event('case.accepted', {
      unitCode: 'S1',
      data,
      officers: [{ badgeNo: '100001', role: 'primary' }],
    });
    const theirs = event('case.accepted', {
      unitCode: 'S2',
      data,
      officers: [{ badgeNo: '200001', role: 'primary' }],
    });
    const r = await s.api<IngestAnswer>(
      'POST',
      '/api/events',
      { events: [ours, theirs] },
      tokens['ingest.scoped'],
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(r.body.rejected).toEqual([
      expect.objectContaining({
        eventId: theirs.eventId,
        errors: [expect.objectContaining({ field: 'unitCode', message: expect.stringContaining('S2') })],
      }),
    ]);
    const after = (await written(undefined)) as { events: string };
    expect(Number(after.events)).toBe(Number((before as { events: string }).events) + 1);
  });

  it('a supervisor cannot assign a problem of his unit to an officer outside his scope', async () => {
    const p = await fixture('problem', true);
    const before = await written(p);
    const r = await call(
      'POST',
      `/api/alerts/${p.id}/assign`,
      { badgeNo: '200001', version: p.version },
      tokens['supervisor.in'],
    );
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('200001');
    expect(await written(p)).toEqual(before);
  });

  it('a bureau supervisor cannot assign a problem to an officer of another unit it does not name', async () => {
    const made = await s.api(
      'POST',
      '/api/users',
      { username: 'supervisor-b1', password: 'a-long-password', role: 'supervisor', unitCode: 'B1' },
      admin,
    );
    expect(made.status).toBe(201);
    const bureau = await s.login('supervisor-b1', 'a-long-password');
    const p = await fixture('problem', true);
    const before = await written(p);
    const r = await call(
      'POST',
      `/api/alerts/${p.id}/assign`,
      { badgeNo: '200001', version: p.version },
      bureau,
    );
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('200001');
    expect(r.body.message).toContain('S1');
    expect(await written(p)).toEqual(before);
    const own = await call(
      'POST',
      `/api/alerts/${p.id}/assign`,
      { badgeNo: '100001', version: p.version },
      bureau,
    );
    expect(own.status).toBe(200);
  });

  it('a supervisor of another unit cannot assign the problem even to his own officer', async () => {
    const p = await fixture('problem', true);
    const before = await written(p);
    const r = await call(
      'POST',
      `/api/alerts/${p.id}/assign`,
      { badgeNo: '200001', version: p.version },
      tokens['supervisor.out'],
    );
    expect(r.status).toBe(404);
    expect(await written(p)).toEqual(before);
  });

  it('a supervisor cannot adjust the score of an officer outside his scope', async () => {
    const before = await written(undefined);
    const r = await call(
      'POST',
      '/api/adjustments',
      { badgeNo: '200001', points: 5, dimension: 'quality', reason: 'not his to give' },
      tokens['supervisor.in'],
    );
    expect(r.status).toBe(403);
    expect(await written(undefined)).toEqual(before);
  });

  it('a supervisor cannot create a kiosk token for another unit', async () => {
    const before = await written(undefined);
    const r = await call(
      'POST',
      '/api/tokens',
      { kind: 'display', unitCode: 'S2', label: 'x' },
      tokens['supervisor.in'],
    );
    expect(r.status).toBe(403);
    expect(await written(undefined)).toEqual(before);
  });
});

describe('scope of reads', () => {
  it('counts and lists of problems agree for every caller', async () => {
    await fixture('problem', true);
    for (const caller of [
      'admin',
      'supervisor.in',
      'supervisor.out',
      'officer.own',
      'officer.other',
    ] as Caller[]) {
      const counts = await s.api<AlertCounts>('GET', '/api/alerts/counts', undefined, tokens[caller]);
      const list = await s.api<AlertPage>(
        'GET',
        '/api/alerts?status=open,acknowledged,rectifying,rectified&limit=500',
        undefined,
        tokens[caller],
      );
      const open = list.body.items.filter((a) => a.status === 'open').length;
      expect({ caller, open: counts.body.open, others: counts.body.acknowledged }).toEqual({
        caller,
        open,
        others: list.body.items.length - open,
      });
    }
  });

  it("an officer never reads another officer's ledger or appeals", async () => {
    const own = await s.api<Appeal[]>('GET', '/api/appeals', undefined, tokens['officer.other']);
    expect(own.body.every((a) => a.badgeNo === '100002')).toBe(true);
    const score = await call('GET', '/api/officers/100001/score', undefined, tokens['officer.other']);
    expect(score.status).toBe(403);
  });
});

// ---- live -------------------------------------------------------------------------------

async function liveOutcome(message: 'handshake' | 'resume', token: string | undefined): Promise<string> {
  const c = new LiveClient(s.url, token ?? '');
  try {
    await c.connected();
  } catch (e) {
    c.close();
    return ((e as { data?: { code?: string } }).data?.code ?? (e as Error).message) as string;
  }
  try {
    if (message === 'handshake') {
      await c.waitFor('hello');
      return 'ok';
    }
    const answer = await new Promise<{ ok: boolean; error?: string }>((resolve) =>
      c.socket.emit('resume', { afterSeq: 0 }, resolve),
    );
    return answer.ok ? 'ok' : `refused: ${answer.error}`;
  } finally {
    c.close();
  }
}

describe('every live message with every caller', () => {
  it.each(LIVE.map((r) => [r.message, r] as const))('%s', async (_name, row) => {
    const got = Object.fromEntries(
      await Promise.all(CALLERS.map(async (c) => [c, await liveOutcome(row.message, tokens[c])] as const)),
    );
    expect(got).toEqual(row.expect);
  });

  it("closes a revoked kiosk token's open socket within seconds", async () => {
    const wall = await createToken(s, { kind: 'display', unitCode: 'S1', label: 'soon revoked' });
    const c = new LiveClient(s.url, wall.token);
    await c.connected();
    await c.waitFor('hello');
    const closed = new Promise<number>((resolve) => c.socket.once('disconnect', () => resolve(Date.now())));
    const revokedAt = Date.now();
    expect((await s.api('DELETE', `/api/tokens/${wall.id}`, undefined, admin)).status).toBe(200);
    const at = await closed;
    expect(at - revokedAt).toBeLessThan(3000);
    await expect(new LiveClient(s.url, wall.token).connected()).rejects.toThrow(/revoked/);
  });

  it('closes the socket of a session once it has expired', async () => {
    const token = await s.login('officer-own', 'a-long-password');
    const c = new LiveClient(s.url, token);
    await c.connected();
    await c.waitFor('hello');
    const closed = new Promise<void>((resolve) => c.socket.once('disconnect', () => resolve()));
    const now = s.clock.now();
    s.clock.set(now + (SESSION_MINUTES + 1) * 60_000);
    try {
      await closed;
    } finally {
      s.clock.set(now);
    }
  });
});
