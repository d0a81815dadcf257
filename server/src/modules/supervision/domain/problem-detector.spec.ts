import { judgeSubject } from '../../judgement/domain/judge-subject';
import { context, HOUR, recorded } from '../../judgement/testing/recorded-events';

const NOW = '2026-12-31T00:00:00+08:00';
const found = (events: Parameters<typeof judgeSubject>[0]) =>
  judgeSubject(events, context(NOW))
    .findings.filter((f) => f.origin === 'event')
    .map((f) => f.ruleId)
    .sort();

describe('problems raised by an event', () => {
  it('a legal review returned, a case overturned, a complaint substantiated raise their problems', () => {
    expect(found([recorded('case.review.returned', '2026-11-30T23:50:00+08:00')])).toContain(
      'REVIEW_RETURNED',
    );
    expect(found([recorded('case.overturned', '2026-11-30T10:00:00+08:00')])).toContain('CASE_OVERTURNED');
    expect(
      found([
        recorded('complaint.received', '2026-11-30T09:00:00+08:00'),
        recorded('complaint.substantiated', '2026-11-30T10:00:00+08:00'),
      ]),
    ).toEqual(['COMPLAINT_SUBSTANTIATED']);
  });

  it('an event problem belongs to the month of its event: a return on 30 Nov 23:50 posted on 1 Dec is November', () => {
    const [f] = judgeSubject(
      [
        recorded('case.review.returned', '2026-11-30T23:50:00+08:00', {
          receivedAt: Date.parse('2026-12-01T00:05:00+08:00'),
        }),
      ],
      context(NOW),
    ).findings;
    expect(new Date(f.occurredAt).toISOString()).toBe('2026-11-30T15:50:00.000Z');
  });

  it('a seizure before the case was accepted is caught by event order, whatever the arrival order', () => {
    const seized = recorded('evidence.seized', '2026-11-23T08:00:00+08:00', { data: { itemRef: 'W1' } });
    const accepted = recorded('case.accepted', '2026-11-23T09:00:00+08:00', {
      data: { caseKind: 'criminal' },
    });
    expect(found([accepted, seized])).toContain('SEIZURE_BEFORE_CASE');
    const after = {
      ...seized,
      at: Date.parse('2026-11-23T10:00:00+08:00'),
      occurredAt: '2026-11-23T02:00:00.000Z',
    };
    expect(found([accepted, after])).not.toContain('SEIZURE_BEFORE_CASE');
  });

  it('steps out of order (程序倒置) are information, and a late report of the missing step clears them', () => {
    const transferred = recorded('case.transferred', '2026-11-25T08:00:00+08:00');
    expect(found([transferred])).toContain('OUT_OF_ORDER');
    const filed = recorded('case.filed', '2026-11-20T08:00:00+08:00');
    const accepted = recorded('case.accepted', '2026-11-19T08:00:00+08:00', {
      data: { caseKind: 'criminal' },
    });
    expect(found([transferred, filed, accepted])).not.toContain('OUT_OF_ORDER');
  });

  it('a step reported more than 24 hours after it happened raises LATE_ENTRY, unless sent as a backfill', () => {
    const late = recorded('incident.received', '2026-11-20T08:00:00+08:00', {
      receivedAt: Date.parse('2026-11-20T08:00:00+08:00') + 25 * HOUR,
    });
    expect(found([late])).toEqual(['LATE_ENTRY']);
    expect(found([{ ...late, backfill: true }])).toEqual([]);
    expect(found([{ ...late, receivedAt: late.at + 24 * HOUR }])).toEqual([]);
  });
});
