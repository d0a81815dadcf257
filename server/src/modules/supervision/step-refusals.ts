import type { AlertStatus } from '@jifen/shared';
import { DomainError } from '../../core/errors/domain-error';
import type { Step, StepRefusal } from './domain/problem-lifecycle';

const STATUS = {
  open: ['open', '待确认'],
  acknowledged: ['acknowledged', '已确认'],
  rectifying: ['being rectified', '整改中'],
  rectified: ['rectified', '已整改'],
  closed: ['closed', '已办结'],
  dismissed: ['dismissed', '已撤销'],
} satisfies Record<AlertStatus, [string, string]>;

const STEP = {
  acknowledge: ['acknowledge', '确认'],
  assign: ['assign', '指派整改'],
  rectified: ['report a rectification of', '报告整改'],
  verify: ['verify', '核验'],
  dismiss: ['dismiss', '撤销'],
  escalate: ['escalate', '升级'],
} satisfies Record<Step['kind'], [string, string]>;

/** A refused life-cycle step as the 409 (or 400) a person reads, in both languages. */
export function refusal(r: StepRefusal, details: unknown): DomainError {
  const p = r.params;
  switch (r.code) {
    case 'ALERT.ILLEGAL_TRANSITION': {
      const [stepEn, stepZh] = STEP[p.step as Step['kind']];
      const [statusEn, statusZh] = STATUS[p.status as AlertStatus];
      return new DomainError(
        409,
        r.code,
        `cannot ${stepEn} a problem that is ${statusEn}`,
        `问题当前状态为“${statusZh}”，不能${stepZh}`,
        details,
      );
    }
    case 'ALERT.ALREADY_ACKNOWLEDGED':
      return new DomainError(
        409,
        r.code,
        `already acknowledged by ${p.by} at ${p.at}`,
        `该问题已由 ${p.by} 确认`,
        details,
      );
    case 'ALERT.DUE_IN_PAST':
      return new DomainError(
        400,
        r.code,
        'dueAt: the rectification due time must be in the future',
        '整改期限必须晚于当前时间',
      );
    case 'ALERT.NOT_ASSIGNEE':
      return new DomainError(
        403,
        r.code,
        `only the assignee ${p.assignee} may report this rectification`,
        `只有被指派的民警 ${p.assignee} 可以报告整改`,
      );
    case 'ALERT.REASON_REQUIRED':
      return new DomainError(400, r.code, 'reason: a dismissal needs a reason', '撤销必须填写理由');
    case 'ALERT.NO_PARENT':
      return new DomainError(
        409,
        r.code,
        `unit ${p.unit} has no parent unit to escalate to`,
        '已是最高一级单位，无法升级',
      );
  }
}
