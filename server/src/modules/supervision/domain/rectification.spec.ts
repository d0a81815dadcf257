import { DEFAULT_CATALOGUE } from '@jifen/shared';
import { CatalogueTimeline } from '../../judgement/domain/judgement-context';
import type { ProblemRecord } from './problem-record';
import { rectificationFindings } from './rectification';

const timeline = CatalogueTimeline.only(DEFAULT_CATALOGUE, 1);
const DUE = Date.parse('2026-11-24T00:00:00+08:00');
const problem = (over: Partial<ProblemRecord> = {}) =>
  ({
    id: 'P1',
    origin: 'event',
    ruleId: 'REVIEW_RETURNED',
    stage: 'event',
    severity: 'warning',
    status: 'open',
    resolution: null,
    badgeNos: ['100001', '100002'],
    assignee: null,
    rectifyDueAt: DUE,
    rectifiedAt: null,
    titleZh: '法制审核退回',
    titleEn: 'Legal review returned',
    subjectKind: 'case',
    subjectRef: 'C1',
    unitCode: 'S1',
    eventId: 'E1',
    ...over,
  }) as ProblemRecord;
const found = (p: ProblemRecord, now = DUE + 1) => rectificationFindings([p], now, (t) => timeline.at(t));

describe('RECTIFY_OVERDUE', () => {
  it('is raised after the rectification due time against the officers when nobody is assigned', () => {
    const [f] = found(problem());
    expect([f.ruleId, f.points, f.badgeNos, f.occurredAt, f.parentId]).toEqual([
      'RECTIFY_OVERDUE',
      -10,
      ['100001', '100002'],
      DUE,
      'P1',
    ]);
  });
  it('goes to the assignee when there is one', () => {
    expect(found(problem({ assignee: '100002' }))[0].badgeNos).toEqual(['100002']);
  });
  it('is not raised at the due instant, nor when rectified in time, nor for a withdrawn, dismissed or warning problem', () => {
    expect(found(problem(), DUE)).toEqual([]);
    expect(found(problem({ rectifiedAt: DUE }))).toEqual([]);
    expect(found(problem({ resolution: 'withdrawn', status: 'closed' }))).toEqual([]);
    expect(found(problem({ status: 'dismissed', resolution: 'dismissed' }))).toEqual([]);
    expect(found(problem({ stage: 'warning' }))).toEqual([]);
  });
  it('stays once rectification came too late', () => {
    expect(
      found(problem({ rectifiedAt: DUE + 3_600_000, status: 'rectified' }), DUE + 7_200_000),
    ).toHaveLength(1);
  });
});
