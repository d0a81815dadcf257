import type {
  CauseOf,
  DeliveryPage,
  ErrorBody,
  InboxPage,
  NotificationPreferences,
  SessionUser,
  WebhookPayload,
  WebhookWithSecret,
} from '@jifen/shared';
import { createHmac } from 'node:crypto';
import { Notifier } from '../../server/src/modules/notifications/notifier';
import { OFFICERS, UNITS } from '../factories/org';
import { LiveClient } from '../support/live-client';
import { SmtpReceiver, WebhookReceiver, eventually } from '../support/receivers';
import { startTestServer, type TestServer } from '../support/test-server';
import { createUser as createUserAs, type LoggedInUser } from '../support/users';

let s: TestServer;
const smtp = new SmtpReceiver();
const hooks = new WebhookReceiver();
let hookBase = '';
const users: Record<string, LoggedInUser> = {};
const live: LiveClient[] = [];

async function createUser(username: string, body: Record<string, unknown>) {
  users[username] = await createUserAs(s, username, body);
}

beforeAll(async () => {
  const smtpPort = await smtp.start();
  hookBase = await hooks.start();
  s = await startTestServer({
    env: {
      JIFEN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      JIFEN_SMTP_FROM: '执法办案积分 <jifen@bureau.example>',
    },
  });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  await createUser('sup1', { role: 'supervisor', unitCode: 'S1' });
  await createUser('sup2', { role: 'supervisor', unitCode: 'S2' });
  await createUser('off1', { role: 'officer', badgeNo: '100001' });
});

afterAll(async () => {
  for (const c of live) c.socket.close();
  // the hanging endpoint first, so no delivery job is left waiting on it while workers close
  await hooks.stop();
  await s.stop();
  await smtp.stop();
});

const notifier = () => s.jifen.app.get(Notifier);

function problemRaised(id: string, unitCode = 'S1'): CauseOf<'problem.raised'> {
  return {
    id,
    trigger: 'problem.raised',
    occurredAt: '2026-11-23T08:15:00+08:00',
    unitCode,
    data: {
      problemId: `p-${id}`,
      ruleId: 'CRIM_CUSTODY_DELIVERY_24H',
      title: { zh: '刑事拘留后24小时内未送看守所', en: 'Detainee not delivered within 24 h' },
      severity: 'critical',
      unitCode,
      unitName: unitCode === 'S1' ? '城关派出所' : '东城派出所',
      badgeNos: ['100001'],
      detectedAt: '2026-11-23T08:15:00+08:00',
      dueAt: '2026-11-24T08:15:00+08:00',
    },
  };
}

function published(id: string): CauseOf<'publication.published'> {
  return {
    id,
    trigger: 'publication.published',
    occurredAt: '2026-11-01T00:10:00+08:00',
    unitCode: null,
    data: { kind: 'monthly', period: '2026-10', version: 1, officerCount: 6 },
  };
}

function commended(id: string, badgeNo = '100001'): CauseOf<'commendation'> {
  return {
    id,
    trigger: 'commendation',
    occurredAt: '2026-10-01T00:20:00+08:00',
    unitCode: 'S1',
    data: {
      kind: 'quarterly',
      period: '2026-Q3',
      rank: 1,
      of: 6,
      badgeNo,
      name: '张伟',
      unitName: '城关派出所',
      total: 150,
    },
  };
}

const inboxOf = (user: string, query = '') =>
  s.api<InboxPage>('GET', `/api/notifications${query}`, undefined, users[user].token);

const deliveries = (query: string) =>
  s.api<DeliveryPage>('GET', `/api/notifications/deliveries${query}`, undefined, s.adminToken);

async function webhook(path: string, triggers: string[], extra: Record<string, unknown> = {}) {
  const r = await s.api<WebhookWithSecret>(
    'POST',
    '/api/webhooks',
    { label: `receiver ${path}`, url: hookBase + path, triggers, ...extra },
    s.adminToken,
  );
  expect(r.status).toBe(201);
  return r.body;
}

describe('the in-app inbox', () => {
  it('gets a cause once per recipient, pushed live to that user only, and never twice', async () => {
    const mine = new LiveClient(s.url, users.off1.token);
    const other = new LiveClient(s.url, users.sup2.token);
    live.push(mine, other);
    await Promise.all([mine.connected(), other.connected()]);
    await mine.waitFor('hello');

    const first = await notifier().notify(problemRaised('inbox-1'), [users.off1.id, users.sup1.id]);
    expect(first.deliveries.map((d) => [d.channel, d.target])).toEqual([
      ['in_app', users.off1.id],
      ['in_app', users.sup1.id],
    ]);
    expect(first.deliveries[0].jobId).toBe(`notify:inbox-1:in_app:${users.off1.id}`);

    const page = await eventually(async () => {
      const r = await inboxOf('off1');
      expect(r.body.items).toHaveLength(1);
      return r.body;
    });
    expect(page.unread).toBe(1);
    expect(page.items[0]).toMatchObject({
      causeId: 'inbox-1',
      trigger: 'problem.raised',
      title: {
        zh: '执法问题：刑事拘留后24小时内未送看守所',
        en: 'Problem: Detainee not delivered within 24 h',
      },
      link: '/console/problems/p-inbox-1',
      readAt: null,
    });
    expect(page.items[0].body.zh).toBe(
      '城关派出所于2026-11-23 08:15发现严重问题“刑事拘留后24小时内未送看守所”，涉及民警100001，请于2026-11-24 08:15前整改。',
    );

    const pushed = await mine.waitFor('notification');
    expect(pushed).toMatchObject({ notification: { id: page.items[0].id, causeId: 'inbox-1' }, unread: 1 });

    // the same cause again: the same deliveries and jobs, nothing new in anyone's inbox
    const again = await notifier().notify(problemRaised('inbox-1'), [users.off1.id, users.sup1.id]);
    expect(again.deliveries).toEqual(first.deliveries);
    await eventually(async () => {
      const log = await deliveries('?channel=in_app');
      const mineLogged = log.body.items.find((d) => d.id === first.deliveries[0].id)!;
      expect(mineLogged).toMatchObject({ status: 'delivered' });
      expect(mineLogged.attempts).toHaveLength(1);
    });
    expect((await inboxOf('off1')).body.items).toHaveLength(1);
    expect((await inboxOf('sup1')).body.items).toHaveLength(1);
    expect(other.of('notification')).toEqual([]);
  });

  it('marks one or all read, and refuses another user’s notification', async () => {
    await notifier().notify(problemRaised('inbox-2'), [users.off1.id]);
    const page = await eventually(async () => {
      const r = await inboxOf('off1', '?unread=true');
      expect(r.body.items.length).toBe(2);
      return r.body;
    });
    const [newest] = page.items;
    const read = await s.api('POST', `/api/notifications/${newest.id}/read`, undefined, users.off1.token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: newest.id, readAt: expect.any(String) });
    expect((await s.api('GET', '/api/notifications/unread-count', undefined, users.off1.token)).body).toEqual(
      { unread: 1 },
    );

    const foreign = await s.api<ErrorBody>(
      'POST',
      `/api/notifications/${newest.id}/read`,
      undefined,
      users.sup2.token,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ code: 'NOTIFICATION.NOT_FOUND', messageZh: expect.any(String) });

    expect((await s.api('POST', '/api/notifications/read-all', undefined, users.off1.token)).body).toEqual({
      unread: 0,
    });
    expect((await inboxOf('off1', '?unread=true')).body.items).toEqual([]);
    expect((await inboxOf('off1', '?limit=1')).body.nextCursor).toBe(page.items[0].id);
  });

  it('is for people: a display token is refused, a bad query is named', async () => {
    const token = await s.api<{ token: string }>(
      'POST',
      '/api/tokens',
      { kind: 'display', label: 'wall' },
      s.adminToken,
    );
    expect((await s.api('GET', '/api/notifications', undefined, token.body.token)).status).toBe(403);
    const bad = await s.api<ErrorBody>('GET', '/api/notifications?limit=0', undefined, users.off1.token);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('limit');
  });
});

describe('preferences', () => {
  it('start with the inbox for every trigger and no e-mail', async () => {
    const r = await s.api<NotificationPreferences>(
      'GET',
      '/api/notifications/preferences',
      undefined,
      users.sup1.token,
    );
    expect(r.body).toMatchObject({ email: null, locale: 'zh-CN', emailAvailable: true });
    expect(Object.values(r.body.channels).every((c) => c.in_app && !c.email)).toBe(true);
  });

  it('refuse e-mail without an address, a malformed address and an unknown trigger', async () => {
    const put = (body: unknown) =>
      s.api<ErrorBody>('PUT', '/api/notifications/preferences', body, users.sup1.token);
    const noAddress = await put({ channels: { 'problem.raised': { email: true } } });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body).toMatchObject({
      code: 'NOTIFICATION.EMAIL_MISSING',
      messageZh: expect.any(String),
    });
    const malformed = await put({ email: 'not-an-address' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('email');
    const unknown = await put({ channels: { 'case.accepted': { in_app: false } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('channels');
  });

  it('send each trigger where the user chose: e-mail for problems, nothing for appeals', async () => {
    const r = await s.api<NotificationPreferences>(
      'PUT',
      '/api/notifications/preferences',
      {
        email: 'zhangwei@bureau.example',
        channels: { 'problem.raised': { email: true }, 'appeal.decided': { in_app: false } },
      },
      users.off1.token,
    );
    expect(r.status).toBe(200);
    expect(r.body.channels['problem.raised']).toEqual({ in_app: true, email: true });
    expect(r.body.channels['appeal.decided']).toEqual({ in_app: false, email: false });

    const appeal = await notifier().notify(
      {
        id: 'appeal-1',
        trigger: 'appeal.decided',
        occurredAt: '2026-11-23T10:00:00+08:00',
        unitCode: 'S1',
        data: {
          appealId: 'a1',
          problemId: 'p1',
          title: { zh: '复核退回', en: 'Review returned' },
          badgeNo: '100001',
          upheld: true,
          note: '证据充分',
        },
      },
      [users.off1.id],
    );
    expect(appeal.deliveries).toEqual([]);

    const problem = await notifier().notify(problemRaised('mail-1'), [users.off1.id, users.sup1.id]);
    expect(problem.deliveries.map((d) => `${d.channel}:${d.target}`).sort()).toEqual(
      [`email:${users.off1.id}`, `in_app:${users.off1.id}`, `in_app:${users.sup1.id}`].sort(),
    );
    const mail = await eventually(() => {
      expect(smtp.messages).toHaveLength(1);
      return smtp.messages[0];
    });
    expect(mail.envelopeTo).toEqual(['zhangwei@bureau.example']);
    expect(mail.subject).toBe('执法问题：刑事拘留后24小时内未送看守所');
    expect(mail.from?.value[0]).toMatchObject({ address: 'jifen@bureau.example', name: '执法办案积分' });
    expect(mail.text).toContain('城关派出所于2026-11-23 08:15发现严重问题');
    expect(mail.text).toContain('/console/problems/p-mail-1');
    expect(mail.headers.get('x-jifen-delivery')).toBe(`mail-1:email:${users.off1.id}`);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@bureau\.example>$/);

    // notified again (a retried dispatcher): no second e-mail
    await notifier().notify(problemRaised('mail-1'), [users.off1.id]);
    await eventually(async () => {
      const log = await deliveries(`?channel=email&target=${users.off1.id}`);
      expect(log.body.items).toHaveLength(1);
      expect(log.body.items[0]).toMatchObject({
        status: 'delivered',
        attempts: [{ ok: true, statusCode: 250 }],
      });
    });
    expect(smtp.messages).toHaveLength(1);
  });

  it('write e-mails in the language the user chose', async () => {
    await s.api(
      'PUT',
      '/api/notifications/preferences',
      { email: 'sup1@bureau.example', locale: 'en', channels: { commendation: { email: true } } },
      users.sup1.token,
    );
    await notifier().notify(commended('mail-en'), [users.sup1.id]);
    const mail = await eventually(() => {
      const m = smtp.messages.find((x) => x.envelopeTo.includes('sup1@bureau.example'));
      expect(m).toBeDefined();
      return m!;
    });
    expect(mail.subject).toBe('Commended: Q3 2026');
    expect(mail.text).toContain(
      '张伟 (城关派出所) ranked 1 of 6 with 150.0 points in Q3 2026 and is commended.',
    );
  });
});

/** What a receiver does to trust a request: recompute the HMAC over `timestamp.body`. */
function verify(secret: string, r: { headers: Record<string, unknown>; body: string }) {
  const ts = String(r.headers['x-jifen-timestamp']);
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex');
  return r.headers['x-jifen-signature'] === expected;
}

describe('webhooks', () => {
  it('POST signed JSON, retried with exponential backoff until it succeeds, every try logged', async () => {
    hooks.answer = (r, before) => (r.path === '/flaky' && before < 2 ? 500 : 200);
    const endpoint = await webhook('/flaky', ['publication.published']);
    expect(endpoint.secret).toMatch(/^whsec_/);

    const n = await notifier().notify(published('pub-2026-10'), []);
    expect(n.deliveries).toEqual([
      expect.objectContaining({
        channel: 'webhook',
        target: endpoint.id,
        jobId: `notify:pub-2026-10:webhook:${endpoint.id}`,
      }),
    ]);
    const tries = await eventually(() => {
      expect(hooks.to('/flaky')).toHaveLength(3);
      return hooks.to('/flaky');
    });
    for (const t of tries) {
      expect(verify(endpoint.secret, t)).toBe(true);
      expect(verify('whsec_wrong', t)).toBe(false);
      expect(t.headers['x-jifen-delivery']).toBe(`pub-2026-10:webhook:${endpoint.id}`);
      expect(t.headers['x-jifen-trigger']).toBe('publication.published');
      expect(Math.abs(Number(t.headers['x-jifen-timestamp']) - s.clock.now() / 1000)).toBeLessThan(300);
    }
    // exponential: the second retry waited at least twice the first one's 1 s
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(1000);
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(2000);

    const payload = JSON.parse(tries[2].body) as WebhookPayload;
    expect(payload).toMatchObject({
      id: `pub-2026-10:webhook:${endpoint.id}`,
      cause: published('pub-2026-10'),
      title: { zh: '2026年10月执法办案积分月度晾晒已发布' },
      link: '/publications/monthly/2026-10',
    });

    const log = await eventually(async () => {
      const r = await s.api<DeliveryPage>(
        'GET',
        `/api/webhooks/${endpoint.id}/deliveries`,
        undefined,
        s.adminToken,
      );
      expect(r.body.items[0]?.status).toBe('delivered');
      return r.body.items;
    });
    expect(log).toHaveLength(1);
    expect(log[0].attempts.map((a) => [a.attempt, a.ok, a.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, true, 200],
    ]);
    expect(log[0].attempts[0].error).toBe('HTTP 500: try again');
  });

  it('never let a failing endpoint slow the others', async () => {
    hooks.answer = (r) => (r.path === '/hang' ? null : 200);
    await webhook('/hang', ['commendation']);
    await webhook('/fast', ['commendation']);
    for (const id of ['fast-1', 'fast-2', 'fast-3']) await notifier().notify(commended(id), []);
    await eventually(() => expect(hooks.to('/fast')).toHaveLength(3));
    // all three went through while the hanging endpoint still holds its requests open
    expect(hooks.to('/hang').length).toBeGreaterThanOrEqual(1);
    const hanging = await deliveries('?channel=webhook&status=pending');
    expect(hanging.body.items.filter((d) => d.causeId.startsWith('fast-'))).toHaveLength(3);
  });

  it('reach only endpoints whose unit holds the cause, and never deleted ones', async () => {
    hooks.answer = () => 200;
    const scoped = await webhook('/s2', ['problem.escalated'], { unitCode: 'S2' });
    const gone = await webhook('/gone', ['problem.escalated']);
    expect((await s.api('DELETE', `/api/webhooks/${gone.id}`, undefined, s.adminToken)).status).toBe(200);
    const escalated = (id: string, unitCode: string): CauseOf<'problem.escalated'> => ({
      ...problemRaised(id, unitCode),
      trigger: 'problem.escalated',
      data: {
        ...problemRaised(id, unitCode).data,
        escalatedTo: { unitCode: 'B1', unitName: '测试县公安局' },
      },
    });
    expect((await notifier().notify(escalated('esc-s1', 'S1'), [])).deliveries).toEqual([]);
    expect((await notifier().notify(escalated('esc-s2', 'S2'), [])).deliveries.map((d) => d.target)).toEqual([
      scoped.id,
    ]);
    await eventually(() => expect(hooks.to('/s2')).toHaveLength(1));
    const listed = await s.api<{ id: string }[]>('GET', '/api/webhooks', undefined, s.adminToken);
    expect(listed.body.map((w) => w.id)).not.toContain(gone.id);
  });

  it('are managed by administrators only, and bad input is named', async () => {
    const create = (body: unknown, token = s.adminToken) =>
      s.api<ErrorBody & WebhookWithSecret>('POST', '/api/webhooks', body, token);
    expect(
      (await create({ label: 'x', url: hookBase, triggers: ['commendation'] }, users.sup1.token)).status,
    ).toBe(403);
    const ftp = await create({ label: 'x', url: 'ftp://example.org/in', triggers: ['commendation'] });
    expect(ftp.status).toBe(400);
    expect(ftp.body.message).toContain('url');
    const none = await create({ label: 'x', url: hookBase, triggers: [] });
    expect(none.body.message).toContain('triggers');
    const odd = await create({ label: 'x', url: hookBase, triggers: ['case.accepted'] });
    expect(odd.status).toBe(400);
    const unit = await create({ label: 'x', url: hookBase, triggers: ['commendation'], unitCode: 'NOPE' });
    expect(unit.body).toMatchObject({ statusCode: 400, code: 'WEBHOOK.UNKNOWN_UNIT' });

    const made = await webhook('/rotated', ['award.ineligible']);
    const empty = await s.api<ErrorBody>('PATCH', `/api/webhooks/${made.id}`, {}, s.adminToken);
    expect(empty.status).toBe(400);
    const rotated = await s.api<WebhookWithSecret>(
      'PATCH',
      `/api/webhooks/${made.id}`,
      { rotateSecret: true, enabled: false },
      s.adminToken,
    );
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(made.secret);
    expect(rotated.body.enabled).toBe(false);
    expect((await s.api('PATCH', '/api/webhooks/nope', { enabled: true }, s.adminToken)).status).toBe(404);
  });
});

describe('the notifier', () => {
  it('refuses a malformed cause and recipients that are not users, naming them', async () => {
    await expect(notifier().notify({ ...problemRaised('x'), id: 'has spaces' }, [])).rejects.toMatchObject({
      status: 400,
      code: 'REQUEST.INVALID',
      message: expect.stringContaining('id'),
    });
    await expect(
      notifier().notify(problemRaised('unknown-user'), ['00000000-0000-0000-0000-000000000000']),
    ).rejects.toMatchObject({ status: 400, code: 'NOTIFICATION.UNKNOWN_RECIPIENT' });
  });

  it('shows the delivery log to administrators only', async () => {
    expect((await s.api('GET', '/api/notifications/deliveries', undefined, users.sup1.token)).status).toBe(
      403,
    );
    const bad = await s.api<ErrorBody>(
      'GET',
      '/api/notifications/deliveries?channel=sms',
      undefined,
      s.adminToken,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('channel');
  });
});

describe('without SMTP settings', () => {
  it('says e-mail is unavailable and sends none, whatever a user chose', async () => {
    const plain = await startTestServer({ sqlite: true });
    try {
      const token = plain.adminToken;
      const prefs = await plain.api<NotificationPreferences>(
        'PUT',
        '/api/notifications/preferences',
        { email: 'u1@bureau.example', channels: { 'publication.published': { email: true } } },
        token,
      );
      expect(prefs.body.emailAvailable).toBe(false);
      const me = await plain.api<SessionUser>('GET', '/api/me', undefined, token);
      const n = await plain.jifen.app.get(Notifier).notify(published('no-smtp'), [me.body.id]);
      expect(n.deliveries.map((d) => d.channel)).toEqual(['in_app']);
    } finally {
      await plain.stop();
    }
  });
});
