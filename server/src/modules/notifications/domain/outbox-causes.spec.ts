import { NotificationCauseSchema, type Alert } from '@jifen/shared';
import {
  problemIntents,
  publicationIntents,
  publishedOf,
  type PublishedHonours,
  type PublishedPayload,
} from './outbox-causes';

const AT = '2026-11-23T02:00:00.000Z';
const names: Record<string, string> = { S1: '城关派出所', B1: '测试县公安局' };
const unitName = (c: string) => names[c] ?? c;

function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: 'p-1',
    ruleId: 'CRIM_CUSTODY_DELIVERY_24H',
    stage: 'violation',
    severity: 'critical',
    status: 'open',
    unitCode: 'S1',
    escalatedTo: null,
    badgeNos: ['100001'],
    officers: [{ badgeNo: '100001', name: '张伟' }],
    subject: { kind: 'case', ref: 'A1' },
    title: { zh: '刑事拘留后24小时内未送看守所', en: 'Detainee not delivered within 24 h' },
    detectedAt: '2026-11-23T00:15:00.000Z',
    occurredAt: '2026-11-23T00:15:00.000Z',
    dueAt: '2026-11-23T00:15:00.000Z',
    ackBy: null,
    ackAt: null,
    assignee: null,
    rectifyDueAt: '2026-11-30T00:15:00.000Z',
    rectifiedAt: null,
    closedAt: null,
    resolution: null,
    points: -5,
    version: 1,
    history: [],
    ...over,
  };
}

const row = (kind: string, payload: unknown) => ({ seq: 7, kind, payload });
const valid = (intents: ReturnType<typeof problemIntents>) =>
  intents.every((i) => NotificationCauseSchema.safeParse(i.cause).success);

describe('problem changes as causes', () => {
  it('a raised problem is told to its officers and the supervisors of its unit', () => {
    const intents = problemIntents(row('alert.raised', { alert: alert(), steps: ['raised'] }), AT, unitName);
    expect(intents).toHaveLength(1);
    expect(intents[0].cause).toMatchObject({
      id: 'problem.raised-p-1',
      trigger: 'problem.raised',
      unitCode: 'S1',
      data: { problemId: 'p-1', unitName: '城关派出所', dueAt: '2026-11-30T00:15:00.000Z' },
    });
    expect(intents[0].audience).toEqual({ kind: 'problem', badgeNos: ['100001'], unitCode: 'S1' });
    expect(valid(intents)).toBe(true);
  });

  it('a warning is due when its obligation is; a problem already settled, or RECTIFY_OVERDUE, is not raised', () => {
    const [w] = problemIntents(row('alert.raised', { alert: alert({ stage: 'warning' }) }), AT, unitName);
    expect(w.cause).toMatchObject({ data: { dueAt: '2026-11-23T00:15:00.000Z' } });
    expect(
      problemIntents(row('alert.raised', { alert: alert({ resolution: 'withdrawn' }) }), AT, unitName),
    ).toEqual([]);
    expect(
      problemIntents(row('alert.raised', { alert: alert({ ruleId: 'RECTIFY_OVERDUE' }) }), AT, unitName),
    ).toEqual([]);
  });

  it('an escalation goes to the unit it reached, once per level', () => {
    const payload = { alert: alert({ escalatedTo: 'B1', assignee: '100009' }), steps: ['auto_escalated'] };
    const [i] = problemIntents(row('alert.updated', payload), AT, unitName);
    expect(i.cause).toMatchObject({
      id: 'problem.escalated-p-1-B1',
      trigger: 'problem.escalated',
      occurredAt: AT,
      data: { escalatedTo: { unitCode: 'B1', unitName: '测试县公安局' } },
    });
    expect(i.audience).toEqual({ kind: 'problem', badgeNos: ['100001', '100009'], unitCode: 'B1' });
  });

  it('an update without a step worth telling tells nobody, even one that was escalated earlier', () => {
    const payload = { alert: alert({ escalatedTo: 'B1' }), steps: ['acknowledged'] };
    expect(problemIntents(row('alert.updated', payload), AT, unitName)).toEqual([]);
    // rows written before steps were recorded
    expect(
      problemIntents(row('alert.updated', { alert: alert({ escalatedTo: 'B1' }) }), AT, unitName),
    ).toEqual([]);
  });

  it('rectification overdue names the due time and the assignee', () => {
    const payload = { alert: alert({ assignee: '100002' }), steps: ['rectify_overdue'] };
    const intents = problemIntents(row('alert.updated', payload), AT, unitName);
    expect(intents.map((i) => i.cause)).toEqual([
      expect.objectContaining({
        id: 'rectification.overdue-p-1',
        occurredAt: '2026-11-30T00:15:00.000Z',
        data: expect.objectContaining({ rectifyDueAt: '2026-11-30T00:15:00.000Z', assignee: '100002' }),
      }),
    ]);
    expect(valid(intents)).toBe(true);
  });

  it('an appeal decided is told to the appellant only', () => {
    const payload = {
      alert: alert(),
      steps: ['appeal_upheld'],
      appeal: { id: 'a-1', badgeNo: '100001', upheld: true, note: '证据不足' },
    };
    const intents = problemIntents(row('alert.updated', payload), AT, unitName);
    expect(intents).toEqual([
      {
        cause: expect.objectContaining({
          id: 'appeal.decided-a-1',
          data: expect.objectContaining({ upheld: true, note: '证据不足', badgeNo: '100001' }),
        }),
        audience: { kind: 'officer', badgeNo: '100001' },
      },
    ]);
    expect(valid(intents)).toBe(true);
  });

  it('other kinds are no problem changes', () => {
    expect(problemIntents(row('score', { changes: [] }), AT, unitName)).toEqual([]);
  });
});

describe('publications as causes', () => {
  const standing = (badgeNo: string, rank: number) => ({
    badgeNo,
    name: `民警${badgeNo}`,
    unitCode: 'S1',
    unitName: '城关派出所',
    rank,
    total: 100 - rank,
  });
  const honours: PublishedHonours = {
    ranked: 6,
    commended: [standing('100001', 1)],
    ineligible: [standing('100006', 6)],
  };
  const pub = (kind: PublishedPayload['kind'], period: string, version = 1): PublishedPayload => ({
    kind,
    period,
    version,
    scope: { unitCode: null, unitName: '测试县公安局' },
  });

  it('a monthly airing is told to everyone in scope, per version', () => {
    const intents = publicationIntents(pub('monthly', '2026-10', 2), honours, AT);
    expect(intents).toEqual([
      {
        cause: expect.objectContaining({
          id: 'publication.published-monthly-2026-10-v2',
          data: { kind: 'monthly', period: '2026-10', version: 2, officerCount: 6 },
        }),
        audience: { kind: 'scope', unitCode: null },
      },
    ]);
  });

  it('a quarterly notice commends each officer in person; ineligibility is the annual one only', () => {
    const intents = publicationIntents(pub('quarterly', '2026-Q3'), honours, AT);
    expect(intents.map((i) => i.cause.id)).toEqual([
      'publication.published-quarterly-2026-Q3-v1',
      'commendation-quarterly-2026-Q3-100001',
    ]);
    expect(intents[1].audience).toEqual({ kind: 'officer', badgeNo: '100001' });
    expect(valid(intents)).toBe(true);
  });

  it('an annual assessment commends and marks ineligible, once per period whatever the version', () => {
    const ids = (v: number) =>
      publicationIntents(pub('annual', '2026', v), honours, AT).map((i) => i.cause.id);
    expect(ids(1)).toEqual([
      'publication.published-annual-2026-v1',
      'commendation-annual-2026-100001',
      'award.ineligible-annual-2026-100006',
    ]);
    expect(ids(2).slice(1)).toEqual(ids(1).slice(1));
    const intents = publicationIntents(pub('annual', '2026'), honours, AT);
    expect(intents[2].cause).toMatchObject({ data: { rank: 6, of: 6, badgeNo: '100006' } });
    expect(valid(intents)).toBe(true);
  });

  it('the daily notice is not told; other rows are no publications', () => {
    expect(publishedOf(row('publication.published', pub('daily', '2026-11-22')))).toBeNull();
    expect(publishedOf(row('publication.published', pub('monthly', '2026-10')))).toEqual(
      pub('monthly', '2026-10'),
    );
    expect(publishedOf(row('alert.raised', { alert: alert() }))).toBeNull();
  });
});
