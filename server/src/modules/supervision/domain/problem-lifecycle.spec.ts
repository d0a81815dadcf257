import { DEFAULT_CATALOGUE } from '@jifen/shared';
import { applyStep, type ProblemState } from './problem-lifecycle';

const ctx = { policy: DEFAULT_CATALOGUE.supervision, timeZone: 'Asia/Shanghai' };
const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const open: ProblemState = {
  status: 'open',
  resolution: null,
  severity: 'critical',
  unitCode: 'S1',
  badgeNos: ['100001'],
  ackBy: null,
  ackAt: null,
  assignee: null,
  rectifyDueAt: Date.parse('2026-11-24T10:00:00+08:00'),
  rectifiedAt: null,
  closedAt: null,
  escalatedTo: null,
  version: 1,
};
const sup = { name: 'sup-a', role: 'supervisor', badgeNo: null };
const officer = (badgeNo: string) => ({ name: `off-${badgeNo}`, role: 'officer', badgeNo });

describe('the problem life cycle', () => {
  it('acknowledges once; a second acknowledgement names who was first', () => {
    const a = applyStep(open, { kind: 'acknowledge' }, sup, NOW, ctx);
    if (!a.ok) throw new Error('refused');
    const b = applyStep(a.next, { kind: 'acknowledge' }, { ...sup, name: 'sup-b' }, NOW, ctx);
    expect(b).toMatchObject({ ok: false, code: 'ALERT.ALREADY_ACKNOWLEDGED', params: { by: 'sup-a' } });
  });

  it('assigning keeps the rectification due time counted from the raise unless a time is given', () => {
    const kept = applyStep(open, { kind: 'assign', badgeNo: '100001' }, sup, NOW + 3_600_000, ctx);
    expect(kept.ok && kept.next.rectifyDueAt).toBe(open.rectifyDueAt);
    const given = Date.parse('2026-11-25T18:00:00+08:00');
    const explicit = applyStep(open, { kind: 'assign', badgeNo: '100001', dueAt: given }, sup, NOW, ctx);
    expect(explicit.ok && explicit.next.rectifyDueAt).toBe(given);
    expect(
      applyStep(open, { kind: 'assign', badgeNo: '100001', dueAt: NOW - 1 }, sup, NOW, ctx),
    ).toMatchObject({
      ok: false,
      code: 'ALERT.DUE_IN_PAST',
    });
  });

  it('only the assignee reports a rectification; verification closes it as verified', () => {
    const assigned = applyStep(open, { kind: 'assign', badgeNo: '100001' }, sup, NOW, ctx);
    if (!assigned.ok) throw new Error('refused');
    expect(
      applyStep(assigned.next, { kind: 'rectified', note: '已整改' }, officer('100002'), NOW, ctx),
    ).toMatchObject({
      ok: false,
      code: 'ALERT.NOT_ASSIGNEE',
    });
    const done = applyStep(assigned.next, { kind: 'rectified', note: '已整改' }, officer('100001'), NOW, ctx);
    if (!done.ok) throw new Error('refused');
    const verified = applyStep(done.next, { kind: 'verify' }, sup, NOW, ctx);
    expect(verified.ok && [verified.next.status, verified.next.resolution]).toEqual(['closed', 'verified']);
  });

  it('dismisses with a reason from any open status, and refuses every step after', () => {
    const d = applyStep(open, { kind: 'dismiss', reason: '系录入错误' }, sup, NOW, ctx);
    if (!d.ok) throw new Error('refused');
    expect([d.next.status, d.next.resolution]).toEqual(['dismissed', 'dismissed']);
    for (const step of [{ kind: 'acknowledge' as const }, { kind: 'dismiss' as const, reason: '再次撤销' }])
      expect(applyStep(d.next, step, sup, NOW, ctx)).toMatchObject({
        ok: false,
        code: 'ALERT.ILLEGAL_TRANSITION',
      });
  });

  it('cannot escalate beyond the top of the tree', () => {
    expect(applyStep(open, { kind: 'escalate', to: null }, sup, NOW, ctx)).toMatchObject({
      ok: false,
      code: 'ALERT.NO_PARENT',
    });
  });
});
