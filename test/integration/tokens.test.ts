import type { CreatedToken, ErrorBody, LoginAnswer, RotatedToken } from '@jifen/shared';
import { OFFICERS, UNITS } from '../factories/org';
import { LiveClient } from '../support/live-client';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server';

const SESSION_MINUTES = 120;
const OVERLAP_S = 60;
const DAY = 86_400_000;
let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({
    now: '2026-11-23T10:15:00+08:00',
    env: {
      JIFEN_SESSION_TTL_MINUTES: String(SESSION_MINUTES),
      JIFEN_TOKEN_ROTATION_OVERLAP_SECONDS: String(OVERLAP_S),
      JIFEN_API_TOKEN_TTL_DAYS: '30',
      JIFEN_LIVE_TOKEN_RECHECK_SECONDS: '0.5',
    },
  });
  admin = s.adminToken;
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, admin);
}, 60_000);
afterAll(() => s.stop());

/** Moves the clock and logs the administrator in again when his session ran out meanwhile. */
async function advance(ms: number) {
  s.clock.advance(ms);
  admin = await s.login('admin', ADMIN_PASSWORD);
}

const token = async (body: Record<string, unknown>) => {
  const r = await s.api<CreatedToken>('POST', '/api/tokens', { label: 'wall', ...body }, admin);
  expect(r.status).toBe(201);
  return r.body;
};
const wallStatus = async (secret: string) =>
  (await s.api<ErrorBody>('GET', '/api/wall', undefined, secret)).status;

describe('API token expiry', () => {
  it('gives a new token the configured lifetime, or the one its creator names', async () => {
    const byDefault = await token({ kind: 'display', unitCode: 'S1' });
    expect(Date.parse(byDefault.expiresAt!) - Date.parse(byDefault.createdAt)).toBe(30 * DAY);
    const short = await token({ kind: 'display', unitCode: 'S1', expiresInDays: 2 });
    expect(Date.parse(short.expiresAt!) - Date.parse(short.createdAt)).toBe(2 * DAY);
    const bad = await s.api<ErrorBody>(
      'POST',
      '/api/tokens',
      { kind: 'display', label: 'x', expiresInDays: 0 },
      admin,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('expiresInDays');
  });

  it('answers an expired token 401 with a code naming expiry, over REST and in the live handshake', async () => {
    const t = await token({ kind: 'display', unitCode: 'S1', expiresInDays: 1 });
    expect(await wallStatus(t.token)).toBe(200);
    await advance(DAY + 60_000);
    const r = await s.api<ErrorBody>('GET', '/api/wall', undefined, t.token);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'AUTH.EXPIRED', message: expect.stringContaining('expired') });
    const c = new LiveClient(s.url, t.token);
    await expect(c.connected()).rejects.toMatchObject({ data: { code: 'AUTH.EXPIRED' } });
    c.close();
  });

  it("closes an open socket when its token's lifetime runs out", async () => {
    const t = await token({ kind: 'display', unitCode: 'S1', expiresInDays: 1 });
    const c = new LiveClient(s.url, t.token);
    await c.waitFor('hello');
    const closed = new Promise<void>((r) => c.socket.once('disconnect', () => r()));
    await advance(DAY + 60_000);
    await closed;
  });
});

describe('API token rotation', () => {
  it('issues a new secret and keeps the old one working for the overlap only', async () => {
    const t = await token({ kind: 'ingest' });
    const rotated = await s.api<RotatedToken>('POST', `/api/tokens/${t.id}/rotate`, {}, admin);
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).not.toBe(t.token);
    expect(rotated.body.token.startsWith('jfi_')).toBe(true);
    expect(Date.parse(rotated.body.previousValidUntil)).toBe(s.clock.now() + OVERLAP_S * 1000);
    // An empty batch is refused (400) only once the token was let in.
    const post = (secret: string) => s.api<ErrorBody>('POST', '/api/events', { events: [] }, secret);
    expect((await post(rotated.body.token)).status).toBe(400);
    expect((await post(t.token)).status).toBe(400);
    s.clock.advance(OVERLAP_S * 1000);
    expect((await post(rotated.body.token)).status).toBe(400);
    const old = await post(t.token);
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ code: 'AUTH.EXPIRED', message: expect.stringContaining('rotated') });
  });

  it("closes a wall's socket on its old secret once the overlap is over", async () => {
    const t = await token({ kind: 'display', unitCode: 'S1' });
    const c = new LiveClient(s.url, t.token);
    await c.waitFor('hello');
    const closed = new Promise<void>((r) => c.socket.once('disconnect', () => r()));
    expect((await s.api('POST', `/api/tokens/${t.id}/rotate`, {}, admin)).status).toBe(200);
    s.clock.advance(OVERLAP_S * 1000 + 1000);
    await closed;
  });

  it('lets a supervisor rotate the kiosk tokens of his scope only, and nobody rotate a revoked token', async () => {
    // Made with the administrator's current session: the first one ran out as the clock moved.
    const made = await s.api(
      'POST',
      '/api/users',
      { username: 'sup-s1', password: 'a-long-password', role: 'supervisor', unitCode: 'S1' },
      admin,
    );
    expect(made.status).toBe(201);
    const sup = { token: await s.login('sup-s1', 'a-long-password') };
    const ours = await token({ kind: 'display', unitCode: 'S1' });
    const theirs = await token({ kind: 'display', unitCode: 'S2' });
    const source = await token({ kind: 'ingest', unitCode: 'S1' });
    const rotate = (id: string, as: string) => s.api<ErrorBody>('POST', `/api/tokens/${id}/rotate`, {}, as);
    expect((await rotate(ours.id, sup.token)).status).toBe(200);
    expect((await rotate(theirs.id, sup.token)).status).toBe(404);
    const ingest = await rotate(source.id, sup.token);
    expect(ingest.status).toBe(403);
    expect(ingest.body.message).toContain('rotate ingest tokens');
    await s.api('DELETE', `/api/tokens/${ours.id}`, undefined, admin);
    const revoked = await rotate(ours.id, admin);
    expect(revoked.status).toBe(409);
    expect(revoked.body.code).toBe('TOKEN.REVOKED');
  });
});

describe('session tokens', () => {
  it('expire after the configured lifetime with a code naming expiry', async () => {
    const session = await s.login('admin', ADMIN_PASSWORD);
    expect((await s.api('GET', '/api/me', undefined, session)).status).toBe(200);
    await advance(SESSION_MINUTES * 60_000);
    const r = await s.api<ErrorBody>('GET', '/api/me', undefined, session);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('AUTH.EXPIRED');
  });

  it('refresh with a new token; the old one works for the overlap, then never, and cannot refresh again', async () => {
    const first = await s.login('admin', ADMIN_PASSWORD);
    s.clock.advance(30 * 60_000);
    const refreshed = await s.api<LoginAnswer>('POST', '/api/auth/refresh', undefined, first);
    expect(refreshed.status).toBe(200);
    const second = refreshed.body.accessToken;
    expect(second).not.toBe(first);
    expect(Date.parse(refreshed.body.expiresAt)).toBe(s.clock.now() + SESSION_MINUTES * 60_000);
    expect((await s.api('GET', '/api/me', undefined, first)).status).toBe(200);
    const again = await s.api<ErrorBody>('POST', '/api/auth/refresh', undefined, first);
    expect(again.status).toBe(401);
    expect(again.body.message).toContain('replaced');
    s.clock.advance(OVERLAP_S * 1000);
    const old = await s.api<ErrorBody>('GET', '/api/me', undefined, first);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('AUTH.EXPIRED');
    // The refreshed session lives its whole lifetime from the refresh, past the first one's end.
    s.clock.advance((SESSION_MINUTES - 31) * 60_000);
    expect((await s.api('GET', '/api/me', undefined, second)).status).toBe(200);
  });
});
