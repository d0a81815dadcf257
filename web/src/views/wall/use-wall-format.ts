import { DEFAULT_CATALOGUE, maskedName } from '@jifen/shared';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useWallStore } from '../../stores/wall';

/** Titles of the default rules, for a score change whose title did not travel with it. */
const DEFAULT_TITLES = new Map(
  [...DEFAULT_CATALOGUE.scoring, ...DEFAULT_CATALOGUE.obligations, ...DEFAULT_CATALOGUE.problems].map((r) => [
    r.id,
    r.title,
  ]),
);

/**
 * How the wall writes numbers, times and people, in the viewer's language and the bureau's
 * time zone. Formatters are built once per language, not per call: the wall formats
 * thousands of numbers an hour. Names go through the privacy mode here too, so a privacy
 * wall shows no name even if one ever reached the page.
 */
export function useWallFormat() {
  const wall = useWallStore();
  const { t, locale } = useI18n();
  const formats = computed(() => ({
    points: new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1, useGrouping: false }),
    percent: new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 0 }),
    time: new Intl.DateTimeFormat(locale.value, {
      timeZone: wall.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }),
    dateTime: new Intl.DateTimeFormat(locale.value, {
      timeZone: wall.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }),
  }));
  const zh = computed(() => locale.value.startsWith('zh'));

  return {
    who: (name: string, badgeNo?: string) => maskedName(name || badgeNo || '', badgeNo, wall.config.privacy),
    points: (n: number) => formats.value.points.format(n),
    signed: (n: number) => `${n >= 0 ? '+' : '−'}${formats.value.points.format(Math.abs(n))}`,
    percent: (r: number | null) => (r === null ? t('wall.noRate') : formats.value.percent.format(r)),
    /** ▲12% / ▼5% / — for a relative change. */
    change: (r: number | null) =>
      r === null
        ? t('wall.noBase')
        : `${r > 0 ? '▲' : r < 0 ? '▼' : '＝'}${formats.value.percent.format(Math.abs(r))}`,
    time: (at: string | number) => formats.value.time.format(new Date(at)),
    dateTime: (at: string | number) => formats.value.dateTime.format(new Date(at)),
    duration: (ms: number) => {
      const s = Math.max(0, Math.floor(ms / 1000));
      const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
      if (zh.value) return h ? `${h}小时${m}分` : m ? `${m}分${sec}秒` : `${sec}秒`;
      return h ? `${h}h ${m}m` : m ? `${m}m ${sec}s` : `${sec}s`;
    },
    month: (period: string) => {
      const [year, month] = period.split('-');
      return period ? t('wall.periodMonth', { year, month: Number(month) }) : '';
    },
    title: (x: { zh: string; en: string }) => (zh.value ? x.zh : x.en),
    /** What a rule is called, never its id: "刑事案件立案". */
    rule: (ruleId: string, title?: { zh: string; en: string }) => {
      const sent = title && (zh.value ? title.zh : title.en);
      if (sent && sent !== ruleId) return sent;
      const known = DEFAULT_TITLES.get(ruleId);
      return known ? (zh.value ? known.zh : known.en) : (sent ?? ruleId);
    },
  };
}
