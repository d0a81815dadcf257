import type { Alert, AlertCounts, LeaderboardRow, ScoreChange } from '@jifen/shared';

/** Test data for the wall's specs: rows, score changes and problems with sensible defaults. */
export const row = (badgeNo: string, total: number, rank: number, name = badgeNo): LeaderboardRow => ({
  rank,
  badgeNo,
  name,
  unitCode: 'U',
  unitName: '东城派出所',
  total,
  base: total,
  bonus: 0,
  deduction: 0,
  quantity: total,
  quality: 0,
  efficiency: 0,
});

export const change = (badgeNo: string, delta: number, total: number): ScoreChange => ({
  badgeNo,
  name: '张伟',
  unitCode: 'U',
  unitName: '东城派出所',
  period: '2026-11',
  forMonth: '2026-11',
  ruleTitle: { zh: '刑事案件立案', en: 'Criminal case filed' },
  delta,
  total,
  ruleId: 'BASE_CRIM_FILED',
  at: '2026-11-23T02:00:00.000Z',
});

export const COUNTS: AlertCounts = { open: 1, acknowledged: 0, overdue: 0, today: { raised: 1, cleared: 0 } };

export const problem = (id: string, version: number, over: Partial<Alert> = {}): Alert => ({
  id,
  ruleId: 'CASE_OVERTURNED',
  stage: 'event',
  severity: 'critical',
  status: 'open',
  unitCode: 'U',
  escalatedTo: null,
  badgeNos: ['1'],
  officers: [{ badgeNo: '1', name: '张伟' }],
  subject: { kind: 'case', ref: `A-${id}` },
  title: { zh: '案件被撤销', en: 'Case overturned' },
  detectedAt: `2026-11-23T02:00:0${id.length % 10}.000Z`,
  occurredAt: '2026-11-23T02:00:00.000Z',
  dueAt: null,
  ackBy: null,
  ackAt: null,
  assignee: null,
  rectifyDueAt: null,
  rectifiedAt: null,
  closedAt: null,
  resolution: null,
  points: -10,
  version,
  history: [],
  ...over,
});
