import { Injectable, Logger } from '@nestjs/common';
import { Brackets, EntityManager, IsNull, LessThanOrEqual } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { OnJob } from '../../core/queue/on-job';
import { JudgementService } from '../judgement/judgement.service';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { applyStep, escalationDueAt } from './domain/problem-lifecycle';
import { HolidayService } from './holiday.service';
import { ProblemService } from './problem.service';
import { ObligationEntity, ProblemEntity } from './supervision.entities';

/** Subjects judged per transaction: a large backlog is worked off in short transactions. */
const BATCH = 300;

/**
 * 日巡查: the deadline sweep. The clock alone changes two things between events — an
 * obligation reaching its warning point or running out, and a problem's rectification
 * running out — so the sweep finds the subjects where that happened (from the tables, never
 * from per-deadline Redis jobs, so nothing is lost with Redis) and judges them again at
 * `now`, exactly as ingestion would. Then it escalates unacknowledged problems.
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger('sweep');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly judgement: JudgementService,
    private readonly problems: ProblemService,
    private readonly catalogue: CatalogueService,
    private readonly holidays: HolidayService,
    private readonly org: OrgService,
  ) {}

  @OnJob('deadlineSweep')
  async sweep(): Promise<{ subjects: number; escalated: number }> {
    await this.holidays.reload();
    const now = this.clock.now();
    let subjects = 0;
    for (;;) {
      const due = await this.uow.run(async (m) => {
        const ids = await this.comeDue(m, now);
        await this.judgement.judge(m, ids, { now });
        return ids.length;
      });
      subjects += due;
      if (due < BATCH) break;
    }
    const escalated = await this.uow.run((m) => this.escalate(m, now));
    if (subjects || escalated)
      this.logger.log(`sweep: ${subjects} subject(s) judged, ${escalated} escalated`);
    return { subjects, escalated };
  }

  /** Subjects whose obligations or rectifications the clock has changed since they were last judged. */
  private async comeDue(m: EntityManager, now: number): Promise<string[]> {
    const obligations = await m
      .createQueryBuilder(ObligationEntity, 'o')
      .select('DISTINCT o.subjectId', 'subjectId')
      .where("o.status = 'open'")
      .andWhere(
        new Brackets((w) =>
          w
            .where("o.stage = 'none' AND o.warnAt <= :now", { now })
            .orWhere("o.stage IN ('none', 'warning') AND o.dueAt < :now", { now }),
        ),
      )
      .limit(BATCH)
      .getRawMany<{ subjectId: string }>();
    const rectification = await m
      .createQueryBuilder(ProblemEntity, 'p')
      .select('DISTINCT p.subjectId', 'subjectId')
      .where('p.rectifyOverdue = :f AND p.rectifyDueAt < :now', { f: false, now })
      .andWhere("p.status <> 'dismissed' AND p.resolution IS NULL AND p.stage <> 'warning'")
      .andWhere("p.severity <> 'info' AND p.origin <> 'rectification'")
      .andWhere('(p.rectifiedAt IS NULL OR p.rectifiedAt > p.rectifyDueAt)')
      .limit(BATCH)
      .getRawMany<{ subjectId: string }>();
    return [...new Set([...obligations, ...rectification].map((r) => r.subjectId))].slice(0, BATCH);
  }

  /** Unacknowledged problems go to the parent unit's supervisors, one level per interval. */
  private async escalate(m: EntityManager, now: number): Promise<number> {
    const where = { status: 'open' as const, escalateAt: LessThanOrEqual(now), resolution: IsNull() };
    const candidates = await m.find(ProblemEntity, { select: { subjectId: true }, where, take: BATCH });
    // Problems are written under their subject's lock; read them again once it is held.
    const locked = new Set(candidates.map((c) => c.subjectId));
    await this.judgement.lockSubjects(m, [...locked]);
    const late = (await m.find(ProblemEntity, { where, take: BATCH })).filter((p) => locked.has(p.subjectId));
    const policy = this.catalogue.policy();
    for (const p of late) {
      const from = p.escalatedTo ?? p.unitCode;
      const parent = this.org.directory.unit(from)?.parentCode ?? null;
      const r = applyStep(p, { kind: 'escalate', to: parent, automatic: true }, SYSTEM, now, {
        policy,
        timeZone: '',
      });
      if (!r.ok) {
        // At the top of the tree: nothing above to tell; stop asking.
        await m.update(ProblemEntity, { id: p.id }, { escalateAt: null });
        continue;
      }
      Object.assign(p, r.next);
      const next = escalationDueAt(p.severity, now, policy);
      p.escalateAt = parent && this.org.directory.unit(parent)?.parentCode ? next : null;
      await m.save(ProblemEntity, p);
      await this.problems.recordStep(m, p, {
        at: now,
        action: r.action,
        by: 'system',
        fromStatus: p.status,
        toStatus: p.status,
        note: r.note,
      });
    }
    return late.length;
  }
}

const SYSTEM = { name: 'system', role: 'system', badgeNo: null };
