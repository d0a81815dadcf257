import { NOTIFICATION_TRIGGERS, type NotificationCause } from '@jifen/shared';
import { describeCause } from './notification-text';

const TZ = 'Asia/Shanghai';
const problem = {
  problemId: 'p-7',
  ruleId: 'RECTIFY_OVERDUE',
  title: { zh: '法制审核退回', en: 'Legal review returned' },
  severity: 'warning' as const,
  unitCode: 'S1',
  unitName: '城关派出所',
  badgeNos: ['100001', '100002'],
  detectedAt: '2026-10-31T15:59:59Z',
};
const base = { occurredAt: '2026-10-31T16:00:00Z', unitCode: 'S1' };

/** One cause of every trigger, with what its notification must say in Chinese. */
const CASES: [NotificationCause, string, string][] = [
  [
    { ...base, id: 'a', trigger: 'problem.raised', data: { ...problem, dueAt: null } },
    '执法问题：法制审核退回',
    '城关派出所于2026-10-31 23:59发现一般问题“法制审核退回”，涉及民警100001、100002。',
  ],
  [
    {
      ...base,
      id: 'b',
      trigger: 'problem.escalated',
      data: { ...problem, escalatedTo: { unitCode: 'B1', unitName: '测试县公安局' } },
    },
    '问题已升级：法制审核退回',
    '城关派出所的问题“法制审核退回”未及时签收，已升级至测试县公安局。',
  ],
  [
    {
      ...base,
      id: 'c',
      trigger: 'rectification.overdue',
      data: { ...problem, rectifyDueAt: '2026-11-01T15:59:59Z', assignee: '100001' },
    },
    '整改超期：法制审核退回',
    '城关派出所的问题“法制审核退回”应于2026-11-01 23:59前整改完毕，现已超期。',
  ],
  [
    {
      ...base,
      id: 'd',
      trigger: 'appeal.decided',
      data: {
        appealId: 'a1',
        problemId: 'p-7',
        title: problem.title,
        badgeNo: '100001',
        upheld: false,
        note: '',
      },
    },
    '申诉未获支持：法制审核退回',
    '您对问题“法制审核退回”的申诉未获支持。',
  ],
  [
    {
      ...base,
      id: 'e',
      trigger: 'publication.published',
      data: { kind: 'annual', period: '2026', version: 2, officerCount: 150 },
    },
    '2026年度执法办案积分年度评定已发布',
    '2026年度执法办案积分年度评定（第2版）已发布，共150名民警。',
  ],
  [
    {
      ...base,
      id: 'f',
      trigger: 'commendation',
      data: {
        kind: 'quarterly',
        period: '2026-Q4',
        rank: 3,
        of: 150,
        badgeNo: '100001',
        name: '张伟',
        unitName: '城关派出所',
        total: 98.5,
      },
    },
    '通报表扬：2026年第四季度',
    '城关派出所张伟在2026年第四季度执法办案积分排名第3名（共150名），得分98.5分，予以通报表扬。',
  ],
  [
    {
      ...base,
      id: 'g',
      trigger: 'award.ineligible',
      data: {
        period: '2026',
        rank: 150,
        of: 150,
        badgeNo: '100009',
        name: '李娜',
        unitName: '东城派出所',
        total: -3,
      },
    },
    '年度评定：2026年度',
    '东城派出所李娜在2026年度执法办案积分排名第150名（共150名），得分-3.0分，按规定取消年度评优评先资格。',
  ],
];

describe('what a notification says', () => {
  it('covers every trigger', () => {
    expect(CASES.map(([c]) => c.trigger).sort()).toEqual([...NOTIFICATION_TRIGGERS].sort());
  });

  it.each(CASES)('writes %# from the facts, in the bureau’s time zone', (cause, title, body) => {
    const text = describeCause(cause, TZ);
    expect(text.title.zh).toBe(title);
    expect(text.body.zh).toBe(body);
    expect(text.title.en.length).toBeGreaterThan(5);
    expect(`${text.title.en} ${text.body.en}`).not.toMatch(/undefined|null|NaN/);
    expect(text.link).toMatch(/^\/(console|publications)\//);
  });
});
