import { BarChart, GaugeChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

// Only what the wall and the publication pages draw is registered: a smaller bundle and a
// faster first paint. SVG, because the wall is scaled with a CSS transform and publications
// are printed: vectors stay sharp at 4K and on paper where a canvas would blur.
use([BarChart, GaugeChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

/** The wall's own font: chart text names its family itself, else machines without a Chinese font draw boxes. */
export const CHART_FONT = "'Noto Sans SC Variable', sans-serif";

/**
 * Owns one chart for the life of a component: init, resize, dispose. Updates go in place
 * with setOption(lazyUpdate) — charts rebuilt on every message leak on a wall that runs
 * for days.
 */
export function useChart(
  el: Ref<HTMLElement | null>,
  option: Ref<EChartsCoreOption>,
): { chart: () => ECharts | null } {
  let chart: ECharts | null = null;
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    if (!el.value) return;
    chart = init(el.value, undefined, { renderer: 'svg' });
    chart.setOption({ textStyle: { fontFamily: CHART_FONT }, ...option.value });
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(el.value);
    }
  });
  const stop = watch(option, (o) => chart?.setOption(o, { lazyUpdate: true }));
  onBeforeUnmount(() => {
    stop();
    observer?.disconnect();
    observer = null;
    chart?.dispose();
    chart = null;
  });
  return { chart: () => chart };
}
