import {
  PUBLICATION_KINDS,
  type PeriodChange,
  type PublicationKind,
  type PublicationSnapshot,
  type PublicationSummary,
  type RankedPublication,
} from '@jifen/shared';
import { DateTime } from 'luxon';
import { recentPeriods } from './periods';

/**
 * What the publication pages compute from a snapshot for display: pure, so the store, the
 * console page and the public page agree, and tests need no DOM.
 */

export interface KindGroup {
  kind: PublicationKind;
  items: PublicationSummary[];
}

/** Every kind in the order a bureau reads them; each kind's periods newest first. */
export function groupByKind(list: PublicationSummary[]): KindGroup[] {
  // Period keys of one kind sort as text (2026-09 < 2026-10, 2026-Q3 < 2026-Q4).
  return PUBLICATION_KINDS.map((kind) => ({
    kind,
    items: list.filter((p) => p.kind === kind).sort((a, b) => b.period.localeCompare(a.period)),
  }));
}

export function isRanked(s: PublicationSnapshot): s is RankedPublication {
  return s.kind !== 'daily';
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** A step of 1, 2 or 5 times a power of ten: bins a reader can name (80–90, not 83.7–91.2). */
function niceStep(raw: number): number {
  if (raw <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** Totals counted into about `target` bins of a round width, lowest first; [from, to). */
export function histogram(totals: number[], target = 10): Bin[] {
  if (!totals.length) return [];
  const min = Math.min(...totals);
  const max = Math.max(...totals);
  const step = niceStep((max - min) / target);
  const start = Math.floor(min / step) * step;
  const count = Math.floor((max - start) / step) + 1;
  const bins = Array.from({ length: count }, (_, i) => ({
    from: round(start + i * step),
    to: round(start + (i + 1) * step),
    count: 0,
  }));
  for (const t of totals) bins[Math.min(count - 1, Math.floor((t - start) / step))].count++;
  return bins;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export type Move = 'up' | 'down' | 'same' | 'new';

/** 环比 of a rank: climbed, fell, held, or absent last period. */
export function moveOf(change: PeriodChange): { move: Move; by: number } {
  if (change.rankDelta === null) return { move: 'new', by: 0 };
  if (change.rankDelta > 0) return { move: 'up', by: change.rankDelta };
  if (change.rankDelta < 0) return { move: 'down', by: -change.rankDelta };
  return { move: 'same', by: 0 };
}

/** The officers whose totals moved most against the previous period, biggest climb first. */
export function biggestChanges<T extends { change: PeriodChange }>(rows: T[], limit = 20): T[] {
  return rows
    .filter((r) => r.change.totalDelta !== null)
    .sort((a, b) => Math.abs(b.change.totalDelta!) - Math.abs(a.change.totalDelta!))
    .slice(0, limit)
    .sort((a, b) => b.change.totalDelta! - a.change.totalDelta!);
}

/** The name a downloaded file gets when the server does not name it. */
export function fileName(
  s: { kind: PublicationKind; period: string; version: number },
  format: string,
): string {
  return `${s.kind}-${s.period}-v${s.version}.${format}`;
}

/** Hands a fetched file to the browser's download. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The period a hand run most likely wants: the last one that has ended in the bureau. */
export function lastEndedPeriod(kind: PublicationKind, now: number, timeZone: string): string {
  if (kind === 'daily') return DateTime.fromMillis(now, { zone: timeZone }).minus({ days: 1 }).toISODate()!;
  const periodKind = kind === 'monthly' ? 'month' : kind === 'quarterly' ? 'quarter' : 'year';
  return recentPeriods(periodKind, now, timeZone, 2)[1];
}
