import type { MonthlyAiring, PublicationSummary, QuarterlyNotice } from '@jifen/shared';
import { parse } from 'csv-parse/sync';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The demo bureau starts with aired months, a quarterly notice and their files — on
 * Postgres, and on the embedded SQLite database `npm start` uses.
 */
describe.each([
  ['Postgres', false],
  ['SQLite', true],
])('the demo history on %s', (_, sqlite) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({
      now: '2026-11-23T12:00:00+08:00',
      sqlite,
      env: { JIFEN_DEMO: '1', JIFEN_LOG_LEVEL: 'log' },
    });
  });
  afterAll(() => s.stop());

  /** The history is seeded in the background after the first start: wait for its last publication. */
  async function publications(): Promise<PublicationSummary[]> {
    for (let i = 0; i < 600; i++) {
      const list = (await s.api<PublicationSummary[]>('GET', '/api/publications', undefined, s.adminToken))
        .body;
      if (list.some((p) => p.kind === 'daily')) return list;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the demo history was never published');
  }

  it('holds four aired months, the quarter that ended in them and yesterday’s daily notice', async () => {
    const list = await publications();
    const periods = (kind: string) => list.filter((p) => p.kind === kind).map((p) => p.period);
    expect(periods('monthly')).toEqual(['2026-10', '2026-09', '2026-08', '2026-07']);
    expect(periods('quarterly')).toEqual(['2026-Q3']);
    expect(periods('daily')).toEqual(['2026-11-22']);

    const oct = (
      await s.api<MonthlyAiring>('GET', '/api/publications/monthly/2026-10', undefined, s.adminToken)
    ).body;
    expect(oct.rows).toHaveLength(150);
    expect(oct.rows[0].total).toBeGreaterThan(0);
    // September is the month before: most officers have a change against it
    expect(oct.rows.filter((r) => r.change.previousRank !== null).length).toBeGreaterThan(100);
    const q3 = (
      await s.api<QuarterlyNotice>('GET', '/api/publications/quarterly/2026-Q3', undefined, s.adminToken)
    ).body;
    expect(q3.commended.officers).toHaveLength(10);
    expect(q3.commended.units).toHaveLength(3);

    const csv = await fetch(`${s.url}/api/publications/monthly/2026-10?format=csv`, {
      headers: { authorization: `Bearer ${s.adminToken}` },
    });
    const rows: string[][] = parse(Buffer.from(await csv.arrayBuffer()), { bom: true });
    expect(rows).toHaveLength(151);
  });

  it('re-issues on SQLite and Postgres alike after a correction dated in an aired month', async () => {
    const officer = (
      await s.api<MonthlyAiring>('GET', '/api/publications/monthly/2026-10', undefined, s.adminToken)
    ).body.rows[5];
    const adj = await s.api<{ lateCorrection: boolean }>(
      'POST',
      '/api/adjustments',
      {
        badgeNo: officer.badgeNo,
        points: 2,
        dimension: 'quality',
        reason: '补录十月表彰',
        occurredAt: '2026-10-09T10:00:00+08:00',
      },
      s.adminToken,
    );
    expect(adj.body.lateCorrection).toBe(true);
    for (let i = 0; i < 200; i++) {
      const r = await s.api<MonthlyAiring>(
        'GET',
        '/api/publications/monthly/2026-10',
        undefined,
        s.adminToken,
      );
      if (r.body.version === 2) {
        expect(r.body.rows.find((x) => x.badgeNo === officer.badgeNo)!.total).toBe(officer.total + 2);
        expect(r.body.reissue).toMatchObject({ supersedes: 1, cause: 'correction' });
        return;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('never re-issued');
  });
});
