import {
  initialsOf,
  maskedName,
  type Alert,
  type ScoreChangedMessage,
  type SnapshotMessage,
} from '@jifen/shared';
import { maskLiveMessage, maskPeople } from './privacy';

const alert: Alert = {
  id: 'p1',
  ruleId: 'CASE_OVERTURNED',
  stage: 'event',
  severity: 'critical',
  status: 'acknowledged',
  unitCode: 'S1',
  escalatedTo: null,
  badgeNos: ['100001'],
  officers: [{ badgeNo: '100001', name: '张伟' }],
  subject: { kind: 'case', ref: 'A-1' },
  title: { zh: '案件被撤销', en: 'Case overturned' },
  detectedAt: '2026-11-23T01:00:00.000Z',
  occurredAt: '2026-11-23T01:00:00.000Z',
  dueAt: null,
  ackBy: 'wangfang',
  ackAt: '2026-11-23T01:05:00.000Z',
  assignee: '100001',
  rectifyDueAt: null,
  rectifiedAt: null,
  closedAt: null,
  resolution: null,
  points: -10,
  version: 2,
  history: [
    {
      at: '2026-11-23T01:00:00.000Z',
      action: 'raised',
      by: 'system',
      fromStatus: null,
      toStatus: 'open',
      note: null,
    },
    {
      at: '2026-11-23T01:05:00.000Z',
      action: 'acknowledged',
      by: 'wangfang',
      fromStatus: 'open',
      toStatus: 'acknowledged',
      note: '已通知张伟',
    },
  ],
};

const row = (badgeNo: string | undefined, name: string) => ({
  rank: 1,
  badgeNo,
  name,
  unitCode: 'S1',
  unitName: '东城派出所',
  total: 10,
  base: 10,
  bonus: 0,
  deduction: 0,
  quantity: 10,
  quality: 0,
  efficiency: 0,
});

describe('privacy masking', () => {
  it('initials keep the surname of a Chinese name and the initials of a Latin one', () => {
    expect(initialsOf('张伟')).toBe('张＊');
    expect(initialsOf('欧阳娜娜')).toBe('欧＊＊＊');
    expect(initialsOf('john smith')).toBe('J. S.');
    expect(maskedName('张伟', '100001', 'badge')).toBe('100001');
    expect(maskedName('张伟', '100001', 'off')).toBe('张伟');
  });

  it('a snapshot leaves with no officer name, no login name and no free text; units keep their names', () => {
    const snap: SnapshotMessage = {
      seq: 5,
      reason: 'initial',
      period: '2026-11',
      officers: [row('100001', '张伟')],
      units: [{ ...row(undefined, '东城派出所'), officerCount: 1 }],
      alerts: [alert],
      counts: { open: 0, acknowledged: 1, overdue: 0, today: { raised: 1, cleared: 0 } },
    };
    const masked = maskLiveMessage('snapshot', snap, 'initials');
    const text = JSON.stringify(masked);
    for (const secret of ['张伟', 'wangfang', '已通知']) expect(text).not.toContain(secret);
    expect(masked.officers[0].name).toBe('张＊');
    expect(masked.units[0].name).toBe('东城派出所');
    expect(masked.alerts[0].officers[0]).toEqual({ badgeNo: '100001', name: '张＊' });
    expect(masked.alerts[0].history[0].by).toBe('system');
    expect(masked.alerts[0].ackBy).toBe('W.');
    expect(snap.officers[0].name).toBe('张伟');
  });

  it('badge mode shows the badge number where the name was, in score changes too', () => {
    const msg: ScoreChangedMessage = {
      seq: 9,
      changes: [
        {
          badgeNo: '100001',
          name: '张伟',
          unitCode: 'S1',
          unitName: '东城派出所',
          period: '2026-11',
          forMonth: '2026-11',
          delta: 10,
          total: 10,
          ruleId: 'BASE_CRIM_FILED',
          ruleTitle: { zh: '刑事案件立案', en: 'Criminal case filed' },
          at: '2026-11-23T01:00:00.000Z',
        },
      ],
    };
    const masked = maskLiveMessage('score.changed', msg, 'badge');
    expect(masked.changes[0]).toMatchObject({ name: '100001', unitName: '东城派出所', delta: 10 });
  });

  it('off passes messages through untouched, and a Buffer is never walked into', () => {
    const msg = {
      seq: 1,
      alert,
      counts: { open: 1, acknowledged: 0, overdue: 0, today: { raised: 1, cleared: 0 } },
    };
    expect(maskLiveMessage('alert.raised', msg, 'off')).toBe(msg);
    const buf = Buffer.from('张伟');
    expect(maskPeople({ file: buf }, 'initials').file).toBe(buf);
  });
});
