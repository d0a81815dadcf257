import { DEFAULT_CATALOGUE, type RulePreviewAnswer, type RulePreviewRow } from '@jifen/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fake-api';
import { movers, useRulesStore } from './rules';

const row = (name: string, from: number, to: number, totalChange: number): RulePreviewRow => ({
  name,
  badgeNo: name,
  unitCode: 'S1',
  unitName: '城关',
  current: { rank: from, total: 10 },
  draft: { rank: to, total: 10 + totalChange },
  rankChange: from - to,
  totalChange,
});

describe('rule catalogue editor', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('lists who moves, biggest moves first, and leaves out who does not', () => {
    const rows = [row('still', 1, 1, 0), row('small', 4, 3, 1), row('big', 2, 7, -6), row('points', 5, 5, 2)];
    expect(movers(rows).map((r) => r.name)).toEqual(['big', 'small', 'points']);
  });

  it('previews the draft, not the active catalogue, and saves it with the note and the re-score choice', async () => {
    const answer: RulePreviewAnswer = {
      period: '2026-11',
      currentVersion: 1,
      officers: [row('a', 2, 1, 5)],
      units: [],
      events: 120,
      elapsedMs: 40,
    };
    const { calls } = fakeApi({
      'GET /api/rules/versions': [],
      'GET /api/rules': { version: 1, catalogue: DEFAULT_CATALOGUE },
      'POST /api/rules/preview': answer,
      'PUT /api/rules': { version: 2, rescoreJobId: null },
    });
    const rules = useRulesStore();
    await rules.load();
    expect(rules.dirty).toBe(false);
    rules.draft!.scoring[0].primary = 20;
    expect(rules.dirty).toBe(true);
    await rules.runPreview('2026-11');
    const sent = calls.find((c) => c.path === '/api/rules/preview')!.body as {
      catalogue: typeof DEFAULT_CATALOGUE;
      period: string;
    };
    expect(sent.period).toBe('2026-11');
    expect(sent.catalogue.scoring[0].primary).toBe(20);
    expect(rules.preview).toEqual(answer);
    await rules.save('raise filing points', true);
    expect(calls.find((c) => c.method === 'PUT')!.body).toMatchObject({
      note: 'raise filing points',
      rescore: true,
    });
    rules.draft!.scoring[0].primary = 99;
    rules.discard();
    expect(rules.draft!.scoring[0].primary).toBe(DEFAULT_CATALOGUE.scoring[0].primary);
  });
});
