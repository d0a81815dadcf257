import { Inject, Injectable } from '@nestjs/common';
import {
  endOfDay,
  startOfDay,
  FINAL_ALERT_STATUSES,
  type Alert,
  type AlertCounts,
  type AlertListQuery,
  type AlertPage,
} from '@jifen/shared';
import { Brackets, DataSource, EntityManager, Not, type WhereExpressionBuilder } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { isoOrNull } from '../../core/database/columns';
import { badRequest, notFound } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { resolveScope } from '../auth/scope';
import { EventEntity } from '../ingest/event.entity';
import type { AlertFeed } from '../live/live-data.service';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { ProblemService } from './problem.service';
import { ObligationEntity, ProblemEntity } from './supervision.entities';

/** Reading problems: the inbox, one problem with its case, and the wall's feed and counts, all scoped. */
@Injectable()
export class ProblemQueries implements AlertFeed {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly problems: ProblemService,
    private readonly catalogue: CatalogueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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

  /** An officer's own problems: those that name him, and those assigned to him. */
  private ownedBy<Q extends WhereExpressionBuilder>(q: Q, badgeNo: string): Q {
    q.andWhere(
      new Brackets((w) =>
        w
          .where('p.badgeNos LIKE :badge', { badge: `%"${badgeNo}"%` })
          .orWhere('p.assignee = :assignee', { assignee: badgeNo }),
      ),
    );
    return q;
  }

  async list(p: Principal, query: AlertListQuery): Promise<AlertPage> {
    // Officers see their own problems wherever they are filed; the badge filter below scopes them.
    const q = this.scoped(p.role === 'officer' ? null : resolveScope(this.org.directory, p, query.unitCode));
    if (query.status?.length) q.andWhere('p.status IN (:...statuses)', { statuses: query.status });
    if (query.severity) q.andWhere('p.severity = :severity', { severity: query.severity });
    if (p.role === 'officer') this.ownedBy(q, p.badgeNo ?? '');
    else if (query.badgeNo) q.andWhere('p.badgeNos LIKE :badge', { badge: `%"${query.badgeNo}"%` });
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
      items: await this.problems.alerts(this.dataSource.manager, page),
      nextCursor: rows.length > query.limit ? `${last.detectedAt}_${last.id}` : null,
    };
  }

  async load(m: EntityManager, p: Principal, id: string): Promise<ProblemEntity> {
    const row = await m.findOneBy(ProblemEntity, { id });
    const d = this.org.directory;
    const visible =
      row &&
      (p.role === 'officer'
        ? row.badgeNos.includes(p.badgeNo ?? '') || (row.assignee !== null && row.assignee === p.badgeNo)
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
    const [alert] = await this.problems.alerts(m, [row]);
    const events = await m.find(EventEntity, {
      where: { subjectId: row.subjectId },
      order: { occurredAt: 'ASC' },
      take: 500,
    });
    const obligations = await m.find(ObligationEntity, {
      where: { subjectId: row.subjectId, status: Not('void') },
      order: { openedAt: 'ASC' },
    });
    const timeline = await this.catalogue.timeline(m);
    const now = this.clock.now();
    return {
      ...alert,
      timeline: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        occurredAt: e.occurredAtText,
        receivedAt: new Date(e.receivedAt).toISOString(),
        officers: e.officers.map((o) => o.badgeNo),
        data: e.data,
      })),
      obligations: obligations.map((o) => {
        const rule = timeline.at(o.openedAt).catalogue.obligations.find((r) => r.id === o.ruleId);
        return {
          id: o.id,
          ruleId: o.ruleId,
          title: rule?.title ?? { zh: o.ruleId, en: o.ruleId },
          openedAt: new Date(o.openedAt).toISOString(),
          dueAt: new Date(o.dueAt).toISOString(),
          warnAt: new Date(o.warnAt).toISOString(),
          // A violation exists only after the due instant (RULES.md).
          status: o.status === 'open' && now > o.dueAt ? 'violated' : o.status,
          fulfilledAt: isoOrNull(o.fulfilledAt),
          personRef: o.personRef,
          itemRef: o.itemRef,
        };
      }),
    };
  }

  async recent(scope: string | null, badgeNo: string | null, limit: number): Promise<Alert[]> {
    const q = this.scoped(badgeNo ? null : scope).andWhere('p.status NOT IN (:...final)', {
      final: FINAL_ALERT_STATUSES,
    });
    if (badgeNo) this.ownedBy(q, badgeNo);
    return this.problems.alerts(
      this.dataSource.manager,
      await q.orderBy('p.detectedAt', 'DESC').take(limit).getMany(),
    );
  }

  /** Open, acknowledged and overdue now; and 日清零: of today's problems, how many are closed. */
  async counts(scope: string | null, badgeNo: string | null = null): Promise<AlertCounts> {
    const now = this.clock.now();
    // Counted over exactly what the list shows the same caller.
    const counted = () => (badgeNo === null ? this.scoped(scope) : this.ownedBy(this.scoped(null), badgeNo));
    const rows: { status: string; stage: string; overdue: number | string; n: number | string }[] =
      await counted()
        .select('p.status', 'status')
        .addSelect('p.stage', 'stage')
        .addSelect(
          'CASE WHEN p.rectifyOverdue = :t OR (p.rectifyDueAt IS NOT NULL AND p.rectifyDueAt < :now) THEN 1 ELSE 0 END',
          'overdue',
        )
        .addSelect('COUNT(*)', 'n')
        .andWhere('p.status NOT IN (:...final)', { final: FINAL_ALERT_STATUSES })
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
    // 日清零: of today's problems, how many were closed or dismissed today (counted in the database).
    const dayEnd = endOfDay(now, this.config.timeZone);
    const dayStart = startOfDay(now, this.config.timeZone);
    const [today] = await counted()
      .select('COUNT(*)', 'raised')
      .addSelect(
        "SUM(CASE WHEN p.status IN ('closed', 'dismissed') AND p.closedAt >= :dayStart AND p.closedAt < :dayEnd THEN 1 ELSE 0 END)",
        'cleared',
      )
      .andWhere('p.detectedAt >= :dayStart AND p.detectedAt < :dayEnd', { dayStart, dayEnd })
      .getRawMany<{ raised: string | number; cleared: string | number | null }>();
    c.today = { raised: Number(today?.raised ?? 0), cleared: Number(today?.cleared ?? 0) };
    return c;
  }
}
