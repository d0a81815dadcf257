import { monthOf } from '@jifen/shared';
import type { LedgerLine } from '../../scoring/domain/ledger-line';
import { standsWithPoints, type ProblemRecord } from './problem-record';

/**
 * What a problem should have booked: its points to every officer on it while it stands, in
 * the month of what it reports (a violation's due time, an event problem's event), with the
 * unit each officer belonged to then. Nothing for a warning, a dismissed or withdrawn
 * problem, or an officer whose appeal was upheld.
 */
export function problemLines(
  p: ProblemRecord,
  opts: { timeZone: string; unitOf(badgeNo: string, at: number): string | undefined },
): LedgerLine[] {
  if (!standsWithPoints(p)) return [];
  const forMonth = monthOf(p.occurredAt, opts.timeZone);
  return p.badgeNos
    .filter((b) => !p.waivedBadges.includes(b))
    .map((badgeNo) => ({
      baseKey: `problem:${p.id}`,
      source: 'problem' as const,
      sourceRef: p.id,
      subjectId: `${p.subjectKind}:${p.subjectRef}`,
      badgeNo,
      unitCode: opts.unitOf(badgeNo, p.occurredAt) ?? p.unitCode,
      forMonth,
      occurredAt: p.occurredAt,
      points: p.points,
      kind: 'deduction' as const,
      dimension: p.dimension,
      ruleId: p.ruleId,
      catalogueVersion: p.catalogueVersion,
      reason: `${p.titleZh} · ${p.subjectRef}`,
    }));
}
