import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { OnJob } from '../../core/queue/on-job';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { LedgerService } from '../scoring/ledger.service';
import type { LedgerDraft } from '../scoring/domain/ledger-draft';
import { applyStep, escalationDueAt } from './domain/problem-lifecycle';
import { HolidayService } from './holiday.service';
import { ObligationRaiser } from './obligation-raiser';
import { ProblemService, type Booking } from './problem.service';
import { ObligationEntity, ProblemEntity } from './supervision.entities';

const BATCH = 500;

/**
 * 日巡查: the deadline sweep. Driven by the database, not by per-deadline Redis jobs, so a
 * restart or a lost Redis never loses a deadline: every pass finds whatever came due.
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger('sweep');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly raiser: ObligationRaiser,
    private readonly problems: ProblemService,
    private readonly catalogue: CatalogueService,
    private readonly ledger: LedgerService,
    private readonly holidays: HolidayService,
    private readonly org: OrgService,
  ) {}

  @OnJob('deadlineSweep')
  async sweep(): Promise<{ stages: number; escalated: number; rectifyOverdue: number }> {
    await this.holidays.reload();
    const result = await this.uow.run(async (m) => {
      const now = this.clock.now();
      const { version, catalogue } = await this.catalogue.refresh();
      const b: Booking = {
        now,
        catalogue,
        catalogueVersion: version,
        closedMonths: await this.ledger.closedMonths(m),
      };
      const ledger: LedgerDraft[] = [];
      const due = await m.find(ObligationEntity, {
        where: [
          { status: 'open', stage: 'none', warnAt: LessThanOrEqual(now) },
          { status: 'open', stage: In(['none', 'warning']), dueAt: LessThanOrEqual(now) },
        ],
        take: BATCH,
        order: { dueAt: 'ASC' },
      });
      for (const o of due) ledger.push(...(await this.raiser.raiseDue(m, o, b)));
      const escalated = await this.escalate(m, b);
      const overdue = await this.rectifyOverdue(m, b, ledger);
      await this.ledger.book(m, ledger, now);
      return { stages: due.length, escalated, rectifyOverdue: overdue };
    });
    if (result.stages || result.escalated || result.rectifyOverdue)
      this.logger.log(`sweep: ${JSON.stringify(result)}`);
    return result;
  }

  /** Unacknowledged problems go to the parent unit's supervisors, one level per interval. */
  private async escalate(m: EntityManager, b: Booking): Promise<number> {
    const late = await m.find(ProblemEntity, {
      where: { status: 'open', escalateAt: LessThanOrEqual(b.now) },
      take: BATCH,
    });
    for (const p of late) {
      const from = p.escalatedTo ?? p.unitCode;
      const parent = this.org.directory.unit(from)?.parentCode ?? null;
      const r = applyStep(
        p,
        { kind: 'escalate', to: parent, automatic: true },
        { name: 'system', role: 'system', badgeNo: null },
        b.now,
        {
          policy: b.catalogue.supervision,
          timeZone: '',
        },
      );
      if (!r.ok) {
        // At the top of the tree: nothing above to tell; stop asking.
        await m.update(ProblemEntity, { id: p.id }, { escalateAt: null });
        continue;
      }
      Object.assign(p, r.next);
      const next = escalationDueAt(p.severity, b.now, b.catalogue.supervision);
      p.escalateAt = parent && this.org.directory.unit(parent)?.parentCode ? next : null;
      await m.save(ProblemEntity, p);
      await this.problems.record(m, p, r.action, 'system', p.status, r.note, b.now);
    }
    return late.length;
  }

  /** 整改超期: a problem not rectified by its due time raises RECTIFY_OVERDUE against the assignee. */
  private async rectifyOverdue(m: EntityManager, b: Booking, ledger: LedgerDraft[]): Promise<number> {
    const late = await m.find(ProblemEntity, {
      where: { status: 'rectifying', rectifyOverdue: false, rectifyDueAt: LessThanOrEqual(b.now) },
      take: BATCH,
    });
    const rule = b.catalogue.problems.find((p) => p.id === 'RECTIFY_OVERDUE');
    for (const p of late) {
      p.rectifyOverdue = true;
      p.version++;
      await m.save(ProblemEntity, p);
      await this.problems.record(m, p, 'rectify_overdue', 'system', p.status, null, b.now);
      if (!rule?.enabled) continue;
      const raised = await this.problems.raise(
        m,
        {
          ruleId: rule.id,
          severity: rule.severity,
          points: rule.points,
          title: rule.title,
          detail: { zh: `原问题 ${p.titleZh}`, en: `problem ${p.titleEn}` },
          subjectKind: p.subjectKind,
          subjectRef: p.subjectRef,
          unitCode: p.unitCode,
          badgeNos: p.assignee ? [p.assignee] : p.badgeNos,
          eventId: p.eventId ?? '',
          detectedAt: b.now,
        },
        { stage: 'event' },
        b,
      );
      ledger.push(...raised.ledger);
    }
    return late.length;
  }
}
