import type { AlertStage, AlertStatus, Severity } from '@jifen/shared';
import { HOUR, MINUTE } from './demo-time';

/** What the demo's simulated people see of a problem. */
export interface DemoProblem {
  status: AlertStatus;
  stage: AlertStage;
  severity: Severity;
  points: number;
  badgeNos: string[];
  /** When the rectification is due (epoch ms), once assigned. */
  rectifyDueAt: number | null;
  /** An officer on it has already appealed its deduction. */
  appealed: boolean;
}

/**
 * How one problem's story goes, drawn once when the demo first sees it. The shares are what
 * a reasonably run station looks like: most problems are worked to closure the same day, a
 * few are dismissed on review, some deductions are contested, a few are left lying.
 */
export interface DemoFate {
  /** Nobody gets to it: it waits and escalates to the parent unit. */
  neglected: boolean;
  /** On review it was not a real problem (a data-entry error, a duplicate). */
  dismissed: boolean;
  /** The officer contests the deduction. */
  appealed: boolean;
  appealUpheld: boolean;
  /** The rectification drags past its due time. */
  slow: boolean;
}

export const DEMO_SHARES = {
  neglected: 0.06,
  dismissed: 0.05,
  appealed: 0.15,
  appealUpheld: 0.4,
  slow: 0.08,
} as const;

export type DemoMove =
  | { kind: 'acknowledge' }
  | { kind: 'assign'; badgeNo: string }
  | { kind: 'rectified'; note: string }
  | { kind: 'verify'; note: string }
  | { kind: 'dismiss'; reason: string }
  | { kind: 'appeal'; badgeNo: string; reason: string };

/**
 * The next move and how long, in simulated time, until someone makes it; `notBefore` (real
 * epoch ms) holds a move back past a real deadline, so a late rectification is really late.
 */
export interface PlannedMove {
  move: DemoMove;
  after: number;
  notBefore?: number;
}

export function drawFate(rand: () => number): DemoFate {
  return {
    neglected: rand() < DEMO_SHARES.neglected,
    dismissed: rand() < DEMO_SHARES.dismissed,
    appealed: rand() < DEMO_SHARES.appealed,
    appealUpheld: rand() < DEMO_SHARES.appealUpheld,
    slow: rand() < DEMO_SHARES.slow,
  };
}

const between = (rand: () => number, from: number, to: number) => from + rand() * (to - from);
const pick = <T>(rand: () => number, list: readonly T[]) => list[Math.floor(rand() * list.length)];

/** Critical problems are looked at within minutes; a notice can wait for the next round. */
const ACK_WITHIN: Record<Severity, [number, number]> = {
  critical: [2 * MINUTE, 12 * MINUTE],
  warning: [10 * MINUTE, 90 * MINUTE],
  info: [20 * MINUTE, 3 * HOUR],
};

const DISMISS_REASONS = [
  '经核查系数据录入错误，已更正',
  '重复推送，与已处理问题为同一事项',
  '经法制部门复核，程序符合规定',
];
const RECTIFY_NOTES = [
  '已补办相关手续并上传材料',
  '已补录执法记录并关联音视频',
  '已当面整改并经所领导签字确认',
  '已完善案卷材料，问题已纠正',
];
const VERIFY_NOTES = ['经核查整改到位', '材料齐全，予以办结', '整改符合要求'];
const APPEAL_REASONS = [
  '系统推送时间晚于实际办理时间，实际已按时办理',
  '该环节由其他民警负责，非本人责任',
  '因嫌疑人就医延误，有书面说明',
];
const DECISION_NOTES = {
  upheld: ['经核实情况属实，申诉成立', '有书面证明材料，予以采纳'],
  rejected: ['证据不足，维持原扣分', '不属于免责情形，申诉驳回'],
};

/**
 * The next thing the simulated supervisor or officer does with a problem, or null when the
 * problem waits for something else (a fulfilment, the sweep, a decision) or for nobody.
 */
export function nextMove(p: DemoProblem, fate: DemoFate, rand: () => number): PlannedMove | null {
  const officer = p.badgeNos[0];
  switch (p.status) {
    case 'open': {
      if (fate.neglected) return null;
      const after = between(rand, ...ACK_WITHIN[p.severity]);
      if (fate.dismissed) return { move: { kind: 'dismiss', reason: pick(rand, DISMISS_REASONS) }, after };
      return { move: { kind: 'acknowledge' }, after };
    }
    case 'acknowledged':
      // A warning is a reminder: once acknowledged, the officer's next step (reported by the
      // source system) closes it, or the due time turns it into a violation to rectify.
      if (p.stage === 'warning' || !officer) return null;
      return { move: { kind: 'assign', badgeNo: officer }, after: between(rand, 3 * MINUTE, 20 * MINUTE) };
    case 'rectifying':
      if (fate.appealed && p.points < 0 && !p.appealed && officer)
        return {
          move: { kind: 'appeal', badgeNo: officer, reason: pick(rand, APPEAL_REASONS) },
          after: between(rand, 10 * MINUTE, HOUR),
        };
      if (fate.slow && p.rectifyDueAt !== null)
        return {
          move: { kind: 'rectified', note: pick(rand, RECTIFY_NOTES) },
          after: between(rand, 10 * MINUTE, HOUR),
          notBefore: p.rectifyDueAt,
        };
      return {
        move: { kind: 'rectified', note: pick(rand, RECTIFY_NOTES) },
        after: between(rand, 20 * MINUTE, 5 * HOUR),
      };
    case 'rectified':
      return {
        move: { kind: 'verify', note: pick(rand, VERIFY_NOTES) },
        after: between(rand, 10 * MINUTE, 90 * MINUTE),
      };
    default:
      return null;
  }
}

/** How a supervisor decides an appeal on a demo problem, and after how long. */
export function appealDecision(
  fate: DemoFate,
  rand: () => number,
): { upheld: boolean; note: string; after: number } {
  const upheld = fate.appealUpheld;
  return {
    upheld,
    note: pick(rand, upheld ? DECISION_NOTES.upheld : DECISION_NOTES.rejected),
    after: between(rand, 30 * MINUTE, 4 * HOUR),
  };
}
