import { DateTime } from 'luxon';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useConsoleLiveStore } from '../stores/console-live';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/** An instant as the bureau's wall clock shows it, in the reader's language. */
export function formatDateTime(iso: string | null | undefined, locale: string, timeZone: string): string {
  return iso ? formatter(locale, timeZone, true).format(new Date(iso)) : '—';
}

export function formatDate(iso: string | null | undefined, locale: string, timeZone: string): string {
  return iso ? formatter(locale, timeZone, false).format(new Date(iso)) : '—';
}

/** Points have one decimal; a change shows its sign. */
export function formatPoints(n: number, locale: string, signed = false): string {
  const s = new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(n);
  return signed && n > 0 ? `+${s}` : s;
}

export function formatPercent(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** `2026-11-30`, `2026-11`, `2026-Q4`, `2026` as a person reads them. */
export function formatPeriod(key: string, locale: string): string {
  const zh = locale.startsWith('zh');
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (d)
    return zh
      ? `${d[1]}年${Number(d[2])}月${Number(d[3])}日`
      : new Intl.DateTimeFormat('en', {
          day: 'numeric',
          month: 'short',
          year: 'numeric',
          timeZone: 'UTC',
        }).format(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) return zh ? `${q[1]}年第${q[2]}季度` : `Q${q[2]} ${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m)
    return zh
      ? `${m[1]}年${Number(m[2])}月`
      : new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
          Date.UTC(Number(m[1]), Number(m[2]) - 1, 15),
        );
  return zh ? `${key}年` : key;
}

/** Formatting bound to the current language and the bureau's time zone (from the live `hello`). */
export function useFormat() {
  const { locale } = useI18n();
  const live = useConsoleLiveStore();
  const zone = computed(() => live.timeZone);
  return {
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, locale.value, zone.value),
    date: (iso: string | null | undefined) => formatDate(iso, locale.value, zone.value),
    points: (n: number, signed = false) => formatPoints(n, locale.value, signed),
    percent: (share: number) => formatPercent(share, locale.value),
    period: (key: string) => formatPeriod(key, locale.value),
  };
}

/** A `datetime-local` value read as the bureau's wall clock, as an ISO instant. */
export function wallClockToIso(local: string, timeZone: string): string | undefined {
  if (!local) return undefined;
  const d = DateTime.fromISO(local, { zone: timeZone });
  return d.isValid ? d.toISO()! : undefined;
}
