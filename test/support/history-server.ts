import type { Alert, AlertPage, IngestAnswer, OfficerScore, RuleCatalogue } from '@jifen/shared';
import { DEFAULT_CATALOGUE } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/core/queue/job-runner';
import {
  HOLIDAY_DATES,
  START,
  TRANSFER,
  type DeliveryStep,
} from '../../server/src/modules/judgement/testing/histories';
import { ClosedMonthEntity } from '../../server/src/modules/scoring/scoring.entities';
import { startTestServer, type TestServer } from './test-server';

/**
 * The generated histories' bureau on a real server (judgement/testing/histories.ts), and what
 * a history left there: ledger sums per officer, unit, month and rule, and the standing
 * problems. Tests feed the same history two ways and compare the outcomes.
 * (LATE_ENTRY and RECTIFY_OVERDUE are about arrival and people's response by definition.)
 */
const UNITS = [
  { code: 'B1', name: '测试县公安局', kind: 'bureau', parentCode: null },
  { code: 'S1', name: '城关派出所', kind: 'station', parentCode: 'B1' },
  { code: 'S2', name: '东城派出所', kind: 'station', parentCode: 'B1' },
];
export const OFFICERS = [
  { badgeNo: '100001', name: '张伟', unitCode: 'S1' },
  { badgeNo: '100002', name: '李娜', unitCode: 'S1' },
  { badgeNo: '200001', name: '刘洋', unitCode: 'S2' },
  { badgeNo: '200002', name: '陈静', unitCode: 'S2' },
];
const COMPARED = (ruleId: string) => ruleId !== 'LATE_ENTRY' && ruleId !== 'RECTIFY_OVERDUE';

export async function bureau(catalogue: RuleCatalogue): Promise<{ s: TestServer; token: string }> {
  const s = await startTestServer({ now: new Date(START - 86_400_000).toISOString() });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  // 100002 moves to S2 on 1 November (the generator's organisation).
  const moved = OFFICERS.map((o) =>
    o.badgeNo === '100002' ? { ...o, unitCode: 'S2', since: new Date(TRANSFER).toISOString() } : o,
  );
  await s.api('POST', '/api/org/import', { units: UNITS, officers: moved }, s.adminToken);
  await s.api('PUT', '/api/holidays', { year: 2026, dates: HOLIDAY_DATES }, s.adminToken);
  if (catalogue !== DEFAULT_CATALOGUE)
    await s.api('PUT', '/api/rules', { catalogue, note: 'tight caps for the property test' }, s.adminToken);
  return { s, token: s.adminToken };
}

export async function run(s: TestServer, steps: DeliveryStep[]): Promise<void> {
  for (const step of steps) {
    s.clock.set(step.at);
    if (step.kind === 'sweep') await s.jifen.app.get(JobRunner).runNow('deadlineSweep');
    else if (step.kind === 'close')
      await s.jifen.app
        .get(DataSource)
        .getRepository(ClosedMonthEntity)
        .insert({ month: step.month, closedAt: step.at });
    else {
      const r = await s.api<IngestAnswer>('POST', '/api/events', { events: step.events }, s.adminToken);
      expect([r.status, r.body.rejected]).toEqual([200, []]);
    }
  }
}

export async function outcome(s: TestServer) {
  const sums: Record<string, number> = {};
  for (const { badgeNo } of OFFICERS)
    for (const period of ['2026', '2027-01']) {
      const score = await s.api<OfficerScore>(
        'GET',
        `/api/officers/${badgeNo}/score?period=${period}`,
        undefined,
        s.adminToken,
      );
      for (const r of score.body.ledger) {
        if (!COMPARED(r.ruleId)) continue;
        const k = `${badgeNo} ${r.unitCode} ${r.forMonth} ${r.ruleId}`;
        sums[k] = Math.round(((sums[k] ?? 0) + r.points) * 10) / 10;
      }
    }
  const problems: Record<string, string> = {};
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: AlertPage = (
      await s.api<AlertPage>(
        'GET',
        `/api/alerts?status=open,acknowledged,rectifying,rectified,closed,dismissed&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        s.adminToken,
      )
    ).body;
    for (const p of page.items as Alert[])
      if (COMPARED(p.ruleId) && p.resolution !== 'withdrawn' && p.resolution !== 'fulfilled')
        problems[p.id] = `${p.ruleId} ${p.stage} ${p.status} ${p.points}`;
    cursor = page.nextCursor;
  }
  return { sums: Object.fromEntries(Object.entries(sums).filter(([, v]) => v !== 0)), problems };
}
