import type {
  Alert,
  AlertPage,
  Appeal,
  CreatedToken,
  InboxPage,
  IngestAnswer,
  NotificationMessage,
  WebhookPayload,
  WebhookWithSecret,
} from '@jifen/shared';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../server/src/core/database/unit-of-work';
import { OutboxCursors } from '../../server/src/core/outbox/outbox-cursors';
import { OutboxWriter } from '../../server/src/core/outbox/outbox.writer';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import {
  NOTIFICATION_DISPATCHER,
  NotificationDispatcher,
} from '../../server/src/modules/notifications/dispatcher';
import type { PublishedHonours } from '../../server/src/modules/notifications/domain/outbox-causes';
import { PublishedPeriods } from '../../server/src/modules/notifications/published-periods';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { LiveClient } from '../support/live-client';
import { SmtpReceiver, WebhookReceiver, eventually } from '../support/receivers';
import { startTestServer, type TestServer } from '../support/test-server';
import { createUser as createUserAs, type LoggedInUser } from '../support/users';

/**
 * The dispatcher end to end: events go in through the API, problems are raised, escalated,
 * overdue and appealed by the real supervision code, and the people they concern find them in
 * their inbox, their mailbox and the bureau's webhook — once each, even after the dispatcher
 * has been stopped and has read the same outbox rows again.
 */
const START = '2026-11-23T10:15:00+08:00';
let s: TestServer;
let ingest: string;
const smtp = new SmtpReceiver();
const hooks = new WebhookReceiver();
let hook: WebhookWithSecret;
const users: Record<string, LoggedInUser> = {};
const live: LiveClient[] = [];

async function createUser(username: string, body: Record<string, unknown>) {
  users[username] = await createUserAs(s, username, body);
}

beforeAll(async () => {
  const smtpPort = await smtp.start();
  const hookBase = await hooks.start();
  s = await startTestServer({
    now: START,
    env: {
      JIFEN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      JIFEN_SMTP_FROM: '执法办案积分 <jifen@bureau.example>',
    },
  });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
  await createUser('sup-b1', { role: 'supervisor', unitCode: 'B1' });
  await createUser('sup-s1', { role: 'supervisor', unitCode: 'S1' });
  await createUser('sup-s2', { role: 'supervisor', unitCode: 'S2' });
  await createUser('off-1', { role: 'officer', badgeNo: '100001' });
  await createUser('off-3', { role: 'officer', badgeNo: '100003' });
  await createUser('off-4', { role: 'officer', badgeNo: '200001' });
  const created = await s.api<WebhookWithSecret>(
    'POST',
    '/api/webhooks',
    { label: 'bureau hub', url: `${hookBase}/hub`, triggers: ['problem.raised', 'appeal.decided'] },
    s.adminToken,
  );
  hook = created.body;
  // off-1 also wants problems by e-mail, in Chinese
  await s.api(
    'PUT',
    '/api/notifications/preferences',
    { email: 'zhangwei@bureau.example', channels: { 'problem.raised': { email: true } } },
    users['off-1'].token,
  );
});

afterAll(async () => {
  for (const c of live) c.close();
  await hooks.stop();
  await s.stop();
  await smtp.stop();
});

const at = (offsetMs = 0) => new Date(s.clock.now() + offsetMs).toISOString();
const sweep = () => s.jifen.app.get(JobRunner).runNow('deadlineSweep');
const inbox = async (user: string) =>
  (await s.api<InboxPage>('GET', '/api/notifications?limit=200', undefined, users[user].token)).body.items;

async function raise(badgeNo: string, unitCode: string): Promise<Alert> {
  const ref = `N-${Math.random().toString(36).slice(2, 10)}`;
  const r = await s.api<IngestAnswer>(
    'POST',
    '/api/events',
    {
      events: [
        event('case.overturned', {
          subject: { kind: 'case', ref },
          unitCode,
          occurredAt: at(),
          officers: [{ badgeNo, role: 'primary' }],
        }),
      ],
    },
    ingest,
  );
  expect(r.body.accepted).toBe(1);
  const page = await s.api<AlertPage>('GET', '/api/alerts?limit=500', undefined, s.adminToken);
  return page.body.items.find((a) => a.subject.ref === ref)!;
}

/** Who holds a cause in their inbox, by username. */
async function holders(causeId: string): Promise<string[]> {
  const out: string[] = [];
  for (const u of Object.keys(users))
    for (const item of await inbox(u)) if (item.causeId === causeId) out.push(u);
  return out.sort();
}

describe('the dispatcher tells the people a change concerns', () => {
  let raised: Alert;

  it('a problem raised: its officer and the supervisors above its unit, live, by e-mail and webhook', async () => {
    const mine = new LiveClient(s.url, users['off-1'].token);
    live.push(mine);
    await mine.connected();
    await mine.waitFor('hello');
    raised = await raise('100001', 'S1');
    const causeId = `problem.raised-${raised.id}`;

    const pushed = await mine.waitFor(
      'notification',
      (m) => (m as unknown as NotificationMessage).notification.causeId === causeId,
      15_000,
    );
    expect((pushed as unknown as NotificationMessage).notification.title.zh).toBe(
      `执法问题：${raised.title.zh}`,
    );
    await eventually(async () => expect(await holders(causeId)).toEqual(['off-1', 'sup-b1', 'sup-s1']));

    const mail = await eventually(() => {
      const m = smtp.messages.find(
        (x) => x.headers.get('x-jifen-delivery') === `${causeId}:email:${users['off-1'].id}`,
      );
      expect(m).toBeDefined();
      return m!;
    });
    expect(mail.subject).toBe(`执法问题：${raised.title.zh}`);
    expect(mail.envelopeTo).toEqual(['zhangwei@bureau.example']);

    const post = await eventually(() => {
      const r = hooks
        .to('/hub')
        .filter((x) => x.headers['x-jifen-delivery'] === `${causeId}:webhook:${hook.id}`);
      expect(r).toHaveLength(1);
      return r[0];
    });
    const payload = JSON.parse(post.body) as WebhookPayload;
    expect(payload.cause).toMatchObject({
      id: causeId,
      trigger: 'problem.raised',
      unitCode: 'S1',
      data: { problemId: raised.id, unitName: '城关派出所', badgeNos: ['100001'] },
    });
  });

  it('an escalation: the officer and the supervisors of the unit it went to, not the station beside it', async () => {
    const p = await raise('100003', 'S1-A');
    s.clock.advance(16 * 60_000);
    await sweep();
    await eventually(async () =>
      expect(await holders(`problem.escalated-${p.id}-S1`)).toEqual(['off-3', 'sup-b1', 'sup-s1']),
    );
    const [item] = (await inbox('off-3')).filter((i) => i.causeId === `problem.escalated-${p.id}-S1`);
    expect(item.title.zh).toBe(`问题已升级：${p.title.zh}`);
    expect(item.body.zh).toContain('已升级至城关派出所');
  });

  it('a rectification overdue: told once, to the officer and the unit’s supervisors', async () => {
    const p = await raise('200001', 'S2');
    expect(p.rectifyDueAt).not.toBeNull();
    s.clock.set(Date.parse(p.rectifyDueAt!) + 60_000);
    await sweep();
    await sweep();
    const causeId = `rectification.overdue-${p.id}`;
    await eventually(async () => expect(await holders(causeId)).toEqual(['off-4', 'sup-b1', 'sup-s2']));
    const [item] = (await inbox('sup-s2')).filter((i) => i.causeId === causeId);
    expect(item.title.zh).toBe(`整改超期：${p.title.zh}`);
    // the RECTIFY_OVERDUE problem itself is not told again as a new problem
    const page = await s.api<AlertPage>('GET', '/api/alerts?limit=500', undefined, s.adminToken);
    const overdue = page.body.items.find((a) => a.ruleId === 'RECTIFY_OVERDUE' && a.unitCode === 'S2');
    expect(overdue).toBeDefined();
    expect(await holders(`problem.raised-${overdue!.id}`)).toEqual([]);
  });

  it('an appeal decided: the appellant only, with the decision and its note', async () => {
    const appeal = await s.api<Appeal>(
      'POST',
      `/api/alerts/${raised.id}/appeal`,
      { reason: '该案由他人主办，系录入错误' },
      users['off-1'].token,
    );
    expect(appeal.status).toBe(201);
    const decided = await s.api<Appeal>(
      'POST',
      `/api/appeals/${appeal.body.id}/decide`,
      { upheld: false, note: '证据充分，维持原判' },
      users['sup-s1'].token,
    );
    expect(decided.status).toBe(200);
    const causeId = `appeal.decided-${appeal.body.id}`;
    await eventually(async () => expect(await holders(causeId)).toEqual(['off-1']));
    const [item] = (await inbox('off-1')).filter((i) => i.causeId === causeId);
    expect(item.title.zh).toBe(`申诉未获支持：${raised.title.zh}`);
    expect(item.body.zh).toContain('证据充分，维持原判');
  });

  it('a publication: everyone in its scope, and each commended or ineligible officer in person', async () => {
    // The publication module's store of snapshots stands behind this port; here it answers
    // for one annual assessment of the station S1.
    const honours: PublishedHonours = {
      ranked: 3,
      commended: [
        { badgeNo: '100001', name: '张伟', unitCode: 'S1', unitName: '城关派出所', rank: 1, total: 182.5 },
      ],
      ineligible: [
        { badgeNo: '100003', name: '王强', unitCode: 'S1-A', unitName: '城关一中队', rank: 3, total: 12 },
      ],
    };
    const port = s.jifen.app.get(PublishedPeriods);
    port.honours = (kind, period, version) =>
      Promise.resolve(kind === 'annual' && period === '2026' && version === 1 ? honours : null);
    await s.jifen.app.get(UnitOfWork).run((m) =>
      s.jifen.app.get(OutboxWriter).append(m, [
        {
          kind: 'publication.published',
          unitPath: '/B1/S1/',
          payload: {
            kind: 'annual',
            period: '2026',
            version: 1,
            scope: { unitCode: 'S1', unitName: '城关派出所' },
          },
        },
      ]),
    );
    // The supervisors above and in S1 and its officers; not S2's supervisor nor S2's officer.
    await eventually(async () =>
      expect(await holders('publication.published-annual-2026-v1')).toEqual([
        'off-1',
        'off-3',
        'sup-b1',
        'sup-s1',
      ]),
    );
    await eventually(async () => expect(await holders('commendation-annual-2026-100001')).toEqual(['off-1']));
    await eventually(async () =>
      expect(await holders('award.ineligible-annual-2026-100003')).toEqual(['off-3']),
    );
    const [ineligible] = (await inbox('off-3')).filter((i) => i.trigger === 'award.ineligible');
    expect(ineligible.body.zh).toBe(
      '城关一中队王强在2026年度执法办案积分排名第3名（共3名），得分12.0分，按规定取消年度评优评先资格。',
    );
    expect(ineligible.link).toBe('/publications/annual/2026');
  });

  it('a dispatcher that reads the same rows again after a restart sends nothing twice', async () => {
    const db = s.jifen.app.get(DataSource);
    const count = async () => {
      const [inboxRows] = await db.query<{ n: string }[]>('SELECT count(*) AS n FROM notification_inbox');
      return { inbox: Number(inboxRows.n), hub: hooks.to('/hub').length, mail: smtp.messages.length };
    };
    await eventually(async () => {
      const [pending] = await db.query<{ n: string }[]>(
        "SELECT count(*) AS n FROM notification_deliveries WHERE status = 'pending'",
      );
      expect(Number(pending.n)).toBe(0);
    });
    const before = await count();
    expect(before.inbox).toBeGreaterThanOrEqual(13);

    // The dispatcher stops as if killed after handing its causes over but before its cursor
    // moved: the cursor goes back to the very first row, and a new worker takes over.
    await s.jifen.app.get(NotificationDispatcher).onModuleDestroy();
    await s.jifen.app.get(OutboxCursors).set(NOTIFICATION_DISPATCHER, 0);
    const worker = await s.startSibling({ JIFEN_ROLE: 'worker' });
    await eventually(async () => {
      const max = await db.query<{ m: string }[]>('SELECT max(seq) AS m FROM outbox');
      expect(await worker.app.get(OutboxCursors).get(NOTIFICATION_DISPATCHER)).toBe(Number(max[0].m));
    });
    // long enough for any job it enqueued to have run
    await new Promise((r) => setTimeout(r, 1500));
    expect(await count()).toEqual(before);

    // and it keeps telling what comes after
    const p = await raise('100001', 'S1');
    await eventually(async () =>
      expect(await holders(`problem.raised-${p.id}`)).toEqual(['off-1', 'sup-b1', 'sup-s1']),
    );
  });
});
