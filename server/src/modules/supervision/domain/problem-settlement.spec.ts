import { DEFAULT_CATALOGUE } from '@jifen/shared';
import { judgeSubject } from '../../judgement/domain/judge-subject';
import { settleSubjects } from '../../judgement/domain/settle-subjects';
import { at, context, recorded } from '../../judgement/testing/recorded-events';
import type { LedgerDraft } from '../../scoring/domain/ledger-line';
import type { BookedGroup } from '../../scoring/domain/ledger-settlement';
import type { ProblemRecord } from './problem-record';

/** Judges a history at `now` against stored problems and booked rows, as ingestion and the sweep do. */
function settle(
  events: Parameters<typeof judgeSubject>[0],
  now: string,
  problems: ProblemRecord[] = [],
  booked: BookedGroup[] = [],
) {
  const ctx = context(now);
  return settleSubjects(
    [judgeSubject(events, ctx)],
    { problems, otherClaims: [], booked },
    {
      ...ctx,
      policy: DEFAULT_CATALOGUE.supervision,
      closedMonths: new Set(),
      openMonth: '2026-11',
    },
  );
}

const asBooked = (drafts: LedgerDraft[]): BookedGroup[] =>
  drafts.map((d, i) => ({ ...d, rows: 1, lastId: i + 1 }));

const detention = recorded('measure.started', '2026-11-23T10:15:00+08:00', {
  data: { measure: 'criminal_detention', personRef: 'P1' },
});
const delivered = (when: string) => recorded('detainee.delivered', when, { data: { personRef: 'P1' } });
const delivery = (list: { record: ProblemRecord }[]) =>
  list.map((u) => u.record).find((p) => p.ruleId === 'CRIM_CUSTODY_DELIVERY_24H');

describe('settling problems with what the judgement finds', () => {
  it('raises a warning at 75 % and turns the same problem into the violation at the due time', () => {
    const warned = settle([detention], '2026-11-24T04:30:00+08:00');
    const warning = delivery(warned.problems)!;
    expect([warning.stage, warning.points, warning.status]).toEqual(['warning', 0, 'open']);
    const violated = settle(
      [detention],
      '2026-11-24T10:16:00+08:00',
      warned.problems.map((u) => u.record),
    );
    const v = delivery(violated.problems)!;
    expect([v.id, v.stage, v.points]).toEqual([warning.id, 'violation', -50]);
    expect(violated.problems.find((u) => u.record.id === v.id)!.history.map((h) => h.action)).toEqual([
      'violated',
    ]);
  });

  it('a fulfilment done in time but reported late withdraws the violation and takes its points back', () => {
    const v = settle([detention], '2026-11-25T00:00:00+08:00');
    const stored = v.problems.map((u) => u.record);
    const late = settle(
      [detention, delivered('2026-11-24T09:00:00+08:00')],
      '2026-11-28T00:00:00+08:00',
      stored,
      asBooked(v.ledger),
    );
    const p = delivery(late.problems)!;
    expect([p.status, p.resolution]).toEqual(['closed', 'withdrawn']);
    expect(late.problems.find((u) => u.record.id === p.id)!.history[0].note).toContain(
      'done in time, reported late',
    );
    const back = late.ledger.filter((d) => d.baseKey === `problem:${p.id}`);
    expect(back.map((d) => [d.points, d.cause, d.reversesId !== null])).toEqual([
      [50, 'withdrawn', true],
      [50, 'withdrawn', true],
    ]);
  });

  it('a warning answered in time after it was shown is closed as fulfilled, not withdrawn', () => {
    const w = settle([detention], '2026-11-24T05:00:00+08:00');
    const done = settle(
      [detention, delivered('2026-11-24T06:00:00+08:00')],
      '2026-11-24T06:00:00+08:00',
      w.problems.map((u) => u.record),
    );
    expect(delivery(done.problems)!.resolution).toBe('fulfilled');
  });

  it('a dismissed problem stays dismissed: no sweep later turns it into a violation or books points for it', () => {
    const w = settle([detention], '2026-11-24T05:00:00+08:00');
    const dismissed = w.problems.map((u) =>
      u.record.ruleId === 'CRIM_CUSTODY_DELIVERY_24H'
        ? { ...u.record, status: 'dismissed' as const, resolution: 'dismissed' as const }
        : u.record,
    );
    const later = settle([detention], '2026-11-30T00:00:00+08:00', dismissed);
    expect(later.problems.map((u) => u.record.ruleId)).not.toContain('CRIM_CUSTODY_DELIVERY_24H');
    expect(later.ledger.filter((d) => d.ruleId === 'CRIM_CUSTODY_DELIVERY_24H')).toEqual([]);
  });

  it('owes rectification from the moment it is raised, assigned or not: end of that bureau day for a warning-severity problem', () => {
    const r = settle(
      [recorded('case.review.returned', '2026-11-23T10:00:00+08:00')],
      '2026-11-23T10:00:00+08:00',
    );
    const p = r.problems.find((u) => u.record.ruleId === 'REVIEW_RETURNED')!.record;
    expect(p.rectifyDueAt).toBe(at('2026-11-24T00:00:00+08:00'));
    expect(p.assignee).toBeNull();
  });

  it('an extension moves the open warning due time, and withdraws it while its new warning point is ahead', () => {
    const arrest = () =>
      settle([detention], '2026-11-26T09:00:00+08:00').problems.find(
        (u) => u.record.ruleId === 'CRIM_ARREST_REQUEST_3D',
      )!;
    const warned = arrest().record;
    const ext = recorded('case.deadline_extended', '2026-11-25T10:00:00+08:00', {
      data: { obligation: 'CRIM_ARREST_REQUEST_3D', personRef: 'P1', days: 4 },
    });
    const after = settle([detention, ext], '2026-11-26T10:00:00+08:00', [warned]);
    const p = after.problems.find((u) => u.record.id === warned.id)!.record;
    expect([p.resolution, p.dueAt]).toEqual(['withdrawn', at('2026-12-01T00:00:00+08:00')]);
    const again = settle([detention, ext], '2026-11-30T00:00:00+08:00', [p]);
    const re = again.problems.find((u) => u.record.id === warned.id)!;
    expect([re.record.status, re.record.stage, re.history[0].action]).toEqual([
      'open',
      'warning',
      'reraised',
    ]);
  });

  it('a violation raised again starts a new rectification clock that the sweep watches afresh', () => {
    const w = settle([detention], '2026-11-24T05:00:00+08:00');
    const warned = { ...delivery(w.problems)!, rectifyOverdue: true };
    const v = delivery(settle([detention], '2026-11-25T00:00:00+08:00', [warned]).problems)!;
    expect([v.stage, v.rectifyOverdue, v.rectifyDueAt]).toEqual([
      'violation',
      false,
      at('2026-11-26T00:00:00+08:00'),
    ]);
  });

  it('settling the same history again changes nothing', () => {
    const first = settle([detention], '2026-11-25T00:00:00+08:00');
    const again = settle(
      [detention],
      '2026-11-25T00:00:00+08:00',
      first.problems.map((u) => u.record),
      asBooked(first.ledger),
    );
    expect([again.problems, again.ledger]).toEqual([[], []]);
  });
});
