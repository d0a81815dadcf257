import { Inject, Injectable } from '@nestjs/common';
import {
  dateKeyOf,
  endOfDay,
  type Alert,
  type AlertCounts,
  type AlertListQuery,
  type AlertPage,
  type Appeal,
} from '@jifen/shared';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { isoOrNull } from '../../core/database/columns';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { AuditService, type AuditAction } from '../audit/audit.service';
import { resolveScope } from '../auth/scope';
import { EventEntity } from '../ingest/event.entity';
import type { AlertFeed } from '../live/live-data.service';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { LedgerService } from '../scoring/ledger.service';
import { applyStep, type Step } from './domain/problem-lifecycle';
import { toAlert } from './problem-views';
import { ProblemService, type Booking } from './problem.service';
import { AppealEntity, ObligationEntity, ProblemEntity, ProblemHistoryEntity } from './supervision.entities';

const AUDIT: Record<Step['kind'], AuditAction> = {
  acknowledge: 'alert.acknowledged',
  assign: 'alert.assigned',
  rectified: 'alert.rectified',
  verify: 'alert.verified',
  dismiss: 'alert.dismissed',
  escalate: 'alert.escalated',
};

/** The problem life cycle over HTTP: reads scoped to the caller, every step audited and live. */
@Injectable()
export class AlertService implements AlertFeed {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly problems: ProblemService,
    private readonly catalogue: CatalogueService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async withHistory(m: EntityManager, rows: ProblemEntity[]): Promise<Alert[]> {
    if (!rows.length) return [];
    const history = await m.find(ProblemHistoryEntity, {
      where: { problemId: In(rows.map((r) => r.id)) },
      order: { id: 'ASC' },
    });
    return rows.map((r) =>
      toAlert(
        r,
        history.filter((h) => h.problemId === r.id),
      ),
    );
  }

  private scoped(scope: string | null) {
    const q = this.dataSource.getRepository(ProblemEntity).createQueryBuilder('p');
    if (scope !== null) {
      const path = this.org.directory.pathOf(scope);
      // Escalated problems also belong to the unit they were escalated to.
      q.where(
        new Brackets((w) =>
          w.where('p.unitPath LIKE :path', { path: `${path}%` }).orWhere('p.escalatedTo = :scope', { scope }),
        ),
      );
    }
    return q;
  }

  async list(p: Principal, query: AlertListQuery): Promise<AlertPage> {
    // Officers see their own problems wherever they are filed; the badge filter below scopes them.
    const q = this.scoped(p.role === 'officer' ? null : resolveScope(this.org.directory, p, query.unitCode));
    if (query.status?.length) q.andWhere('p.status IN (:...statuses)', { statuses: query.status });
    if (query.severity) q.andWhere('p.severity = :severity', { severity: query.severity });
    const badge = p.role === 'officer' ? p.badgeNo : query.badgeNo;
    if (badge) q.andWhere('p.badgeNos LIKE :badge', { badge: `%"${badge}"%` });
    if (query.cursor) {
      const [at, id] = query.cursor.split('_');
      if (!/^\d+$/.test(at ?? '') || !id)
        throw badRequest('REQUEST.INVALID', 'cursor: not a cursor this API gave out', '分页游标无效');
      q.andWhere(
        new Brackets((w) =>
          w
            .where('p.detectedAt < :at', { at: Number(at) })
            .orWhere('p.detectedAt = :at AND p.id < :id', { at: Number(at), id }),
        ),
      );
    }
    const rows = await q
      .orderBy('p.detectedAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.withHistory(this.dataSource.manager, page),
      nextCursor: rows.length > query.limit ? `${last.detectedAt}_${last.id}` : null,
    };
  }

  private async load(m: EntityManager, p: Principal, id: string): Promise<ProblemEntity> {
    const row = await m.findOneBy(ProblemEntity, { id });
    const d = this.org.directory;
    const visible =
      row &&
      (p.role === 'officer'
        ? row.badgeNos.includes(p.badgeNo ?? '')
        : p.unitCode === null ||
          d.isWithin(row.unitCode, p.unitCode) ||
          (row.escalatedTo !== null && d.isWithin(row.escalatedTo, p.unitCode)));
    if (!row || !visible)
      throw notFound(
        'ALERT.NOT_FOUND',
        `problem ${id} does not exist or is outside your scope`,
        `问题 ${id} 不存在或不在您的管辖范围内`,
      );
    return row;
  }

  /** One problem with its case timeline (events) and obligations, for drilling down. */
  async get(p: Principal, id: string) {
    const m = this.dataSource.manager;
    const row = await this.load(m, p, id);
    const [alert] = await this.withHistory(m, [row]);
    const events = await m.find(EventEntity, {
      where: { subjectKind: row.subjectKind, subjectRef: row.subjectRef },
      order: { occurredAt: 'ASC' },
      take: 500,
    });
    const obligations = await m.find(ObligationEntity, {
      where: { subjectKind: row.subjectKind, subjectRef: row.subjectRef },
      order: { openedAt: 'ASC' },
    });
    const { catalogue } = this.catalogue.active();
    const now = this.clock.now();
    return {
      ...alert,
      timeline: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        occurredAt: e.occurredAtText,
        officers: e.officers.map((o) => o.badgeNo),
        data: e.data,
      })),
      obligations: obligations.map((o) => {
        const rule = catalogue.obligations.find((r) => r.id === o.ruleId);
        return {
          id: o.id,
          ruleId: o.ruleId,
          title: rule?.title ?? { zh: o.ruleId, en: o.ruleId },
          openedAt: new Date(o.openedAt).toISOString(),
          dueAt: new Date(o.dueAt).toISOString(),
          warnAt: new Date(o.warnAt).toISOString(),
          status: o.status === 'open' && now >= o.dueAt ? 'violated' : o.status,
          fulfilledAt: isoOrNull(o.fulfilledAt),
          personRef: o.personRef,
          itemRef: o.itemRef,
        };
      }),
    };
  }

  private async booking(m: EntityManager, now: number): Promise<Booking> {
    const { version, catalogue } = this.catalogue.active();
    return { now, catalogue, catalogueVersion: version, closedMonths: await this.ledger.closedMonths(m) };
  }

  /** One life-cycle step with optimistic concurrency; writers are serialised, so exactly one of two racing acks wins. */
  async step(p: Principal, id: string, step: Step, expectedVersion?: number): Promise<Alert> {
    return this.uow.run(async (m) => {
      const now = this.clock.now();
      const row = await this.load(m, p, id);
      if (step.kind === 'assign' && !this.org.directory.officer(step.badgeNo)) {
        throw badRequest(
          'ALERT.UNKNOWN_OFFICER',
          `badgeNo: officer ${step.badgeNo} does not exist`,
          `警号 ${step.badgeNo} 不存在`,
        );
      }
      if (step.kind === 'escalate')
        step = { ...step, to: this.org.directory.unit(row.escalatedTo ?? row.unitCode)?.parentCode ?? null };
      const r = applyStep(row, step, { name: p.name, role: p.role, badgeNo: p.badgeNo }, now, {
        policy: this.catalogue.active().catalogue.supervision,
        timeZone: this.config.timeZone,
      });
      if (!r.ok)
        throw new DomainError(409, r.code, r.message, r.messageZh, {
          status: row.status,
          ackBy: row.ackBy,
          version: row.version,
        });
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw conflict(
          'ALERT.STALE',
          `the problem changed since you read it (version ${expectedVersion}, now ${row.version}); reload it`,
          '问题已被他人更新，请刷新后重试',
          { version: row.version },
        );
      }
      const from = row.status;
      Object.assign(row, r.next);
      if (row.status !== 'open') row.escalateAt = null;
      const res = await m.update(
        ProblemEntity,
        { id, version: r.next.version - 1 },
        { ...r.next, escalateAt: row.escalateAt, badgeNos: row.badgeNos as never },
      );
      if (res.affected === 0)
        throw conflict(
          'ALERT.STALE',
          'the problem changed meanwhile; reload it',
          '问题已被他人更新，请刷新后重试',
        );
      if (step.kind === 'dismiss')
        await this.problems.book(
          m,
          await this.problems.reversal(m, row, `撤销：${step.reason}`, await this.booking(m, now)),
          now,
        );
      await this.audit.record(m, p.name, AUDIT[step.kind], `problem:${id}`, {
        from,
        to: row.status,
        note: r.note,
      });
      return this.problems.record(m, row, r.action, p.name, from, r.note, now);
    });
  }

  async appeal(p: Principal, id: string, reason: string): Promise<Appeal> {
    return this.uow.run(async (m) => {
      const row = await this.load(m, p, id);
      if (p.role !== 'officer' || !p.badgeNo || !row.badgeNos.includes(p.badgeNo)) {
        throw forbidden('only an officer on the problem may appeal it', '只有涉及该问题的民警可以申诉');
      }
      if (row.points >= 0)
        throw conflict(
          'APPEAL.NOTHING_TO_APPEAL',
          'this problem booked no deduction to appeal',
          '该问题没有扣分，无需申诉',
        );
      if (await m.findOneBy(AppealEntity, { problemId: id, badgeNo: p.badgeNo, status: 'pending' })) {
        throw conflict(
          'APPEAL.PENDING',
          'you already have a pending appeal on this problem',
          '您对该问题的申诉正在处理中',
        );
      }
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

      await this.audit.record(m, p.name, 'appeal.filed', `problem:${id}`, { appealId: a.id, reason });
      await this.problems.record(m, row, 'appealed', p.name, row.status, reason, a.createdAt);
      return toAppeal(a);
    });
  }

  async appeals(p: Principal, status?: string): Promise<Appeal[]> {
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

  /** An upheld appeal reverses the appellant's deduction with compensating rows. */
  async decide(p: Principal, appealId: string, upheld: boolean, note: string): Promise<Appeal> {
    return this.uow.run(async (m) => {
      const a = await m.findOneBy(AppealEntity, { id: appealId });
      if (!a)
        throw notFound('APPEAL.NOT_FOUND', `appeal ${appealId} does not exist`, `申诉 ${appealId} 不存在`);
      const row = await this.load(m, p, a.problemId);
      if (a.status !== 'pending')
        throw conflict(
          'APPEAL.DECIDED',
          `appeal already ${a.status} by ${a.decidedBy}`,
          `该申诉已由 ${a.decidedBy} 裁决`,
        );
      const now = this.clock.now();
      Object.assign(a, { status: upheld ? 'upheld' : 'rejected', decidedBy: p.name, decidedAt: now, note });
      await m.save(AppealEntity, a);
      if (upheld) {
        const b = await this.booking(m, now);
        const rows = (await this.problems.reversal(m, row, `申诉成立：${note}`, b)).filter(
          (r) => r.badgeNo === a.badgeNo,
        );
        await this.problems.book(m, rows, now);
        if (row.badgeNos.every((badge) => badge === a.badgeNo)) {
          row.points = 0;
          row.version++;
          await m.save(ProblemEntity, row);
        }
      }
      await this.audit.record(m, p.name, 'appeal.decided', `appeal:${a.id}`, {
        upheld,
        note,
        problemId: row.id,
      });
      await this.problems.record(
        m,
        row,
        upheld ? 'appeal_upheld' : 'appeal_rejected',
        p.name,
        row.status,
        note,
        now,
      );
      return toAppeal(a);
    });
  }

  async recent(scope: string | null, badgeNo: string | null, limit: number): Promise<Alert[]> {
    const q = this.scoped(badgeNo ? null : scope).andWhere('p.status NOT IN (:...final)', {
      final: ['closed', 'dismissed'],
    });
    if (badgeNo) q.andWhere('p.badgeNos LIKE :badge', { badge: `%"${badgeNo}"%` });
    return this.withHistory(
      this.dataSource.manager,
      await q.orderBy('p.detectedAt', 'DESC').take(limit).getMany(),
    );
  }

  /** Open, acknowledged and overdue now; and 日清零: of today's problems, how many are closed. */
  async counts(scope: string | null): Promise<AlertCounts> {
    const now = this.clock.now();
    const rows: { status: string; stage: string; overdue: number | string; n: number | string }[] =
      await this.scoped(scope)
        .select('p.status', 'status')
        .addSelect('p.stage', 'stage')
        .addSelect(
          'CASE WHEN p.rectifyOverdue = :t OR (p.rectifyDueAt IS NOT NULL AND p.rectifyDueAt < :now) THEN 1 ELSE 0 END',
          'overdue',
        )
        .addSelect('COUNT(*)', 'n')
        .andWhere('p.status NOT IN (:...final)', { final: ['closed', 'dismissed'] })
        .setParameters({ t: true, now })
        .groupBy('p.status')
        .addGroupBy('p.stage')
        .addGroupBy('overdue')
        .getRawMany();
    const c: AlertCounts = { open: 0, acknowledged: 0, overdue: 0, today: { raised: 0, cleared: 0 } };
    for (const r of rows) {
      const n = Number(r.n);
      if (r.status === 'open') c.open += n;
      else c.acknowledged += n;
      if (r.stage === 'violation' || Number(r.overdue) === 1) c.overdue += n;
    }
    const dayStart = endOfDay(now, this.config.timeZone) - 86_400_000;
    const today: { status: string; closedAt: number | string | null }[] = await this.scoped(scope)
      .select('p.status', 'status')
      .addSelect('p.closedAt', 'closedAt')
      .andWhere('p.detectedAt >= :dayStart', { dayStart })
      .getRawMany();
    c.today.raised = today.length;
    const day = dateKeyOf(now, this.config.timeZone);
    c.today.cleared = today.filter(
      (r) =>
        ['closed', 'dismissed'].includes(r.status) &&
        r.closedAt !== null &&
        dateKeyOf(Number(r.closedAt), this.config.timeZone) === day,
    ).length;
    return c;
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
