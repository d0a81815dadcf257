import type { EChartsCoreOption } from 'echarts/core';
import type { PublicationSnapshot } from '@jifen/shared';
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { biggestChanges, histogram, isRanked } from './publications';

/** Print-friendly colours: they stay apart on a black-and-white laser printer too. */
const INK = '#2f6fd0';
const UP = '#1e6b34';
const DOWN = '#b3261e';
const GRID = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
/** Horizontal bars write their value past the bar's end, which containLabel does not reserve. */
const ROWS_GRID = { ...GRID, right: 56 };
/** An empty bin says nothing: its count is left off rather than a row of zeros. */
const COUNT_LABEL = {
  show: true,
  position: 'top',
  formatter: (p: { value: number }) => (p.value ? String(p.value) : ''),
};
/** Paper has no hover: every figure is written on its bar, and nothing animates into a PDF. */
const STATIC = { animation: false };

export interface PublicationChart {
  key: string;
  title: string;
  option: EChartsCoreOption;
  /** Shown instead of the chart when there is nothing to draw. */
  empty: string | null;
}

/** The charts a publication page draws: distribution, units, change (ranked) or per-unit problems (daily). */
export function usePublicationCharts(snapshot: Ref<PublicationSnapshot | null>) {
  const { t } = useI18n();
  return computed<PublicationChart[]>(() => {
    const s = snapshot.value;
    if (!s) return [];
    if (!isRanked(s)) {
      const keys = ['detected', 'acknowledged', 'rectified', 'cleared'] as const;
      return [
        {
          key: 'daily',
          title: t('publications.chart.daily'),
          empty: null,
          option: {
            ...STATIC,
            grid: GRID,
            legend: { top: 0 },
            xAxis: { type: 'category', data: s.units.map((u) => u.unitName), axisLabel: { interval: 0 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: keys.map((k) => ({
              type: 'bar',
              name: t(`publications.daily.${k}`),
              data: s.units.map((u) => (k === 'cleared' ? u.clearedSameDay : u[k])),
              label: COUNT_LABEL,
            })),
          },
        },
      ];
    }
    const bins = histogram(s.rows.map((r) => r.total));
    const moved = biggestChanges(s.rows);
    return [
      {
        key: 'distribution',
        title: t('publications.chart.distribution'),
        empty: bins.length ? null : t('publications.none'),
        option: {
          ...STATIC,
          grid: GRID,
          xAxis: { type: 'category', data: bins.map((b) => `${b.from}–${b.to}`), axisLabel: { interval: 0 } },
          yAxis: { type: 'value', minInterval: 1, name: t('publications.chart.officersInBin') },
          series: [
            {
              type: 'bar',
              data: bins.map((b) => b.count),
              itemStyle: { color: INK },
              label: COUNT_LABEL,
            },
          ],
        },
      },
      {
        key: 'units',
        title: t('publications.chart.units'),
        empty: s.units.length ? null : t('publications.none'),
        option: {
          ...STATIC,
          grid: ROWS_GRID,
          xAxis: { type: 'value' },
          yAxis: { type: 'category', inverse: true, data: s.units.map((u) => u.unitName) },
          series: [
            {
              type: 'bar',
              data: s.units.map((u) => u.total),
              itemStyle: { color: INK },
              label: { show: true, position: 'right' },
            },
          ],
        },
      },
      {
        key: 'change',
        title: t('publications.chart.change'),
        empty: moved.length ? null : t('publications.chart.changeNone'),
        option: {
          ...STATIC,
          grid: ROWS_GRID,
          xAxis: { type: 'value' },
          yAxis: {
            type: 'category',
            inverse: true,
            data: moved.map((r) => r.name),
            axisLabel: { interval: 0 },
          },
          series: [
            {
              type: 'bar',
              data: moved.map((r) => ({
                value: r.change.totalDelta,
                itemStyle: { color: r.change.totalDelta! >= 0 ? UP : DOWN },
              })),
              label: { show: true, position: 'right' },
            },
          ],
        },
      },
    ];
  });
}
