import {
  DEFAULT_CATALOGUE,
  type Alert,
  type AlertPage,
  type Appeal,
  type AuditEntry,
  type IngestAnswer,
  type InboxPage,
  type WallSettings,
} from '@jifen/shared';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { startTestServer, type TestServer } from '../support/test-server';
import { createToken } from '../support/tokens';
import { createUser, type LoggedInUser } from '../support/users';

/**
 * Every kind of mutation leaves exactly one audit row that says who, what, when, and the
 * thing before and after. A non-GET route of the server with no case here fails the test.
 */

/** Writes that are not mutations of the record, or are their own record; each says why. */
const NOT_AUDITED: Record<string, string> = {
  'POST /api/auth/login':
    'opening a session; logins (and failed ones) are logged by the login throttling, not as changes',
  'POST /api/rules/preview': 'a read: the draft is judged on a read-only snapshot and nothing is stored',
  'POST /api/events': 'events are their own append-only record (source token, received time, payload)',
};

let s: TestServer;
let sup: LoggedInUser;
let off: LoggedInUser;
let ingest: string;
let serial = 0;

beforeAll(async () => {
  s = await startTestServer({ now: '2026-11-23T10:15:00+08:00' });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  sup = await createUser(s, 'sup-s1', { role: 'supervisor', unitCode: 'S1' });
  off = await createUser(s, 'off-100001', { role: 'officer', badgeNo: '100001' });
  ingest = (await createToken(s, { kind: 'ingest', label: 'source' })).token;
}, 60_000);
afterAll(() => s.stop());

async function lastAuditId(): Promise<number> {
  const r = await s.api<{ items: AuditEntry[] }>('GET', '/api/audit?limit=1', undefined, s.adminToken);
  return Number(r.body.items[0]?.id ?? 0);
}

async function rowsAfter(id: number): Promise<AuditEntry[]> {
  const r = await s.api<{ items: AuditEntry[] }>('GET', '/api/audit?limit=500', undefined, s.adminToken);
  return r.body.items.filter((e) => Number(e.id) > id);
}

async function problem(): Promise<Alert> {
  const ref = `AUDIT-${++serial}`;
  const r = await s.api<IngestAnswer>(
    'POST',
    '/api/events',
    {
      events: [
        event('case.overturned', {
          subject: { kind: 'case', ref },
          occurredAt: new Date(s.clock.now() - 3_600_000).toISOString(),
          officers: [{ badgeNo: '100001', role: 'primary' }],
        }),
      ],
    },
    ingest,
  );
  expect(r.body.accepted).toBe(1);
  const page = await s.api<AlertPage>('GET', '/api/alerts?limit=500', undefined, s.adminToken);
  return page.body.items.find((a) => a.subject.ref === ref)!;
}

async function inboxItem(): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await s.api<InboxPage>('GET', '/api/notifications?unread=true', undefined, off.token);
    if (r.body.items?.length) return r.body.items[0].id;
    if (Date.now() > deadline) throw new Error('no notification reached the officer');
    await new Promise((done) => setTimeout(done, 100));
  }
}

interface Mutation {
  route: string;
  action: string;
  actor: () => string;
  /** Sets up what the mutation needs (outside the audited window), then returns the call. */
  prepare: () => Promise<{ path: string; body?: unknown; token: string; created?: boolean }>;
}

const admin = () => 'admin';
const MUTATIONS: Mutation[] = [
  {
    route: 'POST /api/auth/refresh',
    action: 'session.refreshed',
    actor: () => sup.username,
    prepare: async () => ({
      path: '/api/auth/refresh',
      token: await s.login(sup.username, 'a-long-password'),
    }),
  },
  {
    route: 'POST /api/users',
    action: 'user.created',
    actor: admin,
    prepare: async () => ({
      path: '/api/users',
      body: { username: 'new-officer', password: 'a-long-password', role: 'officer', badgeNo: '100002' },
      token: s.adminToken,
      created: true,
    }),
  },
  {
    route: 'POST /api/tokens',
    action: 'token.created',
    actor: () => sup.username,
    prepare: async () => ({
      path: '/api/tokens',
      body: { kind: 'display', unitCode: 'S1', label: 'lobby' },
      token: sup.token,
      created: true,
    }),
  },
  {
    route: 'DELETE /api/tokens/:id',
    action: 'token.revoked',
    actor: admin,
    prepare: async () => ({
      path: `/api/tokens/${(await createToken(s, { kind: 'display', label: `t${++serial}` })).id}`,
      token: s.adminToken,
    }),
  },
  {
    route: 'POST /api/tokens/:id/rotate',
    action: 'token.rotated',
    actor: admin,
    prepare: async () => ({
      path: `/api/tokens/${(await createToken(s, { kind: 'ingest', label: `t${++serial}` })).id}/rotate`,
      body: {},
      token: s.adminToken,
    }),
  },
  {
    route: 'PUT /api/rules',
    action: 'rules.changed',
    actor: admin,
    prepare: async () => ({
      path: '/api/rules',
      body: { catalogue: DEFAULT_CATALOGUE, note: 'same rules, new version' },
      token: s.adminToken,
    }),
  },
  {
    route: 'POST /api/queues/board-session',
    action: 'queues.board-opened',
    actor: admin,
    prepare: async () => ({ path: '/api/queues/board-session', token: s.adminToken, created: true }),
  },
  {
    route: 'POST /api/org/import',
    action: 'org.imported',
    actor: admin,
    prepare: async () => ({
      path: '/api/org/import',
      body: {
        units: UNITS,
        officers: [...OFFICERS, { badgeNo: '100009', name: '赵敏', unitCode: 'S1', active: true }],
      },
      token: s.adminToken,
    }),
  },
  ...(
    [
      ['ack', 'alert.acknowledged', async (p: Alert) => ({ version: p.version })],
      ['assign', 'alert.assigned', async (p: Alert) => ({ badgeNo: '100001', version: p.version })],
      [
        'rectified',
        'alert.rectified',
        async (p: Alert) => {
          await s.api('POST', `/api/alerts/${p.id}/assign`, { badgeNo: '100001' }, sup.token);
          return { note: 'fixed' };
        },
      ],
      [
        'verify',
        'alert.verified',
        async (p: Alert) => {
          await s.api('POST', `/api/alerts/${p.id}/assign`, { badgeNo: '100001' }, sup.token);
          await s.api('POST', `/api/alerts/${p.id}/rectified`, { note: 'fixed' }, sup.token);
          return { note: 'checked' };
        },
      ],
      ['dismiss', 'alert.dismissed', async () => ({ reason: 'entered by mistake' })],
      ['escalate', 'alert.escalated', async () => ({ note: 'for the bureau' })],
    ] as const
  ).map(([step, action, body]): Mutation => ({
    route: `POST /api/alerts/:id/${step}`,
    action,
    actor: () => sup.username,
    prepare: async () => {
      const p = await problem();
      return { path: `/api/alerts/${p.id}/${step}`, body: await body(p), token: sup.token };
    },
  })),
  {
    route: 'POST /api/alerts/:id/appeal',
    action: 'appeal.filed',
    actor: () => off.username,
    prepare: async () => ({
      path: `/api/alerts/${(await problem()).id}/appeal`,
      body: { reason: 'someone else handled the case' },
      token: off.token,
      created: true,
    }),
  },
  {
    route: 'POST /api/appeals/:id/decide',
    action: 'appeal.decided',
    actor: () => sup.username,
    prepare: async () => {
      const p = await problem();
      const a = await s.api<Appeal>('POST', `/api/alerts/${p.id}/appeal`, { reason: 'not mine' }, off.token);
      return {
        path: `/api/appeals/${a.body.id}/decide`,
        body: { upheld: true, note: 'agreed' },
        token: sup.token,
      };
    },
  },
  {
    route: 'PUT /api/holidays',
    action: 'holidays.changed',
    actor: admin,
    prepare: async () => ({
      path: '/api/holidays',
      body: { year: 2027, dates: ['2027-01-01', '2027-10-01'] },
      token: s.adminToken,
    }),
  },
  {
    route: 'POST /api/notifications/:id/read',
    action: 'notification.read',
    actor: () => off.username,
    prepare: async () => {
      await problem();
      return { path: `/api/notifications/${await inboxItem()}/read`, token: off.token };
    },
  },
  {
    route: 'POST /api/notifications/read-all',
    action: 'notification.read',
    actor: () => off.username,
    prepare: async () => {
      await problem();
      await inboxItem();
      return { path: '/api/notifications/read-all', token: off.token };
    },
  },
  {
    route: 'PUT /api/notifications/preferences',
    action: 'notification.preferences',
    actor: () => off.username,
    prepare: async () => ({
      path: '/api/notifications/preferences',
      body: { locale: 'en' },
      token: off.token,
      created: true,
    }),
  },
  {
    route: 'POST /api/webhooks',
    action: 'webhook.created',
    actor: admin,
    prepare: async () => ({
      path: '/api/webhooks',
      body: { label: 'duty desk', url: 'http://127.0.0.1:9/hook', triggers: ['problem.raised'] },
      token: s.adminToken,
      created: true,
    }),
  },
  ...(['PATCH', 'DELETE'] as const).map((method): Mutation => ({
    route: `${method} /api/webhooks/:id`,
    action: method === 'PATCH' ? 'webhook.updated' : 'webhook.deleted',
    actor: admin,
    prepare: async () => {
      const w = await s.api<{ id: string }>(
        'POST',
        '/api/webhooks',
        { label: `hook ${++serial}`, url: 'http://127.0.0.1:9/hook', triggers: ['problem.raised'] },
        s.adminToken,
      );
      return {
        path: `/api/webhooks/${w.body.id}`,
        body: method === 'PATCH' ? { label: 'renamed' } : undefined,
        token: s.adminToken,
      };
    },
  })),
  {
    route: 'PUT /api/publications/settings',
    action: 'publication.settings',
    actor: admin,
    prepare: async () => ({
      path: '/api/publications/settings',
      body: {
        commendedOfficers: 5,
        commendedUnits: 2,
        ineligibleShare: 0.05,
        recommendedShare: 0.1,
        publicAccess: true,
        privacy: true,
      },
      token: s.adminToken,
      created: true,
    }),
  },
  {
    route: 'POST /api/publications/:kind/:period/run',
    action: 'publication.run',
    actor: admin,
    prepare: async () => ({
      path: '/api/publications/monthly/2026-10/run',
      token: s.adminToken,
      created: true,
    }),
  },
  {
    route: 'POST /api/adjustments',
    action: 'score.adjusted',
    actor: () => sup.username,
    prepare: async () => ({
      path: '/api/adjustments',
      body: { badgeNo: '100001', points: 2, dimension: 'quality', reason: 'helped a lost child home' },
      token: sup.token,
      created: true,
    }),
  },
  {
    route: 'PUT /api/walls/:tokenId',
    action: 'wall.configured',
    actor: admin,
    prepare: async () => {
      const t = await createToken(s, { kind: 'display', unitCode: 'S1', label: `wall ${++serial}` });
      const w = await s.api<WallSettings>('GET', `/api/walls/${t.id}`, undefined, s.adminToken);
      return {
        path: `/api/walls/${t.id}`,
        body: { config: { ...w.body.config, privacy: 'initials' }, version: w.body.version },
        token: s.adminToken,
        created: true,
      };
    },
  },
];

function mutatingRoutes(): string[] {
  const express = (s.jifen.app as NestExpressApplication).getHttpAdapter().getInstance();
  const stack = (
    express.router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }
  ).stack;
  const out = new Set<string>();
  for (const layer of stack)
    for (const [m, on] of Object.entries(layer.route?.methods ?? {}))
      if (on && !['get', 'head', '_all'].includes(m)) out.add(`${m.toUpperCase()} ${layer.route!.path}`);
  return [...out].sort();
}

it('has a case, or a reason, for every route that can change something', () => {
  const covered = [...MUTATIONS.map((m) => m.route), ...Object.keys(NOT_AUDITED)].sort();
  expect(covered).toEqual(mutatingRoutes());
});

describe('each mutation leaves exactly one audit row with who, what, when, before and after', () => {
  it.each(MUTATIONS.map((m) => [m.route, m] as const))('%s', async (_route, m) => {
    const call = await m.prepare();
    const before = await lastAuditId();
    const method = m.route.split(' ')[0];
    const r = await s.api(method, call.path, call.body, call.token);
    expect(r.status).toBeLessThan(300);
    const rows = await rowsAfter(before);
    expect(rows.map((e) => e.action)).toEqual([m.action]);
    const [row] = rows;
    expect(row.actor).toBe(m.actor());
    expect(row.at).toBe(new Date(s.clock.now()).toISOString());
    expect(row.target.length).toBeGreaterThan(0);
    expect(Object.keys(row.details)).toEqual(expect.arrayContaining(['before', 'after']));
    expect(row.details.after).not.toBeNull();
    // A first save of settings (stored as defaults until then) creates them too.
    if (call.created) expect(row.details.before).toBeNull();
    else {
      expect(row.details.before).not.toBeNull();
      expect(row.details.before).not.toEqual(row.details.after);
    }
  });
});

describe('the queue dashboard', () => {
  /** Board actions are audited once their answer has gone out: wait for the row. */
  async function boardRow(after: number): Promise<AuditEntry> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const rows = await rowsAfter(after);
      if (rows.length) {
        expect(rows.map((e) => e.action)).toEqual(['queues.changed']);
        return rows[0];
      }
      if (Date.now() > deadline) throw new Error('no audit row for the board action');
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  const paused = (state: unknown) =>
    (state as { queue: string; paused: boolean }[]).find((q) => q.queue === 'maintenance')?.paused;

  it('leaves one row per action on the board, with the queues before and after', async () => {
    for (const [verb, was, is] of [
      ['pause', false, true],
      ['resume', true, false],
    ] as const) {
      const before = await lastAuditId();
      const r = await fetch(`${s.url}/api/queues/board/api/queues/maintenance/${verb}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${s.adminToken}` },
      });
      expect(r.status).toBe(200);
      const row = await boardRow(before);
      expect(row.actor).toBe('admin');
      expect(row.target).toContain(verb);
      expect([paused(row.details.before), paused(row.details.after)]).toEqual([was, is]);
    }
  });
});
