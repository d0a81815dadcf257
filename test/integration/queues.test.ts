import type { BoardSession, ErrorBody, QueuesAnswer, SessionUser } from '@jifen/shared';
import { QUEUES } from '../../server/src/core/queue/jobs';
import { QueueProbe } from '../support/queue-probe';
import type { TestServer } from '../support/test-server';

/** What administrators see of the queues: the overview endpoint and the dashboard behind its pass. */
let s: TestServer;
let probe: QueueProbe;
beforeAll(async () => {
  probe = await QueueProbe.apiServer();
  s = probe.server;
});
afterAll(() => probe.stop());
const jobs = () => probe.jobs;

describe('GET /api/queues', () => {
  it('shows every queue’s counts and its latest failures with their errors', async () => {
    await probe.failOnly(
      'webhooks',
      () =>
        jobs().enqueue('notifyWebhook', { deliveryId: 'broken' }, { jobId: 'notify:cause-4:webhook:e-9' }),
      'HTTP 500: endpoint down',
    );
    await jobs().enqueue('notifyInApp', { deliveryId: 'waiting' }, { jobId: 'notify:cause-5:in_app:u-5' });
    const r = await s.api<QueuesAnswer>('GET', '/api/queues', undefined, s.adminToken);
    expect(r.status).toBe(200);
    expect(r.body.queues.map((q) => q.name)).toEqual([...QUEUES]);
    const webhooks = r.body.queues.find((q) => q.name === 'webhooks')!;
    expect(webhooks.counts.failed).toBe(1);
    expect(webhooks.failed).toEqual([
      expect.objectContaining({
        id: 'notify:cause-4:webhook:e-9',
        name: 'webhook',
        failedReason: 'HTTP 500: endpoint down',
        attemptsMade: 1,
        data: { deliveryId: 'broken' },
        failedAt: expect.any(String),
      }),
    ]);
    const notifications = r.body.queues.find((q) => q.name === 'notifications')!;
    expect(notifications.counts).toEqual({ waiting: 1, active: 0, failed: 0, delayed: 0, completed: 0 });
  });

  it('needs a token (and the admin role, below)', async () => {
    expect((await s.api('GET', '/api/queues')).status).toBe(401);
  });
});

describe('the queue dashboard', () => {
  let supervisor = '';
  beforeAll(async () => {
    await s.api(
      'POST',
      '/api/org/import',
      { units: [{ code: 'B1', name: '测试县公安局', kind: 'bureau' }], officers: [] },
      s.adminToken,
    );
    const made = await s.api<SessionUser>(
      'POST',
      '/api/users',
      { username: 'board-sup', password: 'a-long-password', role: 'supervisor', unitCode: 'B1' },
      s.adminToken,
    );
    expect(made.status).toBe(201);
    supervisor = await s.login('board-sup', 'a-long-password');
  });

  const board = (headers: Record<string, string> = {}, sub = '/') =>
    fetch(`${s.url}/api/queues/board${sub}`, { headers, redirect: 'manual' });

  async function session(token: string) {
    const res = await fetch(`${s.url}/api/queues/board-session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    return { res, body: (await res.json()) as BoardSession & ErrorBody };
  }

  it('refuses anonymous and non-admin requests', async () => {
    const anonymous = await board();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      code: 'AUTH.UNAUTHORIZED',
      messageZh: expect.any(String),
    });
    const bySupervisor = await board({ authorization: `Bearer ${supervisor}` });
    expect(bySupervisor.status).toBe(403);
    expect(await bySupervisor.json()).toMatchObject({ messageZh: '任务队列面板仅限管理员访问' });
    expect((await session(supervisor)).res.status).toBe(403);
    expect((await s.api('GET', '/api/queues', undefined, supervisor)).status).toBe(403);
  });

  it('lets an admin’s browser in with a short-lived HttpOnly cookie for the board’s path only', async () => {
    const { res, body } = await session(s.adminToken);
    expect(res.status).toBe(200);
    expect(body.url).toBe('/api/queues/board/');
    // fifteen minutes from now, to the second
    expect(Math.abs(Date.parse(body.expiresAt) - (s.clock.now() + 15 * 60_000))).toBeLessThan(1000);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(
      /^jifen_queue_board=[^;]+; Max-Age=900; Path=\/api\/queues\/board; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
    );
    const pair = cookie.split(';')[0];

    const page = await board({ cookie: pair });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('Jifen 任务队列');

    const api = await board({ cookie: pair }, '/api/queues');
    expect(api.status).toBe(200);
    const listed = (await api.json()) as { queues: { name: string }[] };
    expect(listed.queues.map((q) => q.name).sort()).toEqual([...QUEUES].sort());

    // the pass opens the board, not the API
    const asBearer = await s.api<ErrorBody>('GET', '/api/me', undefined, pair.split('=')[1]);
    expect(asBearer.status).toBe(401);
    // a tampered pass is refused
    expect((await board({ cookie: `${pair.slice(0, -2)}xx` })).status).toBe(401);
  });

  it('expires the pass after fifteen minutes', async () => {
    const { res } = await session(s.adminToken);
    const pair = res.headers.getSetCookie()[0].split(';')[0];
    const now = s.clock.now();
    try {
      s.clock.set(now + 15 * 60_000 + 1000);
      const late = await board({ cookie: pair });
      expect(late.status).toBe(401);
      expect(await late.json()).toMatchObject({
        message: 'the pass has expired, open it again from the console',
      });
    } finally {
      s.clock.set(now);
    }
  });
});
