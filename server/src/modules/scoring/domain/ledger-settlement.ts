import type { LedgerCause, Tenths } from '@jifen/shared';
import { bookingMonth, type LedgerDraft, type LedgerLine } from './ledger-line';

/** What is booked for one base, officer, unit, month and rule: the sum of its rows. */
export interface BookedGroup extends LedgerLine {
  /** How many rows make up the sum. */
  rows: number;
  /** The latest of them: what a compensating row names as the row it reverses. */
  lastId: number;
}

export interface SettleOptions {
  closedMonths: ReadonlySet<string>;
  openMonth: string;
  /** Why the rows of a base change after their first booking. */
  causeOf(baseKey: string): Exclude<LedgerCause, 'scored'>;
}

const CAUSE_ZH: Record<LedgerCause, string> = {
  scored: '',
  withdrawn: '撤回（按时完成、补录迟报）',
  dismissed: '撤销',
  appeal_upheld: '申诉成立',
  rescored: '规则重算',
  corrected: '补录更正',
  adjusted: '人工调整',
};

const groupKey = (
  l: Pick<LedgerLine, 'baseKey' | 'badgeNo' | 'unitCode' | 'forMonth' | 'ruleId' | 'kind' | 'dimension'>,
) =>
  `${l.baseKey}\u0000${l.badgeNo}\u0000${l.unitCode}\u0000${l.forMonth}\u0000${l.ruleId}\u0000${l.kind}\u0000${l.dimension}`;

/**
 * Brings the ledger to what the latest judgement wants, by appending only: for every source
 * and officer `inScope` (whose wanted lines the caller has all of), the difference between the wanted lines and the booked sums becomes a new row
 * (a compensating row when it takes points back). Nothing booked is ever changed, and
 * settling twice books nothing the second time. A row whose month is already aired lands in
 * the open month as a late correction (补记) that still names the month it belongs to.
 */
export function settleLedger(
  lines: LedgerLine[],
  booked: BookedGroup[],
  inScope: (l: Pick<LedgerLine, 'baseKey' | 'badgeNo' | 'subjectId'>) => boolean,
  opts: SettleOptions,
): LedgerDraft[] {
  const wanted = new Map<string, LedgerLine>();
  for (const l of lines) {
    if (!inScope(l)) continue;
    const k = groupKey(l);
    const had = wanted.get(k);
    wanted.set(k, had ? { ...had, points: had.points + l.points } : l);
  }
  const have = new Map<string, BookedGroup>();
  const rowsOf = new Map<string, number>();
  for (const b of booked) {
    if (!inScope(b)) continue;
    have.set(groupKey(b), b);
    const officer = `${b.baseKey}\u0000${b.badgeNo}`;
    rowsOf.set(officer, (rowsOf.get(officer) ?? 0) + b.rows);
  }
  const drafts: LedgerDraft[] = [];
  const keys = [...new Set([...have.keys(), ...wanted.keys()])];
  for (const k of keys) {
    const w = wanted.get(k);
    const h = have.get(k);
    const diff: Tenths = (w?.points ?? 0) - (h?.points ?? 0);
    if (diff === 0) continue;
    const line = (w ?? h)!;
    const officer = `${line.baseKey}\u0000${line.badgeNo}`;
    const n = rowsOf.get(officer) ?? 0;
    rowsOf.set(officer, n + 1);
    const cause: LedgerCause = n === 0 ? 'scored' : opts.causeOf(line.baseKey);
    const { month, late } = bookingMonth(line.forMonth, opts.closedMonths, opts.openMonth);
    const takesBack = h !== undefined && h.points !== 0 && Math.sign(diff) !== Math.sign(h.points);
    drafts.push({
      baseKey: line.baseKey,
      source: line.source,
      sourceRef: line.sourceRef,
      subjectId: line.subjectId,
      badgeNo: line.badgeNo,
      unitCode: line.unitCode,
      forMonth: line.forMonth,
      occurredAt: line.occurredAt,
      points: diff,
      kind: line.kind,
      dimension: line.dimension,
      ruleId: line.ruleId,
      catalogueVersion: w?.catalogueVersion ?? h!.catalogueVersion,
      reason: cause === 'scored' ? line.reason : `${CAUSE_ZH[cause]}：${line.reason}`,
      sourceKey: n === 0 ? `${line.baseKey}:${line.badgeNo}` : `${line.baseKey}:${line.badgeNo}#${n}`,
      month,
      lateCorrection: late,
      cause,
      reversesId: takesBack ? h.lastId : null,
    });
  }
  return drafts;
}
