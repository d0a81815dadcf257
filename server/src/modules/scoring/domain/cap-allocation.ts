import type { Tenths } from '@jifen/shared';
import type { LedgerClaim, LedgerLine } from './ledger-line';

/** One officer's claims under one capped rule in one month (the month the points belong to). */
export const capGroupOf = (c: Pick<LedgerClaim, 'badgeNo' | 'ruleId' | 'forMonth'>) =>
  `${c.badgeNo}|${c.ruleId}|${c.forMonth}`;

const byEventTime = (a: LedgerClaim, b: LedgerClaim) =>
  a.occurredAt - b.occurredAt || (a.baseKey < b.baseKey ? -1 : a.baseKey > b.baseKey ? 1 : 0);

/**
 * Monthly caps (e.g. at most 60 points a month from handled incidents), shared out in event
 * order: the claims that happened first get their points until the cap is reached, whatever
 * order they were reported in. A late report of an earlier incident therefore takes the
 * place of a later one, and the month's total stays min(cap, sum of claims). Give it every
 * claim of the groups it is to decide; uncapped claims pass through unchanged.
 */
export function allocateCaps(claims: LedgerClaim[]): LedgerLine[] {
  const groups = new Map<string, LedgerClaim[]>();
  const out: LedgerLine[] = [];
  for (const c of claims) {
    if (c.cap === null) {
      out.push(lineOf(c, c.points));
      continue;
    }
    const key = capGroupOf(c);
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  for (const list of groups.values()) {
    list.sort(byEventTime);
    let used: Tenths = 0;
    for (const c of list) {
      const granted = Math.max(0, Math.min(c.points, (c.cap ?? 0) - used));
      used += granted;
      out.push(lineOf(c, granted));
    }
  }
  return out;
}

function lineOf(c: LedgerClaim, points: Tenths): LedgerLine {
  // A claim refused by its cap is still a line (of zero): it may have held points before.
  const { cap: _cap, ...line } = c;
  return { ...line, points };
}
