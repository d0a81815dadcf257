import { Inject, Injectable } from '@nestjs/common';
import type { Alert } from '@jifen/shared';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { badRequest, conflict, forbidden } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { AuditService, type AuditAction } from '../audit/audit.service';
import { JudgementService } from '../judgement/judgement.service';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { applyStep, type Step } from './domain/problem-lifecycle';
import { ProblemQueries } from './problem-queries.service';
import { ProblemService } from './problem.service';
import { refusal } from './step-refusals';
import { ProblemEntity } from './supervision.entities';

const AUDIT: Record<Step['kind'], AuditAction> = {
  acknowledge: 'alert.acknowledged',
  assign: 'alert.assigned',
  rectified: 'alert.rectified',
  verify: 'alert.verified',
  dismiss: 'alert.dismissed',
  escalate: 'alert.escalated',
};

/** The problem life cycle over HTTP: each step checked, stored with optimistic concurrency, audited and announced. */
@Injectable()
export class ProblemSteps {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly queries: ProblemQueries,
    private readonly problems: ProblemService,
    private readonly judgement: JudgementService,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Assigning needs an officer the assigning supervisor answers for, and one the problem
   * names or of its own unit: anyone else could not act on it, nor could the unit's
   * supervisors follow it.
   */
  private checkAssignee(p: Principal, problem: ProblemEntity, badgeNo: string): void {
    const d = this.org.directory;
    const officer = d.officer(badgeNo);
    if (!officer)
      throw badRequest(
        'ALERT.UNKNOWN_OFFICER',
        `badgeNo: officer ${badgeNo} does not exist`,
        `警号 ${badgeNo} 不存在`,
      );
    if (p.unitCode !== null && !d.isWithin(officer.unitCode, p.unitCode))
      throw forbidden(
        `badgeNo: officer ${badgeNo} is outside your scope`,
        `民警 ${badgeNo} 不在您的管辖范围内`,
      );
    if (!problem.badgeNos.includes(badgeNo) && !d.isWithin(officer.unitCode, problem.unitCode))
      throw forbidden(
        `badgeNo: officer ${badgeNo} is neither named on the problem nor of unit ${problem.unitCode}, where it is`,
        `民警 ${badgeNo} 既不是该问题涉及的民警，也不属于问题所在单位 ${problem.unitCode}`,
      );
  }

  /** One step; writers are serialised and the version checked, so of two racing acks exactly one wins. */
  async step(p: Principal, id: string, step: Step, expectedVersion?: number): Promise<Alert> {
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      await this.judgement.lockSubjects(m, [(await this.queries.load(m, p, id)).subjectId]);
      const row = await this.queries.load(m, p, id);
      // After the problem is found: outside his scope it does not exist for the caller (404).
      if (step.kind === 'assign') this.checkAssignee(p, row, step.badgeNo);
      if (step.kind === 'escalate')
        step = { ...step, to: this.org.directory.unit(row.escalatedTo ?? row.unitCode)?.parentCode ?? null };
      const r = applyStep(row, step, { name: p.name, role: p.role, badgeNo: p.badgeNo }, now, {
        policy: this.catalogue.policy(),
        timeZone: this.config.timeZone,
      });
      if (!r.ok) throw refusal(r, { status: row.status, ackBy: row.ackBy, version: row.version });
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw conflict(
          'ALERT.STALE',
          `the problem changed since you read it (version ${expectedVersion}, now ${row.version}); reload it`,
          '问题已被他人更新，请刷新后重试',
          { version: row.version },
        );
      }
      const from = row.status;
      const next: ProblemEntity = { ...row, ...r.next };
      if (next.status !== 'open') next.escalateAt = null;
      const res = await m.update(
        ProblemEntity,
        { id, version: row.version },
        { ...r.next, escalateAt: next.escalateAt, badgeNos: next.badgeNos as never },
      );
      if (res.affected === 0)
        throw conflict(
          'ALERT.STALE',
          'the problem changed meanwhile; reload it',
          '问题已被他人更新，请刷新后重试',
        );
      await this.audit.record(m, p.name, AUDIT[step.kind], `problem:${id}`, {
        before: lifecycleOf(row),
        after: lifecycleOf(next),
        note: r.note,
      });
      const alert = await this.problems.recordStep(m, next, {
        at: now,
        action: r.action,
        by: p.name,
        fromStatus: from,
        toStatus: next.status,
        note: r.note,
      });
      if (step.kind !== 'dismiss') return alert;
      // A dismissal reverses the deduction (and any RECTIFY_OVERDUE on top): the subject is judged again.
      await this.judgement.judge(m, [next.subjectId], {
        now,
        causes: new Map([[`problem:${id}`, 'dismissed']]),
      });
      return alert;
    });
  }
}

/** What a step can change of a problem: what the audit log keeps before and after it. */
function lifecycleOf(p: ProblemEntity) {
  return {
    status: p.status,
    version: p.version,
    ackBy: p.ackBy,
    assignee: p.assignee,
    rectifyDueAt: p.rectifyDueAt,
    escalatedTo: p.escalatedTo,
    resolution: p.resolution,
  };
}
