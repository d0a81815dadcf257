import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LeaderboardRow } from '@jifen/shared';
import { useWallStore } from './wall';

const row = (badgeNo: string, total: number, rank: number): LeaderboardRow => ({
  rank,
  badgeNo,
  name: badgeNo,
  unitCode: 'U',
  unitName: 'U',
  total,
  base: total,
  bonus: 0,
  deduction: 0,
  quantity: total,
  quality: 0,
  efficiency: 0,
});

describe('wall store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('applies a snapshot, then score changes to the ticker and to the rows', () => {
    const w = useWallStore();
    w.handlers.snapshot({
      seq: 1,
      reason: 'initial',
      period: '2026-11',
      officers: [row('1', 5, 1)],
      units: [],
      alerts: [],
      counts: { open: 0, acknowledged: 0, overdue: 0, today: { raised: 0, cleared: 0 } },
    });
    w.handlers.scoreChanged({
      seq: 2,
      changes: [
        {
          badgeNo: '1',
          name: '张伟',
          unitCode: 'U',
          unitName: '东城派出所',
          period: '2026-11',
          forMonth: '2026-11',
          ruleTitle: { zh: '刑事案件立案', en: 'Criminal case filed' },
          delta: 10,
          total: 15,
          ruleId: 'R',
          at: new Date().toISOString(),
        },
      ],
    });
    expect(w.officers[0].total).toBe(15);
    expect(w.ticker).toHaveLength(1);
  });

  it('keeps the ticker bounded however many changes arrive', () => {
    const w = useWallStore();
    for (let i = 0; i < 500; i++) {
      w.handlers.scoreChanged({
        seq: i,
        changes: [
          {
            badgeNo: String(i),
            name: '张伟',
            unitCode: 'U',
            unitName: '东城派出所',
            period: '2026-11',
            forMonth: '2026-11',
            ruleTitle: { zh: '刑事案件立案', en: 'Criminal case filed' },
            delta: 1,
            total: 1,
            ruleId: 'R',
            at: new Date().toISOString(),
          },
        ],
      });
    }
    expect(w.ticker.length).toBeLessThanOrEqual(30);
  });

  it('a leaderboard message replaces the officer or the unit rows', () => {
    const w = useWallStore();
    w.handlers.leaderboard({ seq: 3, period: '2026-11', scope: null, by: 'unit', rows: [row('x', 1, 1)] });
    expect(w.units).toHaveLength(1);
    expect(w.officers).toHaveLength(0);
  });
});
