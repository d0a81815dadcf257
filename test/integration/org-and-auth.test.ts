import type {
  AuditEntry,
  CreatedToken,
  OrgImportAnswer,
  RatesAnswer,
  SessionUser,
  UnitNode,
} from '@jifen/shared';
import jwt from 'jsonwebtoken';
import { OFFICERS, UNITS } from '../factories/org';
import { startTestServer, type TestServer } from '../support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

describe('login', () => {
  it('answers an access token and the user for the right password', async () => {
    const r = await s.api<{ accessToken: string; user: SessionUser }>('POST', '/api/auth/login', {
      username: 'admin',
      password: 'integration-admin-pw',
    });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'admin', role: 'admin', unitCode: null });
  });

  it('refuses a wrong password with 401 and a message in both languages', async () => {
    const r = await s.api<{ code: string; message: string; messageZh: string }>('POST', '/api/auth/login', {
      username: 'admin',
      password: 'nope',
    });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({
      code: 'AUTH.UNAUTHORIZED',
      message: 'wrong username or password',
      messageZh: '用户名或密码错误',
    });
  });

  it('names the missing field of a malformed login', async () => {
    const r = await s.api<{ message: string }>('POST', '/api/auth/login', { username: 'admin' });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('password');
  });

  it('answers 400 naming bad JSON', async () => {
    const r = await s.api<{ code: string }>('POST', '/api/auth/login', '{"username": ');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'REQUEST.MALFORMED_JSON' });
  });

  it('refuses requests without a token', async () => {
    expect((await s.api('GET', '/api/units')).status).toBe(401);
    expect((await s.api('GET', '/api/units', undefined, 'not-a-token')).status).toBe(401);
  });

  it('accepts a session signed with the installation secret only, and says when it has expired', async () => {
    const { DataSource } = await import('typeorm');
    const [{ value: secret }] = await s.jifen.app
      .get(DataSource)
      .query(`SELECT value FROM settings WHERE key = 'jwt_secret'`);
    const [{ id: adminId }] = await s.jifen.app
      .get(DataSource)
      .query(`SELECT id FROM users WHERE username = 'admin'`);
    // Sessions expire by the server's clock (the test server's settable one).
    const now = Math.floor(s.clock.now() / 1000);
    // The claims of the administrator's real session (its id and generation), signed anew.
    const { sid, gen } = jwt.decode(s.adminToken) as jwt.JwtPayload;
    const signed = (key: string, exp: number) =>
      jwt.sign({ sub: adminId, sid, gen, iat: now - 10, exp }, key);
    const me = (token: string) =>
      s.api<{ username?: string; message?: string }>('GET', '/api/me', undefined, token);

    const good = await me(signed(secret, now + 600));
    expect(good.status).toBe(200);
    expect(good.body.username).toBe('admin');
    const forged = await me(signed(`${secret}x`, now + 600));
    expect(forged.status).toBe(401);
    expect(forged.body.message).toBe('the access token is not valid');
    const expired = await me(signed(secret, now - 1));
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe('the session has expired, log in again');
  });
});

describe('organisation import', () => {
  it('creates units and officers, then changes nothing when imported again', async () => {
    const first = await s.api<OrgImportAnswer>(
      'POST',
      '/api/org/import',
      { units: UNITS, officers: OFFICERS },
      s.adminToken,
    );
    expect(first.status).toBe(200);
    expect(first.body.units.created).toBe(4);
    expect(first.body.officers.created).toBe(6);
    expect(first.body.errors).toEqual([]);
    const again = await s.api<OrgImportAnswer>(
      'POST',
      '/api/org/import',
      { units: UNITS, officers: OFFICERS },
      s.adminToken,
    );
    expect(again.body.units).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(again.body.officers).toEqual({ created: 0, updated: 0, unchanged: 6 });
  });

  it('imports a large organisation in one request, past the database’s bound-parameter limit', async () => {
    // 25,000 officers' memberships in one statement would need more than 65,535 parameters.
    const big = await startTestServer();
    try {
      const officers = Array.from({ length: 25_000 }, (_, i) => ({
        badgeNo: `P${String(i).padStart(6, '0')}`,
        name: `民警${i}`,
        unitCode: i % 2 ? 'S1' : 'S2',
      }));
      const body = { units: UNITS, officers };
      const r = await big.api<OrgImportAnswer>('POST', '/api/org/import', body, big.adminToken);
      expect([r.status, r.body.officers.created, r.body.errors]).toEqual([200, 25_000, []]);
      const again = await big.api<OrgImportAnswer>('POST', '/api/org/import', body, big.adminToken);
      expect(again.body.officers).toEqual({ created: 0, updated: 0, unchanged: 25_000 });
    } finally {
      await big.stop();
    }
  });

  it('keeps valid rows and reports each bad row with the field at fault', async () => {
    const r = await s.api<OrgImportAnswer>(
      'POST',
      '/api/org/import',
      {
        units: [
          { code: 'S3', name: '西城派出所', kind: 'station', parentCode: 'B1' },
          { code: 'X', name: '', kind: 'station' },
          { code: 'S4', name: '孤儿所', kind: 'station', parentCode: 'NOPE' },
        ],
        officers: [
          { badgeNo: '300001', name: '赵敏', unitCode: 'S3' },
          { badgeNo: '300002', name: '钱多', unitCode: 'NOWHERE' },
          { badgeNo: 'bad badge', name: '孙', unitCode: 'S3' },
        ],
      },
      s.adminToken,
    );
    expect(r.body.units.created).toBe(1);
    expect(r.body.officers.created).toBe(1);
    const fields = r.body.errors.map((e) => `${e.list}[${e.index}].${e.errors[0].field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'units[1].name',
        'units[2].parentCode',
        'officers[1].unitCode',
        'officers[2].badgeNo',
      ]),
    );
  });

  it('refuses an import from a non-admin', async () => {
    await s.api(
      'POST',
      '/api/users',
      { username: 'sup-s1', password: 'supervisor-pw-1', role: 'supervisor', unitCode: 'S1' },
      s.adminToken,
    );
    const sup = await s.login('sup-s1', 'supervisor-pw-1');
    expect((await s.api('POST', '/api/org/import', { units: [], officers: [] }, sup)).status).toBe(403);
  });
});

describe('users, tokens and scope', () => {
  it('a supervisor of S1 sees only the S1 subtree', async () => {
    const sup = await s.login('sup-s1', 'supervisor-pw-1');
    const units = await s.api<UnitNode[]>('GET', '/api/units', undefined, sup);
    expect(units.body.map((u) => u.code)).toEqual(['S1']);
    expect(units.body[0].children.map((u) => u.code)).toEqual(['S1-A']);
    const officers = await s.api<{ badgeNo: string }[]>('GET', '/api/officers', undefined, sup);
    expect(officers.body.map((o) => o.badgeNo)).toEqual(['100001', '100002', '100003']);
    expect((await s.api('GET', '/api/officers?unitCode=S2', undefined, sup)).status).toBe(403);
  });

  it('rejects a user with a short password or an unknown unit, naming the field', async () => {
    const short = await s.api<{ message: string }>(
      'POST',
      '/api/users',
      { username: 'x-user', password: 'short', role: 'supervisor', unitCode: 'S1' },
      s.adminToken,
    );
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('password');
    const unit = await s.api<{ message: string }>(
      'POST',
      '/api/users',
      { username: 'y-user', password: 'long-enough-pw', role: 'supervisor', unitCode: 'ZZ' },
      s.adminToken,
    );
    expect(unit.status).toBe(400);
    expect(unit.body.message).toContain('unitCode');
    const dup = await s.api(
      'POST',
      '/api/users',
      { username: 'sup-s1', password: 'another-long-pw', role: 'supervisor', unitCode: 'S1' },
      s.adminToken,
    );
    expect(dup.status).toBe(409);
  });

  it('a display token reads what its wall shows, of its subtree, until it is revoked', async () => {
    const created = await s.api<CreatedToken>(
      'POST',
      '/api/tokens',
      { kind: 'display', unitCode: 'S2', label: '东城大屏' },
      s.adminToken,
    );
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^jfd_/);
    const rates = await s.api<RatesAnswer>('GET', '/api/rates', undefined, created.body.token);
    expect(rates.body.unitCode).toBe('S2');
    // The token sits in the wall's URL: what the wall does not show, it cannot read.
    expect((await s.api('GET', '/api/units', undefined, created.body.token)).status).toBe(403);
    expect(
      (
        await s.api(
          'POST',
          '/api/adjustments',
          { badgeNo: '200001', points: 1, dimension: 'quality', reason: 'should fail' },
          created.body.token,
        )
      ).status,
    ).toBe(403);
    expect((await s.api('DELETE', `/api/tokens/${created.body.id}`, undefined, s.adminToken)).status).toBe(
      200,
    );
    expect((await s.api('GET', '/api/rates', undefined, created.body.token)).status).toBe(401);
  });

  it('a supervisor may create display tokens in scope but not ingest tokens', async () => {
    const sup = await s.login('sup-s1', 'supervisor-pw-1');
    expect((await s.api('POST', '/api/tokens', { kind: 'display', label: 'S1 wall' }, sup)).status).toBe(201);
    expect(
      (await s.api('POST', '/api/tokens', { kind: 'display', unitCode: 'S2', label: 'not mine' }, sup))
        .status,
    ).toBe(403);
    expect((await s.api('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, sup)).status).toBe(403);
  });

  it('an ingest token may post events and nothing else', async () => {
    const ingest = await s.api<CreatedToken>(
      'POST',
      '/api/tokens',
      { kind: 'ingest', label: '案管系统' },
      s.adminToken,
    );
    expect((await s.api('GET', '/api/leaderboard', undefined, ingest.body.token)).status).toBe(403);
    expect((await s.api('POST', '/api/events', { events: [] }, ingest.body.token)).status).toBe(400);
  });

  it('every user and token change is in the audit log, readable only by admins', async () => {
    const log = await s.api<{ items: AuditEntry[] }>('GET', '/api/audit?limit=100', undefined, s.adminToken);
    const actions = log.body.items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.created', 'token.created', 'token.revoked', 'org.imported']),
    );
    const sup = await s.login('sup-s1', 'supervisor-pw-1');
    expect((await s.api('GET', '/api/audit', undefined, sup)).status).toBe(403);
  });
});
