import {
  DEFAULT_WALL_CONFIG,
  RATES_WINDOW_MS,
  type AlertPage,
  type CreatedToken,
  type ErrorBody,
  type WallConfig,
  type WallSettings,
} from '@jifen/shared';
import { DataSource } from 'typeorm';
import { OutboxEntity } from '../../server/src/core/outbox/outbox.entity';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { startTestServer, type TestServer } from '../support/test-server';
import { LiveClient } from '../support/live-client';
import { createToken } from '../support/tokens';

let s: TestServer;
let supervisorS2: string;
let officer: string;
const walls: Record<'b1' | 's1' | 's2', CreatedToken> = {} as never;

const config = (over: Partial<WallConfig> = {}): WallConfig => ({
  panelSets: [
    { layout: 'duo', panels: ['officers', 'problems'], seconds: 30 },
    { layout: 'single', panels: ['rates'], seconds: 15 },
  ],
  privacy: 'off',
  reloadHour: 3,
  ...over,
});
const put = (tokenId: string, body: unknown, token = s.adminToken) =>
  s.api<WallSettings & ErrorBody>('PUT', `/api/walls/${tokenId}`, body, token);

/**
 * Saves a wall whose privacy changes and waits until the relay has sent its open walls away
 * (they reconnect under the new mode): a wall that connected before the announcement would
 * otherwise be sent away right after it connected.
 */
async function putPrivacy(wall: { id: string; token: string }, body: unknown): Promise<number> {
  const probe = new LiveClient(s.url, wall.token);
  try {
    await probe.waitFor('snapshot');
    const gone = new Promise<void>((r) => probe.socket.once('disconnect', () => r()));
    const { status } = await put(wall.id, body);
    if (status === 200) await gone;
    return status;
  } finally {
    probe.close();
  }
}

beforeAll(async () => {
  s = await startTestServer();
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  for (const [key, unitCode] of [
    ['b1', 'B1'],
    ['s1', 'S1'],
    ['s2', 'S2'],
  ] as const) {
    walls[key] = await createToken(s, { kind: 'display', unitCode, label: `${unitCode} wall` });
  }
  await s.api(
    'POST',
    '/api/users',
    { username: 'sup-s2', password: 'sup-s2-password', role: 'supervisor', unitCode: 'S2' },
    s.adminToken,
  );
  await s.api(
    'POST',
    '/api/users',
    { username: 'off-1', password: 'off-1-password', role: 'officer', badgeNo: '100001' },
    s.adminToken,
  );
  supervisorS2 = await s.login('sup-s2', 'sup-s2-password');
  officer = await s.login('off-1', 'off-1-password');
});
afterAll(() => s.stop());

describe('wall configuration per display token', () => {
  it('a wall nobody configured runs on the defaults, version 0', async () => {
    const r = await s.api<WallSettings[]>('GET', '/api/walls', undefined, s.adminToken);
    expect(r.status).toBe(200);
    const b1 = r.body.find((w) => w.tokenId === walls.b1.id)!;
    expect(b1).toMatchObject({
      label: 'B1 wall',
      unitCode: 'B1',
      revoked: false,
      version: 0,
      updatedBy: null,
    });
    expect(b1.config).toEqual(DEFAULT_WALL_CONFIG);
  });

  it('saving bumps the version, is audited and is written to the outbox for open walls', async () => {
    const r = await put(walls.b1.id, { config: config(), version: 0 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: 1, updatedBy: 'admin', config: config() });
    const own = await s.api<WallSettings>('GET', '/api/wall', undefined, walls.b1.token);
    expect(own.body).toMatchObject({ tokenId: walls.b1.id, version: 1, config: config() });
    const rows = await s.jifen.app
      .get(DataSource)
      .getRepository(OutboxEntity)
      .find({ where: { kind: 'wall.config' } });
    expect(rows.map((o) => o.payload)).toEqual([
      { tokenId: walls.b1.id, version: 1, config: config(), previousPrivacy: 'off' },
    ]);
    expect(rows[0].unitPath).toBe('/B1/');
    const audit = await s.api<{ items: { action: string; target: string }[] }>(
      'GET',
      '/api/audit?action=wall.configured',
      undefined,
      s.adminToken,
    );
    expect(JSON.stringify(audit.body)).toContain(`token:${walls.b1.id}`);
  });

  it('a save over someone else’s newer version is refused and names who saved it', async () => {
    const r = await put(walls.b1.id, { config: config({ reloadHour: 5 }), version: 0 });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('WALL.STALE');
    expect(r.body.message).toContain('changed by admin');
    expect(r.body.details).toEqual({ version: 1 });
  });

  it.each([
    [
      { config: { ...config(), panelSets: [{ layout: 'quad', panels: ['officers'], seconds: 30 }] } },
      'config.panelSets.0.panels: the quad layout holds 4 panels, not 1',
    ],
    [
      { config: { ...config(), panelSets: [{ layout: 'single', panels: ['clock'], seconds: 30 }] } },
      'config.panelSets.0.panels.0',
    ],
    [
      { config: { ...config(), panelSets: [{ layout: 'single', panels: ['rates'], seconds: 5 }] } },
      'a panel set stays at least 10 s',
    ],
    [
      { config: { ...config(), panelSets: [{ layout: 'duo', panels: ['rates', 'rates'], seconds: 20 }] } },
      'a panel appears twice',
    ],
    [{ config: { ...config(), panelSets: [] } }, 'a wall needs at least one panel set'],
    [{ config: { ...config(), reloadHour: 24 } }, 'config.reloadHour'],
    [{ config: { ...config(), privacy: 'names' } }, 'config.privacy'],
    [{}, 'config'],
  ])('a bad configuration is a 400 naming the field (%#)', async (body, field) => {
    const r = await put(walls.b1.id, body);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('REQUEST.INVALID');
    expect(r.body.message).toContain(field);
    expect(r.body.messageZh).toContain(field);
  });

  it('a supervisor configures the walls of their scope only; officers and walls configure none', async () => {
    const list = await s.api<WallSettings[]>('GET', '/api/walls', undefined, supervisorS2);
    expect(list.body.map((w) => w.tokenId)).toEqual([walls.s2.id]);
    expect((await put(walls.s2.id, { config: config() }, supervisorS2)).status).toBe(200);
    const other = await put(walls.s1.id, { config: config() }, supervisorS2);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('WALL.NOT_FOUND');
    expect((await put(walls.s1.id, { config: config() }, officer)).status).toBe(403);
    expect((await s.api('GET', '/api/walls', undefined, walls.s1.token)).status).toBe(403);
    const notAWall = await s.api<ErrorBody>('GET', '/api/wall', undefined, s.adminToken);
    expect(notAWall.status).toBe(403);
    expect(notAWall.body.messageZh).toContain('大屏令牌');
  });

  it('a revoked token’s wall cannot be configured', async () => {
    const t = await createToken(s, { kind: 'display', unitCode: 'S1', label: 'old' });
    await s.api('DELETE', `/api/tokens/${t.id}`, undefined, s.adminToken);
    const r = await put(t.id, { config: config() });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('WALL.TOKEN_REVOKED');
  });
});

describe('privacy walls: names never leave the server', () => {
  beforeAll(async () => {
    const ingest = (await createToken(s, { kind: 'ingest', label: 'source' })).token;
    await s.api(
      'POST',
      '/api/events',
      {
        events: [
          event('case.overturned', {
            occurredAt: new Date(s.clock.now()).toISOString(),
            unitCode: 'S1',
            officers: [{ badgeNo: '100001', role: 'primary' }],
          }),
        ],
      },
      ingest,
    );
    const page = await s.api<AlertPage>('GET', '/api/alerts', undefined, s.adminToken);
    await s.api('POST', `/api/alerts/${page.body.items[0].id}/ack`, {}, s.adminToken);
  });

  it('initials: a kiosk token reads no people over REST, and what it reads carries no name or login', async () => {
    expect((await put(walls.s1.id, { config: config({ privacy: 'initials' }) })).status).toBe(200);
    const token = walls.s1.token;
    // The token sits in the wall's URL: people's lists are not what a wall reads over REST.
    for (const path of ['/api/leaderboard', '/api/alerts', '/api/officers', '/api/appeals'])
      expect({ path, status: (await s.api('GET', path, undefined, token)).status }).toEqual({
        path,
        status: 403,
      });
    const own = await s.api('GET', '/api/wall', undefined, token);
    const rates = await s.api('GET', '/api/rates', undefined, token);
    expect([own.status, rates.status]).toEqual([200, 200]);
    const everything = JSON.stringify([own.body, rates.body]);
    for (const o of OFFICERS.filter((x) => x.unitCode.startsWith('S1')))
      expect(everything).not.toContain(o.name);
    expect(everything).not.toContain('"admin"');
  });

  it('badge: the badge number stands where the name was; a wall without privacy still sees names', async () => {
    expect(await putPrivacy(walls.s1, { config: config({ privacy: 'badge' }), version: 1 })).toBe(200);
    const masked = new LiveClient(s.url, walls.s1.token);
    const open = new LiveClient(s.url, walls.b1.token);
    try {
      const [m, o] = await Promise.all([masked.waitFor('snapshot'), open.waitFor('snapshot')]);
      const name = (snap: Record<string, unknown>) =>
        (snap.officers as { badgeNo: string; name: string }[]).find((r) => r.badgeNo === '100001')?.name;
      expect(name(m)).toBe('100001');
      expect(name(o)).toBe('张伟');
    } finally {
      masked.close();
      open.close();
    }
  });

  it('live: a privacy wall gets masked snapshots and messages, and reconnects when its privacy changes', async () => {
    const before = await s.api<WallSettings>('GET', `/api/walls/${walls.s2.id}`, undefined, s.adminToken);
    expect(
      await putPrivacy(walls.s2, { config: config({ privacy: 'initials' }), version: before.body.version }),
    ).toBe(200);
    const open = new LiveClient(s.url, walls.b1.token);
    const masked = new LiveClient(s.url, walls.s2.token);
    await Promise.all([open.connected(), masked.connected()]);
    await Promise.all([open.waitFor('snapshot'), masked.waitFor('snapshot')]);
    const ingest = (await createToken(s, { kind: 'ingest', label: 'privacy feed' })).token;
    await s.api(
      'POST',
      '/api/events',
      {
        events: [
          event('case.overturned', {
            occurredAt: new Date(s.clock.now()).toISOString(),
            unitCode: 'S2',
            officers: [{ badgeNo: '200001', role: 'primary' }],
          }),
          event('case.filed', {
            occurredAt: new Date(s.clock.now()).toISOString(),
            unitCode: 'S2',
            officers: [{ badgeNo: '200002', role: 'primary' }],
          }),
        ],
      },
      ingest,
    );
    const seenBy = async (c: LiveClient) => {
      await c.waitFor('score.changed', (m) => JSON.stringify(m).includes('200002'));
      await c.waitFor('alert.raised', (m) => JSON.stringify(m).includes('200001'));
      await c.waitFor('leaderboard', (m) => JSON.stringify(m).includes('200002'));
      return JSON.stringify(c.received);
    };
    const [plain, hidden] = [await seenBy(open), await seenBy(masked)];
    for (const name of ['刘洋', '陈静']) {
      expect(plain).toContain(name);
      expect(hidden).not.toContain(name);
    }
    expect(hidden).toContain('刘＊');
    // The day's rates follow the changes, to every wall in scope.
    // Rates go out at most once per window: the next may be a whole window away.
    expect((await masked.waitFor('rates', () => true, RATES_WINDOW_MS + 2000)).scope).toBe('S2');
    // Back to names: the wall is made to reconnect, and is placed in the rooms with names.
    const disconnected = new Promise<void>((r) => masked.socket.once('disconnect', () => r()));
    expect(
      (await put(walls.s2.id, { config: config({ privacy: 'off' }), version: before.body.version + 1 }))
        .status,
    ).toBe(200);
    await disconnected;
    // Every open wall of the subtree learns of the change live; each applies only its own.
    expect((await open.waitFor('wall.config')).tokenId).toBe(walls.s2.id);
    open.close();
    masked.close();
  });
});
