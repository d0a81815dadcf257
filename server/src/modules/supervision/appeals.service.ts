import { Injectable } from '@nestjs/common';
import type { Appeal } from '@jifen/shared';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { isoOrNull } from '../../core/database/columns';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { conflict, forbidden, notFound } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { AuditService } from '../audit/audit.service';
import { JudgementService } from '../judgement/judgement.service';
import { OrgService } from '../org/org.service';
import { PublicationRuns } from '../publication/publication-runs';
import { standsWithPoints } from './domain/problem-record';
import { ProblemQueries } from './problem-queries.service';
import { ProblemService } from './problem.service';
import { AppealEntity, ProblemEntity } from './supervision.entities';

/** An officer contests a deduction; a supervisor decides; an upheld appeal takes the appellant's points back. */
@Injectable()
export class AppealsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly queries: ProblemQueries,
    private readonly problems: ProblemService,
    private readonly judgement: JudgementService,
    private readonly audit: AuditService,
    private readonly publications: PublicationRuns,
  ) {}

  async appeal(p: Principal, id: string, reason: string): Promise<Appeal> {
    return this.uow.run(async (m) => {
      await this.judgement.lockSubjects(m, [(await this.queries.load(m, p, id)).subjectId]);
      const row = await this.queries.load(m, p, id);
      if (p.role !== 'officer' || !p.badgeNo || !row.badgeNos.includes(p.badgeNo))
        throw forbidden('only an officer on the problem may appeal it', '只有涉及该问题的民警可以申诉');
      if (!standsWithPoints(row) || row.waivedBadges.includes(p.badgeNo))
        throw conflict(
          'APPEAL.NOTHING_TO_APPEAL',
          'this problem books no deduction to appeal',
          '该问题没有扣分，无需申诉',
        );
      if (await m.findOneBy(AppealEntity, { problemId: id, badgeNo: p.badgeNo, status: 'pending' }))
        throw conflict(
          'APPEAL.PENDING',
          'you already have a pending appeal on this problem',
          '您对该问题的申诉正在处理中',
        );
      const a: AppealEntity = {
        id: randomUUID(),
        problemId: id,
        badgeNo: p.badgeNo,
        reason,
        status: 'pending',
        createdAt: this.clock.now(),
        decidedBy: null,
        decidedAt: null,
        note: null,
      };
      await m.insert(AppealEntity, a);
      await this.audit.record(m, p.name, 'appeal.filed', `problem:${id}`, {
        before: null,
        after: { ...a },
      });
      await this.problems.recordStep(m, row, {
        at: a.createdAt,
        action: 'appealed',
        by: p.name,
        fromStatus: row.status,
        toStatus: row.status,
        note: reason,
      });
      return toAppeal(a);
    });
  }

  async list(p: Principal, status?: string): Promise<Appeal[]> {
    const rows = await this.dataSource.getRepository(AppealEntity).find({
      where: status ? { status: status as AppealEntity['status'] } : {},
      order: { createdAt: 'DESC' },
      take: 200,
    });
    const problems = await this.dataSource
      .getRepository(ProblemEntity)
      .findBy({ id: In(rows.map((r) => r.problemId)) });
    const visible = new Set(
      problems
        .filter((x) => p.unitCode === null || this.org.directory.isWithin(x.unitCode, p.unitCode))
        .map((x) => x.id),
    );
    return rows
      .filter((r) => visible.has(r.problemId) && (p.role !== 'officer' || r.badgeNo === p.badgeNo))
      .map(toAppeal);
  }

  /** An upheld appeal waives the appellant's deduction; the subject is judged again, booking the compensating rows. */
  async decide(p: Principal, appealId: string, upheld: boolean, note: string): Promise<Appeal> {
    const decided = await this.uow.run(async (m) => {
      const a = await m.findOneBy(AppealEntity, { id: appealId });
      if (!a)
        throw notFound('APPEAL.NOT_FOUND', `appeal ${appealId} does not exist`, `申诉 ${appealId} 不存在`);
      await this.judgement.lockSubjects(m, [(await this.queries.load(m, p, a.problemId)).subjectId]);
      const row = await this.queries.load(m, p, a.problemId);
      if (a.status !== 'pending')
        throw conflict(
          'APPEAL.DECIDED',
          `appeal already ${a.status} by ${a.decidedBy}`,
          `该申诉已由 ${a.decidedBy} 裁决`,
        );
      const now = this.clock.now();
      const before = { ...a };
      Object.assign(a, { status: upheld ? 'upheld' : 'rejected', decidedBy: p.name, decidedAt: now, note });
      await m.save(AppealEntity, a);
      const next: ProblemEntity = upheld
        ? { ...row, waivedBadges: [...new Set([...row.waivedBadges, a.badgeNo])], version: row.version + 1 }
        : row;
      if (upheld)
        await m.update(
          ProblemEntity,
          { id: row.id },
          { waivedBadges: next.waivedBadges as never, version: next.version },
        );
      await this.audit.record(m, p.name, 'appeal.decided', `appeal:${a.id}`, {
        before,
        after: { ...a },
        problemId: row.id,
        waivedBadges: { before: row.waivedBadges, after: next.waivedBadges },
      });
      await this.problems.recordStep(
        m,
        next,
        {
          at: now,
          action: upheld ? 'appeal_upheld' : 'appeal_rejected',
          by: p.name,
          fromStatus: next.status,
          toStatus: next.status,
          note,
        },
        { appeal: { id: a.id, badgeNo: a.badgeNo, upheld, note } },
      );
      if (upheld)
        await this.judgement.judge(m, [next.subjectId], {
          now,
          causes: new Map([[`problem:${row.id}`, 'appeal_upheld']]),
        });
      return toAppeal(a);
    });
    // An upheld appeal may amend a month already aired: its publications are re-issued.
    if (upheld) await this.publications.requestReissue();
    return decided;
  }
}

function toAppeal(a: AppealEntity): Appeal {
  return {
    id: a.id,
    alertId: a.problemId,
    badgeNo: a.badgeNo,
    reason: a.reason,
    status: a.status,
    createdAt: new Date(a.createdAt).toISOString(),
    decidedBy: a.decidedBy,
    decidedAt: isoOrNull(a.decidedAt),
    note: a.note,
  };
}
