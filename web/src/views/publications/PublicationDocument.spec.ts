import type { PublicationSnapshot } from '@jifen/shared';
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  annualAssessment,
  dailyNotice,
  monthlyAiring,
  quarterlyNotice,
} from '../../../../test/factories/publications';
import { i18n } from '../../i18n';

const options: Record<string, unknown>[] = [];
vi.mock('echarts/core', () => ({
  use: vi.fn(),
  init: vi.fn(() => ({
    setOption: (o: Record<string, unknown>) => options.push(o),
    resize: vi.fn(),
    dispose: vi.fn(),
  })),
}));
const { default: PublicationDocument } = await import('./PublicationDocument.vue');

const page = (snapshot: PublicationSnapshot, locale: 'zh-CN' | 'en' = 'zh-CN') => {
  i18n.global.locale.value = locale;
  return mount(PublicationDocument, { props: { snapshot }, global: { plugins: [createPinia(), i18n] } });
};
const cells = (row: { findAll(s: string): { text(): string }[] }) => row.findAll('td').map((c) => c.text());

describe('a publication page', () => {
  beforeEach(() => (options.length = 0));

  it('heads the monthly airing with its period, time on the bureau’s clock, mark and catalogue', () => {
    const w = page(monthlyAiring());
    expect(w.find('[data-testid=publication-title]').text()).toBe('2026年10月 执法办案积分月晾晒');
    // 16:10 UTC on 31 October is 00:10 on 1 November in Shanghai.
    expect(w.find('.publication-head').text()).toContain('2026/11/01 00:10');
    expect(w.find('[data-testid=publication-mark-line]').text()).toMatch(/48213.*3/);
    expect(w.find('[data-testid=publication-reissue]').exists()).toBe(false);
  });

  it('lists every officer with name, badge, unit, breakdown and the change against last month', () => {
    const airing = monthlyAiring();
    const w = page(airing);
    const rows = w.findAll('[data-testid=publication-row]');
    expect(rows).toHaveLength(8);
    // Officer 1: 150 points, last month rank 8 with 146: climbed seven places, four points.
    expect(cells(rows[0])).toEqual([
      '1',
      '张伟 100001',
      '城关派出所',
      '150',
      '137.5',
      '12.5',
      '0',
      '137.5',
      '12.5',
      '0',
      '▲7 +4',
    ]);
    // Officer 4 was not ranked last month.
    expect(cells(rows[3])[10]).toBe('新进');
    expect(rows[3].find('[data-move]').attributes('data-move')).toBe('new');
    // Officer 8: rank 1 last month, now 8th.
    expect(cells(rows[7])[10]).toBe('▼7 +4');
    const units = w.findAll('[data-testid=publication-unit]');
    expect(units.map((u) => cells(u)[1])).toEqual(airing.units.map((u) => u.unitName));
    expect(cells(units[0])[2]).toBe(String(airing.units[0].officerCount));
  });

  it('marks 补记 where a period carries late corrections, and only there', () => {
    const airing = monthlyAiring();
    expect(page(airing).find('[data-testid=publication-late-head]').exists()).toBe(false);
    airing.rows[1] = { ...airing.rows[1], lateCorrections: 5 };
    const w = page(airing);
    expect(w.find('[data-testid=publication-late-head]').text()).toBe('补记');
    expect(w.findAll('[data-testid=publication-late]').map((c) => c.text())).toEqual([
      '',
      '+5',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    expect(w.find('[data-testid=publication-late-note]').text()).toContain('已晾晒月份');
  });

  it('draws the distribution, the units and the change, all from the snapshot', () => {
    const airing = monthlyAiring();
    page(airing);
    expect(options).toHaveLength(3);
    const [distribution, units, change] = options as {
      series: { data: (number | { value: number })[] }[];
      yAxis: { data?: string[] };
    }[];
    expect((distribution.series[0].data as number[]).reduce((s, n) => s + n, 0)).toBe(8);
    expect(units.series[0].data).toEqual(airing.units.map((u) => u.total));
    expect(units.yAxis.data).toEqual(airing.units.map((u) => u.unitName));
    // Seven officers were ranked last month; the newcomer has nothing to compare.
    expect(change.series[0].data).toHaveLength(7);
    expect(change.yAxis.data).not.toContain('刘洋');
  });

  it('names the commended officers and units of a quarterly notice', () => {
    const notice = quarterlyNotice();
    const w = page(notice);
    expect(w.find('[data-testid=publication-title]').text()).toBe('2026年第3季度 执法办案积分季通报');
    const officers = w.findAll('[data-testid=commended-officers] li');
    expect(officers).toHaveLength(10);
    expect(officers[0].text()).toContain('张伟');
    expect(officers[0].text()).toContain('城关派出所');
    expect(w.findAll('[data-testid=commended-units] li').map((l) => l.text())).toEqual(
      notice.commended.units.map((u) => u.unitName),
    );
    expect(w.text()).toContain('表扬民警（前 10 名）');
  });

  it('marks the recommended and the ineligible of the annual assessment and lists the inactive apart', () => {
    const annual = annualAssessment();
    const w = page(annual);
    const marks = w.findAll('[data-testid=publication-mark]').map((m) => m.text());
    expect(marks.filter((m) => m === '推荐评优')).toHaveLength(
      annual.rows.filter((r) => r.mark === 'recommended').length,
    );
    expect(marks.filter((m) => m === '取消评优资格')).toHaveLength(
      annual.rows.filter((r) => r.mark === 'ineligible').length,
    );
    expect(marks[0]).toBe('推荐评优');
    expect(marks.at(-1)).toBe('取消评优资格');
    expect(w.findAll('[data-testid=publication-row]').at(-1)!.classes()).toContain('mark-ineligible');
    const inactive = w.find('[data-testid=publication-inactive]').text();
    expect(inactive).toContain('钱进');
    expect(inactive).toContain('孔亮');
    expect(w.find('[data-testid=publication-ranking]').text()).not.toContain('钱进');
    expect(w.find('[data-testid=publication-shares]').text()).toBe(
      '前 10% 推荐评优，后 5% 取消年度评优评先资格',
    );
  });

  it('shows the daily notice’s counts and clear rate per unit, a day without problems as such', () => {
    const w = page(dailyNotice());
    expect(w.find('[data-testid=publication-title]').text()).toBe('2026年10月31日 执法办案日通报');
    const units = w.findAll('[data-testid=publication-daily-unit]').map(cells);
    expect(units[0]).toEqual(['城关派出所', '8', '8', '7', '6', '75%']);
    expect(units[2]).toEqual(['刑侦大队', '0', '0', '0', '0', '无问题']);
    expect(w.find('[data-testid=publication-daily-totals]').text()).toMatch(/合计\s*11\s*11\s*10\s*9\s*82%/);
    expect(options).toHaveLength(1);
    expect(w.find('[data-testid=publication-ranking]').exists()).toBe(false);
  });

  it('explains a reissued version: what it replaces, why, and whose standing changed', () => {
    const airing = monthlyAiring();
    const w = page({
      ...airing,
      version: 2,
      reissue: {
        supersedes: 1,
        cause: 'appeal_upheld',
        reason: '申诉成立：录入延迟系系统故障',
        refs: ['appeal:42'],
        changes: [
          {
            badgeNo: '100003',
            name: '王强',
            unitCode: 'S3',
            unitName: '刑侦大队',
            before: { rank: 4, total: 132 },
            after: { rank: 3, total: 137 },
          },
        ],
      },
    });
    const note = w.find('[data-testid=publication-reissue]');
    expect(note.text()).toContain('本版替代第 1 版');
    expect(note.text()).toContain('申诉成立');
    expect(w.find('[data-testid=publication-reissue-reason]').text()).toBe('申诉成立：录入延迟系系统故障');
    expect(cells(w.find('[data-testid=publication-reissue-change]'))).toEqual([
      '王强 100003',
      '刑侦大队',
      '第 4 名 · 132 分',
      '第 3 名 · 137 分',
    ]);
  });

  it('reads in English too', () => {
    const w = page(monthlyAiring(), 'en');
    expect(w.find('[data-testid=publication-title]').text()).toBe(
      'Monthly airing of case-handling points, Oct 2026',
    );
    expect(w.find('.publication-head').text()).toContain('11/01/2026, 00:10');
    expect(cells(w.findAll('[data-testid=publication-row]')[3])[10]).toBe('new');
  });
});
