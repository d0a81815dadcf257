import type { LocalText, PublicationKind } from '@jifen/shared';

/**
 * The words publications are written in, Chinese first. Files and notifications both use
 * them, so a period or a kind reads the same in a 通报, an e-mail and an inbox line.
 */
export type Lang = 'zh' | 'en';

export const KIND_NAMES: Record<PublicationKind, LocalText> = {
  monthly: { zh: '执法办案积分月度晾晒', en: 'monthly airing of case-handling points' },
  quarterly: { zh: '执法办案积分季度通报', en: 'quarterly notice of case-handling points' },
  annual: { zh: '执法办案积分年度评定', en: 'annual assessment of case-handling points' },
  daily: { zh: '执法问题日通报', en: 'daily notice of procedural problems' },
};

const QUARTER_ZH = ['一', '二', '三', '四'];
const MONTH_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-10` → 2026年10月 / October 2026; `2026-Q3` → 2026年第三季度 / Q3 2026; … */
export function periodLabel(period: string, lang: Lang): string {
  let m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return lang === 'zh' ? `${m[1]}年第${QUARTER_ZH[Number(m[2]) - 1]}季度` : `Q${m[2]} ${m[1]}`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) {
    return lang === 'zh'
      ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
      : `${Number(m[3])} ${MONTH_EN[Number(m[2]) - 1]} ${m[1]}`;
  }
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return lang === 'zh' ? `${m[1]}年${Number(m[2])}月` : `${MONTH_EN[Number(m[2]) - 1]} ${m[1]}`;
  return lang === 'zh' ? `${period}年度` : period;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in the bureau's zone, as `2026-11-01`. */
export function dayOf(instant: string | number, timeZone: string): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f.format(new Date(instant));
}

/** `2026-11-01T08:05` style local time, for notification texts. */
export function localTime(instant: string | number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Points with their one decimal, always shown (`10.0`, `-2.5`). */
export const formatPoints = (v: number): string => v.toFixed(1);

/** A share as a percentage with one decimal (`87.5%`); an empty day has no rate. */
export const formatRate = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Change against the previous period with its sign (`+3.5`), or — when there was none. */
export const formatDelta = (v: number | null): string =>
  v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(1)}`;

/**
 * Privacy mode (DESIGN.md): the surname stays, every other character becomes ＊ — the same
 * rule the wall applies — so the public sees 张＊, never the full name.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '＊'.repeat(Math.max(1, chars.length - 1));
}
