import type {
  Alert,
  AlertPage,
  Appeal,
  InboxPage,
  CreatedToken,
  DailyNotice,
  IngestAnswer,
  MonthlyAiring,
  PublicationSummary,
  QuarterlyNotice,
  AnnualAssessment,
  PublicationSettings,
} from '@jifen/shared';
import { PUBLICATION_DEFAULTS } from '@jifen/shared';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { UnitOfWork } from '../../server/src/core/database/unit-of-work';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import { LedgerSnapshot } from '../../server/src/modules/publication/ledger-snapshot';
import { Publisher } from '../../server/src/modules/publication/publisher';
import { SnapshotBuilder } from '../../server/src/modules/publication/snapshot-builder';
import { event, type RawEvent } from '../factories/events';
import { LiveClient } from '../support/live-client';
import { eventually } from '../support/receivers';
import { OFFICERS, UNITS } from '../factories/org';
import { paragraphsOf, readDocx } from '../support/office-files';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Publications against the real server, Postgres and BullMQ on Redis, with the settable
 * clock walking across month, quarter and year ends in Asia/Shanghai.
 */

let s: TestServer;
let ingest: string;
let sup2: string;
let officer3: string;
let pg: Client;

beforeAll(async () => {
  s = await startTestServer({ now: '2026-10-20T12:00:00+08:00', env: { JIFEN_TIMEZONE: 'Asia/Shanghai' } });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (
    await s.api<CreatedToken>('POST', '/api/tokens', { kind: 'ingest', label: 'source' }, s.adminToken)
  ).body.token;
  const user = (body: unknown) => s.api('POST', '/api/users', body, s.adminToken);
  await user({ username: 'sup-s2', password: 'supervisor-s2-pw', role: 'supervisor', unitCode: 'S2' });
  await user({ username: 'sup-b1', password: 'supervisor-b1-pw', role: 'supervisor', unitCode: 'B1' });
  await user({ username: 'off-3', password: 'officer-three-pw', role: 'officer', badgeNo: '100003' });
  sup2 = await s.login('sup-s2', 'supervisor-s2-pw');
  officer3 = await s.login('off-3', 'officer-three-pw');
  if (s.config.database.driver !== 'postgres') throw new Error('these tests read Postgres directly');
  pg = new Client({ connectionString: s.config.database.url });
  await pg.connect();
});
afterAll(async () => {
  await pg?.end();
  await s.stop();
});

const post = async (events: RawEvent[]) => {
  const r = await s.api<IngestAnswer>('POST', '/api/events', { events }, ingest);
  expect(r.body).toMatchObject({ accepted: events.length, rejected: [] });
};
const filed = (occurredAt: string, primary: string, assistant?: string, unitCode = 'S1') =>
  event('case.filed', {
    occurredAt,
    unitCode,
    officers: [
      { badgeNo: primary, role: 'primary' },
      ...(assistant ? [{ badgeNo: assistant, role: 'assistant' as const }] : []),
    ],
  });

/** Waits until the period has a version `version` (the worker publishes it). */
async function published<T>(kind: string, period: string, version = 1): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const r = await s.api<T & { version: number }>(
      'GET',
      `/api/publications/${kind}/${period}`,
      undefined,
      s.adminToken,
    );
    if (r.status === 200 && r.body.version >= version) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${kind} ${period} version ${version} was never published`);
}

/** `null`: no token at all (the public). */
const get = <T>(path: string, token: string | null = s.adminToken) =>
  s.api<T>('GET', path, undefined, token ?? undefined);

const SUMS = ['total', 'base', 'bonus', 'deduction', 'quantity', 'quality', 'efficiency'] as const;
const pick = (r: Record<string, unknown>) => Object.fromEntries(SUMS.map((k) => [k, Number(r[k] ?? 0)]));

/** An independent aggregation of the ledger: what a publication must equal, row by row. */
async function ledgerTotals(months: string[], mark: number, amended = true) {
  const r = await pg.query(
    `SELECT "badgeNo",
            SUM(points) AS total,
            SUM(CASE WHEN kind = 'base' THEN points ELSE 0 END) AS base,
            SUM(CASE WHEN kind = 'bonus' THEN points ELSE 0 END) AS bonus,
            SUM(CASE WHEN kind = 'deduction' THEN points ELSE 0 END) AS deduction,
            SUM(CASE WHEN dimension = 'quantity' THEN points ELSE 0 END) AS quantity,
            SUM(CASE WHEN dimension = 'quality' THEN points ELSE 0 END) AS quality,
            SUM(CASE WHEN dimension = 'efficiency' THEN points ELSE 0 END) AS efficiency
       FROM ledger_entries
      WHERE id <= $2
        AND (month = ANY($1)
             OR ($3 AND "forMonth" = ANY($1) AND NOT (month = ANY($1)) AND "lateCorrection"
                 AND (cause = 'appeal_upheld' OR source = 'adjustment')))
      GROUP BY "badgeNo"`,
    [months, mark, amended],
  );
  return new Map(
    r.rows.map((x) => [x.badgeNo as string, Object.fromEntries(SUMS.map((k) => [k, Number(x[k]) / 10]))]),
  );
}

async function expectEqualsLedger(p: MonthlyAiring | QuarterlyNotice | AnnualAssessment, months: string[]) {
  const sql = await ledgerTotals(months, p.ledgerMark);
  for (const row of p.rows) {
    expect({ badgeNo: row.badgeNo, ...pick(row as unknown as Record<string, unknown>) }).toEqual({
      badgeNo: row.badgeNo,
      ...pick(sql.get(row.badgeNo) ?? {}),
    });
  }
  // Everyone with a ledger row in the period is in the publication.
  for (const badgeNo of sql.keys()) expect(p.rows.map((r) => r.badgeNo)).toContain(badgeNo);
}

describe('the monthly airing', () => {
  it('counts 23:59:59 on 31 October in October and 00:00:00 on 1 November in November', async () => {
    s.clock.set('2026-11-01T00:05:00+08:00');
    await post([
      filed('2026-10-05T09:00:00+08:00', '100001', '200001'),
      filed('2026-10-31T23:59:59+08:00', '100001', '200001'),
      filed('2026-11-01T00:00:00+08:00', '100002'),
      filed('2026-10-12T10:00:00+08:00', '200002', undefined, 'S2'),
      event('case.overturned', {
        occurredAt: '2026-10-10T10:00:00+08:00',
        unitCode: 'S1-A',
        officers: [{ badgeNo: '100003', role: 'primary' }],
      }),
    ]);
    s.clock.set('2026-11-01T00:10:00+08:00');
    const first = await s.api<{ jobId: string }>(
      'POST',
      '/api/publications/monthly/2026-10/run',
      undefined,
      s.adminToken,
    );
    expect(first).toEqual({ status: 202, body: { jobId: 'airing:2026-10' } });
    const again = await s.api('POST', '/api/publications/monthly/2026-10/run', undefined, s.adminToken);
    expect(again).toEqual({ status: 202, body: { jobId: 'airing:2026-10' } });

    const oct = await published<MonthlyAiring>('monthly', '2026-10');
    expect(oct).toMatchObject({
      kind: 'monthly',
      period: '2026-10',
      version: 1,
      reissue: null,
      timeZone: 'Asia/Shanghai',
    });
    expect(oct.scope).toEqual({ unitCode: 'B1', unitName: '测试县公安局' });
    const line = (b: string) => oct.rows.find((r) => r.badgeNo === b)!;
    expect(line('100001').total).toBe(20);
    expect(line('200001').total).toBe(10);
    expect(line('100003').total).toBe(-10);
    // 100002's only case was filed at 00:00:00 on 1 November: idle in October, listed with zero
    expect(line('100002').total).toBe(0);
    expect(oct.rows.map((r) => r.rank)).toEqual(oct.rows.map((_, i) => i + 1));
    expect(oct.rows[0].badgeNo).toBe('100001');
    // every officer of the bureau is listed; units ranked by what their subtrees earned
    expect(oct.rows).toHaveLength(OFFICERS.length);
    expect(oct.units.map((u) => u.unitCode)).toEqual(['S2', 'S1']);
    expect(oct.units.find((u) => u.unitCode === 'S1')!.total).toBe(10);
    await expectEqualsLedger(oct, ['2026-10']);

    const list = await get<PublicationSummary[]>('/api/publications?kind=monthly');
    expect(list.body).toEqual([
      { kind: 'monthly', period: '2026-10', version: 1, publishedAt: oct.publishedAt, versions: [1] },
    ]);
  });

  it('refuses periods not over yet, kinds and periods that do not exist, and names the problem', async () => {
    const open = await s.api<{ code: string }>(
      'POST',
      '/api/publications/monthly/2026-11/run',
      undefined,
      s.adminToken,
    );
    expect(open.status).toBe(409);
    expect(open.body.code).toBe('PUBLICATION.PERIOD_OPEN');
    const badKind = await get<{ message: string }>('/api/publications/weekly/2026-10');
    expect(badKind.status).toBe(400);
    expect(badKind.body.message).toMatch(/kind/);
    const badPeriod = await get<{ message: string }>('/api/publications/monthly/2026-13');
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.message).toMatch(/YYYY-MM/);
    expect((await get<{ code: string }>('/api/publications/monthly/2026-09')).body.code).toBe(
      'PUBLICATION.NOT_FOUND',
    );
    expect((await get<{ code: string }>('/api/publications/monthly/2026-10?version=9')).body.code).toBe(
      'PUBLICATION.VERSION_NOT_FOUND',
    );
    const asSupervisor = await s.api('POST', '/api/publications/monthly/2026-10/run', undefined, sup2);
    expect(asSupervisor.status).toBe(403);
  });

  it('books a late row for the aired month into the open month as 补记, leaving the airing as it was', async () => {
    s.clock.set('2026-11-03T10:00:00+08:00');
    await post([filed('2026-10-25T10:00:00+08:00', '200003', undefined, 'S2')]);
    const r = await pg.query(
      `SELECT month, "forMonth", "lateCorrection" FROM ledger_entries WHERE "badgeNo" = '200003'`,
    );
    expect(r.rows).toEqual([{ month: '2026-11', forMonth: '2026-10', lateCorrection: true }]);
    expect(await s.jifen.app.get(Publisher).reissueAmended()).toEqual([]);
    const oct = await published<MonthlyAiring>('monthly', '2026-10');
    expect(oct.version).toBe(1);
    expect(oct.rows.find((x) => x.badgeNo === '200003')!.total).toBe(0);

    s.clock.set('2026-12-01T00:10:00+08:00');
    expect(
      (await s.api('POST', '/api/publications/monthly/2026-11/run', undefined, s.adminToken)).status,
    ).toBe(202);
    const nov = await published<MonthlyAiring>('monthly', '2026-11');
    const late = nov.rows.find((x) => x.badgeNo === '200003')!;
    expect(late).toMatchObject({ total: 10, lateCorrections: 10 });
    expect(nov.rows.find((x) => x.badgeNo === '100002')!.total).toBe(10);
    expect(nov.rows.find((x) => x.badgeNo === '100002')!.lateCorrections).toBeUndefined();
    // against October: 100001 had 20 and is idle now
    expect(nov.rows.find((x) => x.badgeNo === '100001')!.change).toEqual({
      previousRank: 1,
      previousTotal: 20,
      totalDelta: -20,
      rankDelta: expect.any(Number),
    });
    await expectEqualsLedger(nov, ['2026-11']);
    // the files show the 补记 too, in a column of their own
    const csv = await fetch(`${s.url}/api/publications/monthly/2026-11?format=csv`, {
      headers: { authorization: `Bearer ${s.adminToken}` },
    });
    const rows: string[][] = parse(Buffer.from(await csv.arrayBuffer()), { bom: true });
    expect(rows[0].at(-1)).toBe('其中补记');
    expect(rows.find((r) => r[1] === '200003')!.at(-1)).toBe('10.0');
    expect(rows.find((r) => r[1] === '100002')!.at(-1)).toBe('');
  });
});

describe('re-issue', () => {
  it('publishes a new version after a correction dated in an aired month, every version readable', async () => {
    const adj = await s.api<{ id: string; lateCorrection: boolean }>(
      'POST',
      '/api/adjustments',
      {
        badgeNo: '200002',
        points: 3,
        dimension: 'quality',
        reason: '十月专项行动表彰补录',
        occurredAt: '2026-10-15T10:00:00+08:00',
      },
      s.adminToken,
    );
    expect(adj.status).toBe(201);
    expect(adj.body.lateCorrection).toBe(true);
    const v2 = await published<MonthlyAiring>('monthly', '2026-10', 2);
    expect(v2.reissue).toMatchObject({
      supersedes: 1,
      cause: 'correction',
      refs: [`adjustment:${adj.body.id}`],
    });
    expect(v2.reissue!.reason).toContain('十月专项行动表彰补录');
    expect(v2.reissue!.changes.find((c) => c.badgeNo === '200002')).toMatchObject({
      before: { total: 10 },
      after: { total: 13 },
    });
    const v1 = (await get<MonthlyAiring>('/api/publications/monthly/2026-10?version=1')).body;
    expect(v1.rows.find((r) => r.badgeNo === '200002')!.total).toBe(10);
    expect(v2.rows.find((r) => r.badgeNo === '200002')!.total).toBe(13);
    await expectEqualsLedger(v2, ['2026-10']);
    const list = await get<PublicationSummary[]>('/api/publications?kind=monthly');
    expect(list.body.find((p) => p.period === '2026-10')).toMatchObject({ version: 2, versions: [1, 2] });
  });

  it('publishes a new version after an upheld appeal against a deduction in an aired month', async () => {
    const page = await get<AlertPage>(
      '/api/alerts?status=open,acknowledged,rectifying,rectified,closed&limit=100',
    );
    const problem = page.body.items.find((a: Alert) => a.badgeNos.includes('100003') && a.points < 0)!;
    const appeal = await s.api<Appeal>(
      'POST',
      `/api/alerts/${problem.id}/appeal`,
      { reason: '该案由他人主办' },
      officer3,
    );
    expect(appeal).toMatchObject({ status: 201 });
    const sup = await s.login('sup-b1', 'supervisor-b1-pw');
    const decided = await s.api<Appeal>(
      'POST',
      `/api/appeals/${appeal.body.id}/decide`,
      { upheld: true, note: '核实为录入错误' },
      sup,
    );
    expect(decided.body.status).toBe('upheld');
    const v3 = await published<MonthlyAiring>('monthly', '2026-10', 3);
    expect(v3.reissue).toMatchObject({
      supersedes: 2,
      cause: 'appeal_upheld',
      reason: '核实为录入错误',
      refs: [`appeal:${appeal.body.id}`],
    });
    // 100003's total changed; the others listed only moved in rank around that line
    const [first, ...moved] = v3.reissue!.changes;
    expect(first).toMatchObject({ badgeNo: '100003', before: { total: -10 }, after: { total: 0 } });
    for (const c of moved) expect(c.after!.total).toBe(c.before!.total);
    const v2 = (await get<MonthlyAiring>('/api/publications/monthly/2026-10?version=2')).body;
    expect(v2.rows.find((r) => r.badgeNo === '100003')!.total).toBe(-10);
    expect(v3.rows.find((r) => r.badgeNo === '100003')!.total).toBe(0);
    await expectEqualsLedger(v3, ['2026-10']);
  });
});

describe('files', () => {
  it('serves CSV with a BOM and XLSX whose cells equal the JSON, with a UTF-8 file name', async () => {
    const json = (await get<MonthlyAiring>('/api/publications/monthly/2026-10')).body;
    const res = await fetch(`${s.url}/api/publications/monthly/2026-10?format=csv`, {
      headers: { authorization: `Bearer ${s.adminToken}` },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('执法办案积分月度晾晒-2026-10-v3.csv')}`,
    );
    const csv = Buffer.from(await res.arrayBuffer());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(csv, { bom: true });
    expect(rows[0].slice(0, 6)).toEqual(['排名', '警号', '姓名', '单位编码', '单位', '总分']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[5]])).toEqual(
      json.rows.map((r) => [String(r.rank), r.badgeNo, r.name, r.total.toFixed(1)]),
    );

    const x = await fetch(`${s.url}/api/publications/monthly/2026-10?format=xlsx&version=1`, {
      headers: { authorization: `Bearer ${s.adminToken}` },
    });
    expect(x.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    const v1 = (await get<MonthlyAiring>('/api/publications/monthly/2026-10?version=1')).body;
    v1.rows.forEach((r, i) => {
      const cells = sheet.getRow(i + 2);
      expect([
        cells.getCell(1).value,
        cells.getCell(2).value,
        cells.getCell(3).value,
        cells.getCell(6).value,
      ]).toEqual([r.rank, r.badgeNo, r.name, r.total]);
    });
  });
});

describe('quarterly notice, annual assessment, daily notice', () => {
  it('publishes each at a quarter and year end with the configured numbers', async () => {
    s.clock.set('2026-12-31T10:00:00+08:00');
    await post([
      filed('2026-12-02T10:00:00+08:00', '200001', '200002', 'S2'),
      event('case.overturned', {
        occurredAt: '2026-12-31T09:00:00+08:00',
        unitCode: 'S2',
        officers: [{ badgeNo: '200002', role: 'primary' }],
      }),
    ]);
    const settings: PublicationSettings = {
      ...PUBLICATION_DEFAULTS,
      commendedOfficers: 2,
      commendedUnits: 1,
    };
    expect((await s.api('PUT', '/api/publications/settings', settings, s.adminToken)).status).toBe(200);
    expect((await get<PublicationSettings>('/api/publications/settings')).body).toEqual(settings);
    expect((await get('/api/publications/settings', sup2)).status).toBe(403);

    // Every officer can log in: the notices tell people in person (below).
    const officers = new Map<string, string>();
    for (const o of OFFICERS) {
      const username = `n-${o.badgeNo}`;
      await s.api(
        'POST',
        '/api/users',
        { username, password: 'officer-pw-long', role: 'officer', badgeNo: o.badgeNo },
        s.adminToken,
      );
      officers.set(o.badgeNo, await s.login(username, 'officer-pw-long'));
    }

    s.clock.set('2027-01-01T08:00:00+08:00');
    for (const [kind, period] of [
      ['quarterly', '2026-Q4'],
      ['annual', '2026'],
      ['daily', '2026-12-31'],
    ])
      expect(
        (await s.api('POST', `/api/publications/${kind}/${period}/run`, undefined, s.adminToken)).status,
      ).toBe(202);

    const q = await published<QuarterlyNotice>('quarterly', '2026-Q4');
    expect(q.commended.officers.map((o) => o.rank)).toEqual([1, 2]);
    expect(q.commended.units).toHaveLength(1);
    await expectEqualsLedger(q, ['2026-10', '2026-11', '2026-12']);

    const a = await published<AnnualAssessment>('annual', '2026');
    await expectEqualsLedger(
      a,
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    // officers without a single ledger row in the year are listed apart, not ranked
    const withRows = new Set(
      (await pg.query(`SELECT DISTINCT "badgeNo" FROM ledger_entries WHERE month LIKE '2026-%'`)).rows.map(
        (r) => r.badgeNo,
      ),
    );
    expect(a.inactive.map((o) => o.badgeNo)).toEqual(
      OFFICERS.map((o) => o.badgeNo).filter((b) => !withRows.has(b)),
    );
    expect(a.rows.map((r) => r.badgeNo).sort()).toEqual([...withRows].sort());
    expect(a.rows.at(-1)!.mark).toBe('ineligible');
    expect(a.rows.filter((r) => r.mark === 'ineligible')).toHaveLength(1);

    // The notification dispatcher reads what was published: each commended, recommended or
    // ineligible officer is told in person, and everyone in scope of the publication itself.
    const told = async (token: string) =>
      (await get<InboxPage>('/api/notifications?limit=200', token)).body.items.map((i) => i.causeId);
    const expected = new Map<string, string[]>();
    const add = (badgeNo: string, id: string) =>
      expected.set(badgeNo, [...(expected.get(badgeNo) ?? []), id]);
    for (const o of q.commended.officers) add(o.badgeNo, `commendation-quarterly-2026-Q4-${o.badgeNo}`);
    for (const r of a.rows.filter((r) => r.mark === 'recommended'))
      add(r.badgeNo, `commendation-annual-2026-${r.badgeNo}`);
    for (const r of a.rows.filter((r) => r.mark === 'ineligible'))
      add(r.badgeNo, `award.ineligible-annual-2026-${r.badgeNo}`);
    expect(expected.size).toBeGreaterThan(0);
    for (const [badgeNo, token] of officers)
      await eventually(async () => {
        const ids = await told(token);
        expect(
          ids.filter((id) => !id.startsWith('publication.published') && !id.startsWith('problem.')).sort(),
        ).toEqual((expected.get(badgeNo) ?? []).sort());
        expect(ids).toEqual(expect.arrayContaining(['publication.published-annual-2026-v1']));
      });

    const d = await published<DailyNotice>('daily', '2026-12-31');
    // Counted independently: the day's problems of each station's subtree, as they stand now.
    const day = [Date.parse('2026-12-31T00:00:00+08:00'), Date.parse('2027-01-01T00:00:00+08:00')];
    const counts = await pg.query(
      `SELECT CASE WHEN "unitCode" LIKE 'S1%' THEN 'S1' ELSE 'S2' END AS unit,
              COUNT(*)::int AS detected,
              COUNT("ackAt")::int AS acknowledged,
              COUNT("rectifiedAt")::int AS rectified,
              COUNT(*) FILTER (WHERE status IN ('closed', 'dismissed') AND "closedAt" < $2)::int AS cleared
         FROM problems WHERE "detectedAt" >= $1 AND "detectedAt" < $2 GROUP BY 1`,
      day,
    );
    const want = new Map(counts.rows.map((r) => [r.unit, r]));
    expect(want.get('S2').detected).toBeGreaterThanOrEqual(1);
    for (const u of d.units) {
      const w = want.get(u.unitCode) ?? { detected: 0, acknowledged: 0, rectified: 0, cleared: 0 };
      expect(u).toMatchObject({
        detected: w.detected,
        acknowledged: w.acknowledged,
        rectified: w.rectified,
        clearedSameDay: w.cleared,
        clearRate: w.detected ? w.cleared / w.detected : null,
      });
    }
    expect(d.totals.detected).toBe(d.units.reduce((n, u) => n + u.detected, 0));

    const docx = await fetch(`${s.url}/api/publications/quarterly/2026-Q4?format=docx`, {
      headers: { authorization: `Bearer ${s.adminToken}` },
    });
    expect(docx.status).toBe(200);
    const text = paragraphsOf((await readDocx(Buffer.from(await docx.arrayBuffer()))).blocks).join('\n');
    expect(text).toContain('测试县公安局');
    expect(text).toContain(q.commended.officers[0].name);
  });
});

describe('who reads', () => {
  it('shows a supervisor the lines of his scope, with the bureau’s ranks', async () => {
    const mine = (await get<MonthlyAiring>('/api/publications/monthly/2026-10', sup2)).body;
    const all = (await get<MonthlyAiring>('/api/publications/monthly/2026-10')).body;
    expect(mine.rows.map((r) => r.badgeNo)).toEqual(
      all.rows.filter((r) => r.unitCode === 'S2').map((r) => r.badgeNo),
    );
    expect(mine.rows.map((r) => r.rank)).toEqual(
      all.rows.filter((r) => r.unitCode === 'S2').map((r) => r.rank),
    );
    expect(mine.units.map((u) => u.unitCode)).toEqual(['S2']);
  });

  it('opens publications to the public only when the bureau says so, names masked in privacy mode', async () => {
    expect((await get('/api/publications?kind=monthly', null)).status).toBe(401);
    expect((await get('/api/publications/monthly/2026-10', null)).status).toBe(401);
    const settings = (await get<PublicationSettings>('/api/publications/settings')).body;
    await s.api(
      'PUT',
      '/api/publications/settings',
      { ...settings, publicAccess: true, privacy: true },
      s.adminToken,
    );
    const pub = await get<MonthlyAiring>('/api/publications/monthly/2026-10', null);
    expect(pub.status).toBe(200);
    expect(pub.body.rows.find((r) => r.badgeNo === '100001')!.name).toBe('张＊');
    const csv = await fetch(`${s.url}/api/publications/monthly/2026-10?format=csv`);
    expect(await csv.text()).not.toContain('张伟');
    await s.api(
      'PUT',
      '/api/publications/settings',
      { ...settings, publicAccess: true, privacy: false },
      s.adminToken,
    );
    expect((await get<MonthlyAiring>('/api/publications/monthly/2026-10', null)).body.rows[0].name).toBe(
      '张伟',
    );
    await s.api('PUT', '/api/publications/settings', settings, s.adminToken);
  });
});

describe('concurrency', () => {
  it('two processes racing for one period leave one snapshot', async () => {
    const sibling = await s.startSibling({ JIFEN_ROLE: 'api' });
    const results = await Promise.all([
      s.jifen.app.get(Publisher).publish('daily', '2026-12-30'),
      sibling.app.get(Publisher).publish('daily', '2026-12-30'),
      s.jifen.app.get(Publisher).publish('daily', '2026-12-30'),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.map((r) => r.version)).toEqual([1, 1, 1]);
    const rows = await pg.query(
      `SELECT version FROM publication_snapshots WHERE kind = 'daily' AND period = '2026-12-30'`,
    );
    expect(rows.rows).toEqual([{ version: 1 }]);
  });

  it('ingestion goes on during an airing, neither waits, and the snapshot equals the ledger at its mark', async () => {
    const app = s.jifen.app;
    const req = {
      kind: 'monthly' as const,
      period: '2027-01',
      version: 1,
      publishedAt: s.clock.now(),
      settings: PUBLICATION_DEFAULTS,
      reissue: null,
    };
    await post([filed('2027-01-01T07:00:00+08:00', '100001')]);
    const during = await app.get(LedgerSnapshot).consistent(async (m) => {
      const before = (await app.get(SnapshotBuilder).compute(m, req)) as MonthlyAiring;
      // The airing's read is open: ingestion commits all the same…
      await post([
        filed('2027-01-01T07:30:00+08:00', '100001'),
        filed('2027-01-01T07:40:00+08:00', '200001', undefined, 'S2'),
      ]);
      // …and the airing goes on reading the ledger as it was when it began.
      const after = (await app.get(SnapshotBuilder).compute(m, req)) as MonthlyAiring;
      expect(after).toEqual(before);
      return after;
    });
    const max = Number((await pg.query(`SELECT MAX(id) AS max FROM ledger_entries`)).rows[0].max);
    expect(max).toBeGreaterThan(during.ledgerMark);
    expect(during.rows.find((r) => r.badgeNo === '100001')!.total).toBe(10);
    await expectEqualsLedger(during, ['2027-01']);

    // The other way round: a writer holding the writer lock does not hold up an airing's read.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const writer = app.get(UnitOfWork).run(() => held);
    const read = (await app.get(SnapshotBuilder).build(req)) as MonthlyAiring;
    release();
    await writer;
    expect(read.rows.find((r) => r.badgeNo === '100001')!.total).toBe(20);
  });
});

describe('live', () => {
  it('announces a new version to the bureau’s rooms as publication.published', async () => {
    const wall = new LiveClient(s.url, s.adminToken);
    // a supervisor of a station inside the bureau: his room lies below the publication's
    const station = new LiveClient(s.url, sup2);
    try {
      await Promise.all([wall.connected(), station.connected()]);
      await Promise.all([wall.waitFor('snapshot'), station.waitFor('snapshot')]);
      expect(
        (await s.api('POST', '/api/publications/daily/2026-12-29/run', undefined, s.adminToken)).status,
      ).toBe(202);
      const m = await wall.waitFor('publication.published', (x) => x.period === '2026-12-29');
      expect(m).toMatchObject({
        kind: 'daily',
        period: '2026-12-29',
        version: 1,
        scope: { unitCode: 'B1', unitName: '测试县公安局' },
      });
      expect(typeof m.seq).toBe('number');
      expect(await station.waitFor('publication.published', (x) => x.period === '2026-12-29')).toEqual(m);
    } finally {
      station.close();
      wall.close();
    }
  });
});

describe('scheduled runs', () => {
  it('enqueue the period before the instant they were scheduled for, across year ends', async () => {
    const runner = s.jifen.app.get(JobRunner);
    const at = (iso: string) => ({ scheduledAt: Date.parse(iso) });
    expect(await runner.runNow('monthlyAiring', {}, at('2027-01-01T00:10:00+08:00'))).toEqual({
      jobId: 'airing:2026-12',
    });
    expect(await runner.runNow('quarterlyNotice', {}, at('2027-01-01T00:20:00+08:00'))).toEqual({
      jobId: 'notice:2026-Q4',
    });
    expect(await runner.runNow('annualAssessment', {}, at('2027-01-01T00:30:00+08:00'))).toEqual({
      jobId: 'assessment:2026',
    });
    expect(await runner.runNow('dailyNotice', {}, at('2027-01-01T08:00:00+08:00'))).toEqual({
      jobId: 'daily:2026-12-31',
    });
    const dec = await published<MonthlyAiring>('monthly', '2026-12');
    await expectEqualsLedger(dec, ['2026-12']);
    // the quarter and the year were published already: running them again changed nothing
    const list = (await get<PublicationSummary[]>('/api/publications')).body;
    expect(list.filter((p) => p.kind !== 'daily').map((p) => [p.kind, p.period, p.versions])).toEqual(
      expect.arrayContaining([
        ['quarterly', '2026-Q4', [1]],
        ['annual', '2026', [1]],
      ]),
    );
  });
});

describe('catch-up', () => {
  it('publishes at the next start what fell due while nothing ran, once', async () => {
    s.clock.set('2027-02-01T09:00:00+08:00');
    await s.startSibling();
    const feb = await published<MonthlyAiring>('monthly', '2027-01');
    expect(feb.version).toBe(1);
    await published<DailyNotice>('daily', '2027-01-31');
    // the quarter and the year were published already: nothing new for them
    const list = (await get<PublicationSummary[]>('/api/publications')).body;
    expect(list.filter((p) => p.kind === 'quarterly').map((p) => p.period)).toEqual(['2026-Q4']);
  });
});
