import { DEFAULT_WALL_CONFIG } from '@jifen/shared';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Component } from 'vue';
import { i18n } from '../../../i18n';
import { useWallStore } from '../../../stores/wall';
import { COUNTS, change, problem, row } from '../wall-fixtures';
import OfficersPanel from './OfficersPanel.vue';
import ProblemsPanel from './ProblemsPanel.vue';
import TickerPanel from './TickerPanel.vue';
import UnitsPanel from './UnitsPanel.vue';

let pinia: ReturnType<typeof createPinia>;
const mountPanel = (c: Component, width = 560, height = 375) =>
  mount(c, { props: { width, height }, global: { plugins: [pinia, i18n] } });

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  i18n.global.locale.value = 'zh-CN';
});

describe('wall panels', () => {
  it('the leaderboard shows as many rows as fit its frame, as text, with rank changes marked', async () => {
    const w = useWallStore();
    w.handlers.snapshot({
      seq: 1,
      reason: 'initial',
      period: '2026-11',
      officers: Array.from({ length: 30 }, (_, i) => row(String(100 + i), 1000 - i, i + 1, '欧阳娜娜')),
      units: [],
      alerts: [],
      counts: COUNTS,
    });
    const rows = Array.from({ length: 30 }, (_, i) => row(String(100 + i), 1000 - i, i + 1, '欧阳娜娜'));
    [rows[0], rows[1]] = [
      { ...rows[1], rank: 1 },
      { ...rows[0], rank: 2 },
    ];
    w.handlers.leaderboard({ seq: 2, period: '2026-11', scope: null, by: 'officer', rows });
    const p = mountPanel(OfficersPanel, 638, 852);
    await p.vm.$nextTick();
    const shown = p.findAll('[data-testid=leaderboard-row]');
    expect(shown).toHaveLength(Math.floor((852 - 34) / 56));
    expect(shown[0].text()).toContain('欧阳娜娜');
    expect(shown[0].text()).toContain('999');
    expect(shown[0].find('[data-testid=rank-move]').text()).toBe('▲1');
    expect(shown[1].find('[data-testid=rank-move]').text()).toBe('▼1');
  });

  it('a privacy wall masks names on the page too, should a name ever reach it', () => {
    const w = useWallStore();
    w.settings = {
      tokenId: 't',
      label: 'lobby',
      unitCode: null,
      revoked: false,
      config: { ...DEFAULT_WALL_CONFIG, privacy: 'initials' },
      version: 1,
      updatedAt: null,
      updatedBy: null,
    };
    w.handlers.leaderboard({
      seq: 2,
      period: '2026-11',
      scope: null,
      by: 'officer',
      rows: [row('100001', 10, 1, '张伟')],
    });
    w.handlers.scoreChanged({ seq: 3, changes: [change('100001', 10, 20)] });
    const board = mountPanel(OfficersPanel);
    const ticker = mountPanel(TickerPanel);
    expect(board.text()).toContain('张＊');
    expect(board.text() + ticker.text()).not.toContain('张伟');
  });

  it('the ticker speaks people’s language: name · unit, the rule’s title, the points apart', () => {
    const w = useWallStore();
    w.handlers.scoreChanged({
      seq: 3,
      changes: [
        change('1', 10, 10),
        {
          ...change('2', -5, 5),
          ruleId: 'CASE_OVERTURNED',
          ruleTitle: { zh: 'CASE_OVERTURNED', en: 'CASE_OVERTURNED' },
        },
      ],
    });
    const items = mountPanel(TickerPanel).findAll('[data-testid=ticker-item]');
    expect(items[1].find('[data-testid=ticker-who]').text()).toBe('张伟 · 东城派出所');
    expect(items[1].find('[data-testid=ticker-rule]').text()).toBe('刑事案件立案');
    expect(items[1].find('[data-testid=ticker-delta]').text()).toBe('+10');
    // A title that did not travel is looked up, never shown as the rule id.
    expect(items[0].find('[data-testid=ticker-rule]').text()).not.toContain('CASE_OVERTURNED');
    expect(items[0].find('[data-testid=ticker-delta]').text()).toBe('−5');
  });

  it('the problem feed names the officers, colours by severity and shows how a problem ended', () => {
    const w = useWallStore();
    w.handlers.alert({ seq: 1, alert: problem('p1', 1, { severity: 'warning' }), counts: COUNTS }, true);
    w.handlers.alert(
      {
        seq: 2,
        alert: problem('p1', 2, { severity: 'warning', status: 'closed', resolution: 'verified' }),
        counts: { ...COUNTS, today: { raised: 4, cleared: 1 } },
      },
      false,
    );
    const p = mountPanel(ProblemsPanel);
    const item = p.find('[data-testid=alert-item]');
    expect(item.attributes('data-severity')).toBe('warning');
    expect(item.classes()).toContain('warning');
    expect(item.text()).toContain('张伟');
    expect(item.find('[data-testid=alert-status]').text()).toBe('已核验办结');
    expect(p.find('[data-testid=clear-to-zero]').attributes('data-percent')).toBe('25');
    expect(p.find('[data-testid=clear-to-zero]').text()).toContain('1/4');
  });

  it('the unit ranking writes each name on one line with its bar labelled', () => {
    const w = useWallStore();
    w.handlers.leaderboard({
      seq: 2,
      period: '2026-11',
      scope: null,
      by: 'unit',
      rows: [
        { ...row('', 1200, 1, '经济技术开发区派出所'), badgeNo: undefined, unitCode: 'A' },
        { ...row('', 600, 2, '东城派出所'), badgeNo: undefined, unitCode: 'B' },
      ],
    });
    const rows = mountPanel(UnitsPanel).findAll('[data-testid=unit-row]');
    expect(rows.map((r) => r.find('.name').text())).toEqual(['经济技术开发区派出所', '东城派出所']);
    expect(rows.map((r) => r.find('[data-testid=unit-total]').text())).toEqual(['1200', '600']);
    expect(rows[1].find('.fill').attributes('data-share')).toBe('0.5');
  });
});
