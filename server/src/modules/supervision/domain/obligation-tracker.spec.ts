import { judgeSubject } from '../../judgement/domain/judge-subject';
import { context, recorded } from '../../judgement/testing/recorded-events';
import { obligationStage } from './obligation-tracker';

const detention = (when: string, personRef = 'P1') =>
  recorded('measure.started', when, { data: { measure: 'criminal_detention', personRef } });
const obligations = (events: Parameters<typeof judgeSubject>[0], now = '2026-12-31T00:00:00+08:00') =>
  judgeSubject(events, context(now)).obligations;
const of = (list: ReturnType<typeof obligations>, ruleId: string) => list.filter((o) => o.ruleId === ruleId);

describe('the obligation tracker', () => {
  it('a criminal detention opens delivery, family notice and arrest request for that person', () => {
    const ids = obligations([detention('2026-11-23T10:15:00+08:00')])
      .map((o) => o.ruleId)
      .sort();
    expect(ids).toEqual(['CRIM_ARREST_REQUEST_3D', 'CRIM_CUSTODY_DELIVERY_24H', 'CRIM_FAMILY_NOTICE_24H']);
  });

  it('is fulfilled by the same person only; a step naming no person answers everyone on the subject', () => {
    const list = obligations([
      detention('2026-11-23T10:00:00+08:00', 'P1'),
      detention('2026-11-23T10:00:00+08:00', 'P2'),
      recorded('detainee.delivered', '2026-11-23T12:00:00+08:00', { data: { personRef: 'P1' } }),
    ]);
    const delivery = of(list, 'CRIM_CUSTODY_DELIVERY_24H');
    expect(delivery.map((o) => [o.personRef, o.fulfilledAt !== null])).toEqual([
      ['P1', true],
      ['P2', false],
    ]);
  });

  it('judges by when things happened: a delivery done in time but reported after the due time fulfils in time', () => {
    const [o] = of(
      obligations([
        detention('2026-11-23T10:15:00+08:00'),
        recorded('detainee.delivered', '2026-11-24T09:00:00+08:00', {
          data: { personRef: 'P1' },
          receivedAt: Date.parse('2026-11-28T00:00:00+08:00'),
        }),
      ]),
      'CRIM_CUSTODY_DELIVERY_24H',
    );
    expect(obligationStage(o, Date.parse('2026-11-28T00:00:00+08:00'))).toBe('none');
  });

  it('counts a fulfilment at the due instant as in time; a violation exists only after the due instant', () => {
    const opened = detention('2026-11-23T10:15:00+08:00');
    const [open] = of(obligations([opened]), 'CRIM_CUSTODY_DELIVERY_24H');
    expect(obligationStage(open, open.dueAt)).toBe('warning');
    expect(obligationStage(open, open.dueAt + 1)).toBe('violation');
    const [done] = of(
      obligations([
        opened,
        recorded('detainee.delivered', '2026-11-24T10:15:00+08:00', { data: { personRef: 'P1' } }),
      ]),
      'CRIM_CUSTODY_DELIVERY_24H',
    );
    expect(obligationStage(done, done.dueAt + 3_600_000)).toBe('none');
  });

  it('an approved extension moves the due time and the warning point', () => {
    const [plain] = of(obligations([detention('2026-11-23T10:15:00+08:00')]), 'CRIM_ARREST_REQUEST_3D');
    const [extended] = of(
      obligations([
        detention('2026-11-23T10:15:00+08:00'),
        recorded('case.deadline_extended', '2026-11-25T10:00:00+08:00', {
          data: { obligation: 'CRIM_ARREST_REQUEST_3D', personRef: 'P1', days: 4 },
        }),
      ]),
      'CRIM_ARREST_REQUEST_3D',
    );
    expect(extended.dueAt).toBe(Date.parse('2026-12-01T00:00:00+08:00'));
    expect(extended.warnAt).toBeGreaterThan(plain.warnAt);
  });

  it('an extension approved after the limit ran out moves nothing', () => {
    const [o] = of(
      obligations([
        detention('2026-11-23T10:15:00+08:00'),
        recorded('case.deadline_extended', '2026-11-28T10:00:00+08:00', {
          data: { obligation: 'CRIM_ARREST_REQUEST_3D', personRef: 'P1', days: 4 },
        }),
      ]),
      'CRIM_ARREST_REQUEST_3D',
    );
    expect(o.dueAt).toBe(Date.parse('2026-11-27T00:00:00+08:00'));
  });

  it('a late report of an earlier detention of the same person covers the later opening: one obligation, not two', () => {
    const list = obligations([
      detention('2026-11-23T10:00:00+08:00'),
      detention('2026-11-22T20:00:00+08:00'),
    ]);
    expect(of(list, 'CRIM_CUSTODY_DELIVERY_24H').map((o) => o.openedAt)).toEqual([
      Date.parse('2026-11-22T20:00:00+08:00'),
    ]);
  });

  it('a fulfilment at the same instant as the opening counts, whichever of the two is sorted first', () => {
    const a = detention('2026-11-23T10:00:00+08:00');
    const b = recorded('detainee.delivered', '2026-11-23T10:00:00+08:00', { data: { personRef: 'P1' } });
    for (const [first, second] of [
      [
        { ...a, eventId: 'z-open' },
        { ...b, eventId: 'a-deliver' },
      ],
      [
        { ...a, eventId: 'a-open' },
        { ...b, eventId: 'z-deliver' },
      ],
    ]) {
      const [o] = of(obligations([first, second]), 'CRIM_CUSTODY_DELIVERY_24H');
      expect(o.fulfilledAt).toBe(Date.parse('2026-11-23T10:00:00+08:00'));
    }
  });

  it('gives the same obligation the same id however it is reached, so a late report finds it again', () => {
    const e = detention('2026-11-23T10:00:00+08:00');
    const once = obligations([e]).map((o) => o.id);
    const again = obligations([recorded('case.filed', '2026-11-20T10:00:00+08:00'), e]).map((o) => o.id);
    expect(again).toEqual(once);
  });
});
