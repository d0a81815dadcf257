import type { PublicationSnapshot } from '@jifen/shared';

/**
 * A publication as a reader within a unit subtree sees it: the lines of officers and units
 * in the subtree, with the bureau's ranks unchanged (it is the bureau's publication; a
 * station reads its own part of it). The whole organisation (null) sees everything.
 */
export function scopedSnapshot(
  s: PublicationSnapshot,
  scope: string | null,
  isWithin: (unitCode: string, scope: string) => boolean,
): PublicationSnapshot {
  if (scope === null) return s;
  const mine = <T extends { unitCode: string }>(rows: T[]) => rows.filter((r) => isWithin(r.unitCode, scope));
  switch (s.kind) {
    case 'daily':
      return { ...s, units: mine(s.units) };
    case 'monthly':
      return { ...s, rows: mine(s.rows), units: mine(s.units), reissue: scopedNote(s, mine) };
    case 'quarterly':
      return {
        ...s,
        rows: mine(s.rows),
        units: mine(s.units),
        commended: { officers: mine(s.commended.officers), units: mine(s.commended.units) },
        reissue: scopedNote(s, mine),
      };
    case 'annual':
      return {
        ...s,
        rows: mine(s.rows),
        units: mine(s.units),
        inactive: mine(s.inactive),
        reissue: scopedNote(s, mine),
      };
  }
}

function scopedNote(
  s: Exclude<PublicationSnapshot, { kind: 'daily' }>,
  mine: <T extends { unitCode: string }>(rows: T[]) => T[],
) {
  return s.reissue ? { ...s.reissue, changes: mine(s.reissue.changes) } : null;
}
