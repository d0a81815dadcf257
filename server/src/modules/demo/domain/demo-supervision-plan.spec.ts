import { seededRandom } from '../demo-names';
import {
  appealDecision,
  DEMO_SHARES,
  drawFate,
  nextMove,
  type DemoFate,
  type DemoProblem,
} from './demo-supervision-plan';
import { compressed, DEMO_LONGEST_WAIT, HOUR, MINUTE } from './demo-time';

const problem = (over: Partial<DemoProblem> = {}): DemoProblem => ({
  status: 'open',
  stage: 'event',
  severity: 'critical',
  points: -10,
  badgeNos: ['100001'],
  rectifyDueAt: null,
  appealed: false,
  ...over,
});
const ordinary: DemoFate = {
  neglected: false,
  dismissed: false,
  appealed: false,
  appealUpheld: false,
  slow: false,
};

describe('the demo supervision plan', () => {
  it('draws fates in the shares it promises', () => {
    const rand = seededRandom(7);
    const n = 20_000;
    const counts = { neglected: 0, dismissed: 0, appealed: 0, appealUpheld: 0, slow: 0 };
    for (let i = 0; i < n; i++) {
      const f = drawFate(rand);
      for (const k of Object.keys(counts) as (keyof typeof counts)[]) if (f[k]) counts[k]++;
    }
    for (const k of Object.keys(counts) as (keyof typeof counts)[])
      expect(Math.abs(counts[k] / n - DEMO_SHARES[k])).toBeLessThan(0.01);
  });

  it('walks an ordinary problem through acknowledge, assign, rectified and verify', () => {
    const rand = seededRandom(1);
    const steps = (['open', 'acknowledged', 'rectifying', 'rectified'] as const).map(
      (status) => nextMove(problem({ status }), ordinary, rand)?.move.kind,
    );
    expect(steps).toEqual(['acknowledge', 'assign', 'rectified', 'verify']);
    expect(nextMove(problem({ status: 'closed' }), ordinary, rand)).toBeNull();
    expect(nextMove(problem({ status: 'dismissed' }), ordinary, rand)).toBeNull();
  });

  it('looks at a critical problem within minutes and at a notice within hours', () => {
    const rand = seededRandom(2);
    for (let i = 0; i < 200; i++) {
      const critical = nextMove(problem({ severity: 'critical' }), ordinary, rand)!.after;
      const info = nextMove(problem({ severity: 'info' }), ordinary, rand)!.after;
      expect(critical).toBeGreaterThanOrEqual(2 * MINUTE);
      expect(critical).toBeLessThanOrEqual(12 * MINUTE);
      expect(info).toBeGreaterThanOrEqual(20 * MINUTE);
      expect(info).toBeLessThanOrEqual(3 * HOUR);
    }
  });

  it('leaves a neglected problem open and dismisses a mistaken one with a reason', () => {
    const rand = seededRandom(3);
    expect(nextMove(problem(), { ...ordinary, neglected: true }, rand)).toBeNull();
    const m = nextMove(problem(), { ...ordinary, dismissed: true }, rand)!.move;
    expect(m.kind).toBe('dismiss');
    expect(m.kind === 'dismiss' && m.reason.length).toBeGreaterThanOrEqual(4);
  });

  it('only acknowledges a warning: its fulfilment or its violation moves it on', () => {
    expect(
      nextMove(problem({ status: 'acknowledged', stage: 'warning' }), ordinary, seededRandom(4)),
    ).toBeNull();
  });

  it('appeals a deduction once, before reporting the rectification, and never a problem without points', () => {
    const fate = { ...ordinary, appealed: true };
    const rand = seededRandom(5);
    expect(nextMove(problem({ status: 'rectifying' }), fate, rand)!.move).toMatchObject({
      kind: 'appeal',
      badgeNo: '100001',
    });
    expect(nextMove(problem({ status: 'rectifying', appealed: true }), fate, rand)!.move.kind).toBe(
      'rectified',
    );
    expect(nextMove(problem({ status: 'rectifying', points: 0 }), fate, rand)!.move.kind).toBe('rectified');
  });

  it('holds a slow rectification past its real due time', () => {
    const due = Date.parse('2026-11-23T23:59:59+08:00');
    const next = nextMove(
      problem({ status: 'rectifying', rectifyDueAt: due }),
      { ...ordinary, slow: true },
      seededRandom(6),
    )!;
    expect(next.notBefore).toBe(due);
  });

  it('decides appeals as the fate says, after a while', () => {
    const d = appealDecision({ ...ordinary, appealUpheld: true }, seededRandom(8));
    expect(d.upheld).toBe(true);
    expect(d.after).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(appealDecision(ordinary, seededRandom(8)).upheld).toBe(false);
  });

  it('compresses simulated time and never waits longer than the longest wait', () => {
    expect(compressed(HOUR)).toBe(30_000);
    expect(compressed(100 * HOUR)).toBe(DEMO_LONGEST_WAIT);
  });
});
