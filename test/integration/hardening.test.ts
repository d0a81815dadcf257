import { LIVE_NAMESPACE, type AuditEntry, type ResumeAnswer } from '@jifen/shared';
import jwt from 'jsonwebtoken';
import { io, type Socket } from 'socket.io-client';
import { UNITS, OFFICERS } from '../factories/org';
import { openSocket } from '../support/live-client';
import { createToken } from '../support/tokens';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server';

/**
 * Item 7 of issue 10: what a hostile browser page, a password guesser or a noisy socket
 * meets. One server with small limits so every edge is reached in a few requests.
 */
let s: TestServer;
const JWT_SECRET = 'hardening-test-secret-of-at-least-32-chars';
const ALLOWED = 'https://console.example.org';

beforeAll(async () => {
  s = await startTestServer({
    now: '2026-11-23T12:00:00+08:00',
    env: {
      JIFEN_LOGIN_MAX_FAILURES: '3',
      JIFEN_LOGIN_LOCKOUT_SECONDS: '60',
      JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE: '10',
      JIFEN_ALLOWED_ORIGINS: ALLOWED,
      JIFEN_JWT_SECRET: JWT_SECRET,
    },
  });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
});
afterAll(() => s.stop());

const raw = (path: string, init: RequestInit = {}) => fetch(s.url + path, init);
const login = (username: string, password: string) =>
  s.api<{ code?: string; details?: { retryAfterSeconds: number } }>('POST', '/api/auth/login', {
    username,
    password,
  });
const createUser = (username: string) =>
  s.api<{ code?: string }>(
    'POST',
    '/api/users',
    { username, password: 'a-long-password', role: 'supervisor', unitCode: 'S1' },
    s.adminToken,
  );
async function audit(action: string): Promise<AuditEntry[]> {
  const r = await s.api<{ items?: AuditEntry[] } | AuditEntry[]>(
    'GET',
    `/api/audit?action=${action}`,
    undefined,
    s.adminToken,
  );
  return Array.isArray(r.body) ? r.body : (r.body.items ?? []);
}

describe('security headers', () => {
  it.each(['/api/health', '/api/docs', '/wall', '/console'])(
    '%s carries the CSP and no X-Powered-By',
    async (path) => {
      const r = await raw(path);
      expect(r.headers.get('x-powered-by')).toBeNull();
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    },
  );
});

describe('CORS and the live handshake answer only allowed origins', () => {
  it('CORS: a configured origin and the server own origin are allowed, another is not', async () => {
    const pre = (origin: string) =>
      raw('/api/me', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    expect((await pre(ALLOWED)).headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect((await pre(s.url)).headers.get('access-control-allow-origin')).toBe(s.url);
    expect((await pre('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const simple = await raw('/api/health', { headers: { origin: 'https://evil.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  function connect(origin: string | undefined, transport: 'websocket' | 'polling', token: string): Socket {
    return io(s.url + LIVE_NAMESPACE, {
      auth: { token },
      transports: [transport],
      reconnection: false,
      forceNew: true,
      extraHeaders: origin ? { origin } : {},
    });
  }
  const outcome = (socket: Socket) =>
    new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (e: Error) => resolve(`refused: ${e.message}`));
    }).finally(() => socket.close());

  it.each(['websocket', 'polling'] as const)('a %s handshake from another origin is refused', async (t) => {
    const token = (await createToken(s, { kind: 'display', label: `origins ${t}` })).token;
    expect(await outcome(connect('https://evil.example', t, token))).toMatch(/^refused/);
    expect(await outcome(connect(s.url, t, token))).toBe('connected');
    expect(await outcome(connect(ALLOWED, t, token))).toBe('connected');
    // A source system or a test client sends no Origin: not a page acting for someone.
    expect(await outcome(connect(undefined, t, token))).toBe('connected');
  });
});

describe('login', () => {
  it('locks a username out after the configured failures, whether it exists or not, with an audit row each', async () => {
    await createUser('lock.me');
    const known: Awaited<ReturnType<typeof login>>[] = [];
    const unknown: Awaited<ReturnType<typeof login>>[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await login('lock.me', 'wrong-password'));
      unknown.push(await login('nobody.here', 'wrong-password'));
    }
    const shape = (rs: typeof known) => rs.map((r) => [r.status, r.body.code]);
    expect(shape(known)).toEqual([
      [401, 'AUTH.UNAUTHORIZED'],
      [401, 'AUTH.UNAUTHORIZED'],
      [401, 'AUTH.UNAUTHORIZED'],
      [429, 'AUTH.LOCKED_OUT'],
    ]);
    // The same answers, word for word: nothing tells which username exists.
    expect(shape(unknown)).toEqual(shape(known));
    expect(known[0].body).toEqual(unknown[0].body);
    expect(known[3].body.details!.retryAfterSeconds).toBeGreaterThan(0);
    expect(known[3].body.details!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Locked out means locked out: the right password does not help until the time is up.
    expect((await login('lock.me', 'a-long-password')).status).toBe(429);
    expect((await login('LOCK.ME', 'a-long-password')).status).toBe(429);

    const failed = await audit('auth.login_failed');
    expect(failed.filter((a) => a.actor === 'lock.me')).toHaveLength(3);
    expect(failed.filter((a) => a.actor === 'nobody.here')).toHaveLength(3);
    expect(failed.find((a) => a.actor === 'lock.me')!.details).toMatchObject({ knownUser: true });
    const locked = await audit('auth.locked_out');
    expect(locked.map((a) => a.actor).sort()).toEqual(['lock.me', 'nobody.here']);
  });

  it('the Retry-After header says when to come back', async () => {
    const r = await raw('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody.here', password: 'x' }),
    });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a successful login clears the count of its username', async () => {
    await createUser('forgetful');
    expect((await login('forgetful', 'wrong')).status).toBe(401);
    expect((await login('forgetful', 'wrong')).status).toBe(401);
    expect((await login('forgetful', 'a-long-password')).status).toBe(200);
    expect((await login('forgetful', 'wrong')).status).toBe(401);
    expect((await login('forgetful', 'wrong')).status).toBe(401);
    expect((await login('forgetful', 'a-long-password')).status).toBe(200);
  });

  it('an unknown username costs as long as a wrong password (a real bcrypt comparison)', async () => {
    await createUser('timed.user');
    const time = async (username: string) => {
      const t = performance.now();
      await login(username, 'wrong');
      return performance.now() - t;
    };
    // Two attempts for the existing user (below the lock-out of three), two for unknown ones.
    const known = [await time('timed.user'), await time('timed.user')];
    const unknown = [await time('ghost.one'), await time('ghost.two')];
    // The fastest of each: a loaded machine only ever adds time. A bcrypt comparison at cost 10
    // takes tens of milliseconds; the malformed hash compared before returned at once.
    const knownMs = Math.min(...known);
    const unknownMs = Math.min(...unknown);
    expect(unknownMs).toBeGreaterThan(knownMs * 0.5);
    expect(unknownMs).toBeGreaterThan(20);
  });

  it('usernames are unique whatever their case, and login finds them in any case', async () => {
    expect((await createUser('Case.Person')).status).toBe(201);
    const again = await createUser('case.PERSON');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('USER.EXISTS');
    expect((await login('CASE.person', 'a-long-password')).status).toBe(200);
  });

  it('of five creations of one name in different cases at once, exactly one succeeds', async () => {
    const names = ['Race.One', 'race.one', 'RACE.ONE', 'rAce.one', 'race.ONE'];
    const answers = await Promise.all(names.map((n) => createUser(n)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'USER.EXISTS')).toBe(true);
    const users = await s.api<{ username: string }[]>('GET', '/api/users', undefined, s.adminToken);
    expect(users.body.filter((u) => u.username.toLowerCase() === 'race.one')).toHaveLength(1);
  });
});

describe('live messages are rate-limited', () => {
  const resume = (socket: Socket, afterSeq: unknown) =>
    new Promise<ResumeAnswer>((resolve) => socket.emit('resume', { afterSeq }, resolve));

  it('resume beyond the burst is refused with the reason', async () => {
    const token = (await createToken(s, { kind: 'display', label: 'eager wall' })).token;
    const socket = await openSocket(s.url, token);
    try {
      // 10 a minute: a burst of one, then one every six seconds.
      expect(await resume(socket, 0)).toMatchObject({ ok: true });
      const refused = await resume(socket, 0);
      expect(refused).toEqual({
        ok: false,
        replayed: 0,
        error: 'rate limited: at most 10 messages a minute (JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE)',
      });
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('a socket that keeps sending past a minute of refusals is disconnected; the server stays up', async () => {
    const token = (await createToken(s, { kind: 'display', label: 'flooding wall' })).token;
    const socket = await openSocket(s.url, token);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    for (let i = 0; i < 20; i++) socket.emit('resume', { afterSeq: 0 });
    expect(await gone).toBe('io server disconnect');
    expect((await s.api('GET', '/api/health')).status).toBe(200);
  });

  it('reconnecting in a loop is refused once the principal has used its connections', async () => {
    const token = (await createToken(s, { kind: 'display', label: 'looping wall' })).token;
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const socket = io(s.url + LIVE_NAMESPACE, {
        auth: { token, afterSeq: 0 },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      outcomes.push(
        await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (e: Error & { data?: { code?: string } }) =>
            resolve(e.data?.code ?? e.message),
          );
        }),
      );
      socket.close();
    }
    // 10 a minute: a burst of half of it (at least four: a 2×2 wall reconnecting together), then refused.
    expect(outcomes).toEqual([...Array(5).fill('connected'), 'LIVE.RATE_LIMITED', 'LIVE.RATE_LIMITED']);
  });
});

describe('secrets and errors', () => {
  it('signs sessions with JIFEN_JWT_SECRET from the environment', async () => {
    // A real session's claims (its id and generation) signed anew: only the environment's
    // secret makes them a session the server accepts.
    const claims = jwt.decode(s.adminToken) as jwt.JwtPayload;
    const { iat: _iat, exp: _exp, ...session } = claims;
    const resigned = jwt.sign(session, JWT_SECRET, { expiresIn: 60 });
    expect((await s.api('GET', '/api/me', undefined, resigned)).status).toBe(200);
    const other = jwt.sign(session, 'some-other-secret-of-at-least-32-chars', { expiresIn: 60 });
    expect((await s.api('GET', '/api/me', undefined, other)).status).toBe(401);
    expect((await login('admin', ADMIN_PASSWORD)).status).toBe(200);
  });

  it.each([
    [
      'malformed JSON',
      { method: 'POST', path: '/api/auth/login', body: '{"username":', type: 'application/json' },
    ],
    [
      'a broken percent-encoding',
      { method: 'GET', path: '/api/alerts/%E0%A4%A', body: undefined, type: undefined },
    ],
    ['an unknown API path', { method: 'GET', path: '/api/nothing/here', body: undefined, type: undefined }],
    ['a wrong content type', { method: 'POST', path: '/api/auth/login', body: 'x', type: 'text/plain' }],
  ])('%s answers a JSON error without a stack trace', async (_, req) => {
    const r = await raw(req.path, {
      method: req.method,
      body: req.body,
      headers: req.type ? { 'content-type': req.type } : {},
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    const text = await r.text();
    expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|\.js:\d+/);
    expect(JSON.parse(text)).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
      messageZh: expect.any(String),
    });
  });
});
