import { Inject, Injectable } from '@nestjs/common';
import {
  fromTenths,
  monthOf,
  parsePeriod,
  toTenths,
  type AdjustmentBody,
  type LedgerRowView,
  type OfficerScore,
} from '@jifen/shared';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { badRequest } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { AuditService } from '../audit/audit.service';
import { assertCanReadOfficer } from '../auth/scope';
import { EventEntity } from '../ingest/event.entity';
import { OrgService } from '../org/org.service';
import { PublicationRuns } from '../publication/publication-runs';
import { ProblemEntity } from '../supervision/supervision.entities';
import { CatalogueService } from './catalogue.service';
import { adjustmentDraft } from './domain/adjustment';
import { addRow, emptyBreakdown, toPoints } from './domain/breakdown';
import { LedgerService } from './ledger.service';
import { LeaderboardService } from './leaderboard.service';
import { LedgerEntryEntity } from './scoring.entities';

@Injectable()
export class ScoreService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly ledger: LedgerService,
    private readonly catalogue: CatalogueService,
    private readonly leaderboard: LeaderboardService,
    private readonly audit: AuditService,
    private readonly publications: PublicationRuns,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An officer's score straight from the ledger, every row explained: the event or problem
   * behind it, the rule and version, the month it belongs to, and which row it reverses.
   */
  async officerScore(p: Principal, badgeNo: string, period: string | undefined): Promise<OfficerScore> {
    const d = this.org.directory;
    assertCanReadOfficer(d, p, badgeNo);
    const key = period ?? this.leaderboard.currentMonth();
    let months: string[];
    try {
      months = parsePeriod(key).months;
    } catch {
      throw badRequest(
        'PERIOD.INVALID',
        `period: "${key}" is not YYYY-MM, YYYY-Qn or YYYY`,
        `期间格式错误：${key}`,
      );
    }
    const m = this.dataSource.manager;
    const rows = await m.find(LedgerEntryEntity, {
      where: { badgeNo, month: In(months) },
      order: { occurredAt: 'DESC', id: 'DESC' },
      take: 5000,
    });
    const b = emptyBreakdown();
    for (const r of rows) addRow(b, r.kind, r.dimension, r.points);
    await this.catalogue.timeline();
    const officer = d.officer(badgeNo)!;
    return {
      badgeNo,
      name: officer.name,
      unitCode: officer.unitCode,
      period: key,
      rank: await this.leaderboard.rankOf(key, badgeNo, d.ancestry(officer.unitCode).at(-1) ?? null),
      breakdown: toPoints(b),
      ledger: await this.explain(rows),
    };
  }

  private async explain(rows: LedgerEntryEntity[]): Promise<LedgerRowView[]> {
    const m = this.dataSource.manager;
    const problemIds = [...new Set(rows.filter((r) => r.source === 'problem').map((r) => r.sourceRef))];
    const problems = problemIds.length ? await m.findBy(ProblemEntity, { id: In(problemIds) }) : [];
    const problemById = new Map(problems.map((x) => [x.id, x]));
    const eventIds = [
      ...new Set([
        ...rows.filter((r) => r.source === 'event').map((r) => r.sourceRef),
        ...problems.flatMap((x) => (x.eventId ? [x.eventId] : [])),
      ]),
    ];
    const events = eventIds.length ? await m.findBy(EventEntity, { eventId: In(eventIds) }) : [];
    const eventById = new Map(events.map((e) => [e.eventId, e]));
    return rows.map((r) => {
      const problem = r.source === 'problem' ? problemById.get(r.sourceRef) : undefined;
      const e = eventById.get(r.source === 'event' ? r.sourceRef : (problem?.eventId ?? ''));
      return {
        id: String(r.id),
        period: r.month,
        forMonth: r.forMonth,
        unitCode: r.unitCode,
        occurredAt: new Date(r.occurredAt).toISOString(),
        points: fromTenths(r.points),
        kind: r.kind,
        dimension: r.dimension,
        ruleId: r.ruleId,
        ruleTitle: this.catalogue.titleOf(r.catalogueVersion, r.ruleId),
        catalogueVersion: r.catalogueVersion,
        source: r.source,
        sourceRef: r.sourceRef,
        cause: r.cause,
        reason: r.reason,
        lateCorrection: r.lateCorrection,
        reverses: r.reversesId === null ? null : String(r.reversesId),
        event: e
          ? {
              eventId: e.eventId,
              type: e.type,
              occurredAt: e.occurredAtText,
              subject: { kind: e.subjectKind, ref: e.subjectRef },
            }
          : null,
        problem: problem
          ? {
              id: problem.id,
              ruleId: problem.ruleId,
              title: { zh: problem.titleZh, en: problem.titleEn },
              stage: problem.stage,
            }
          : null,
      };
    });
  }

  /** 人工调整: a supervisor's bonus or deduction with a written reason, audited. */
  async adjust(p: Principal, body: AdjustmentBody) {
    const d = this.org.directory;
    assertCanReadOfficer(d, p, body.badgeNo);
    const officer = d.officer(body.badgeNo)!;
    const now = this.clock.now();
    const occurredAt = body.occurredAt ? Date.parse(body.occurredAt) : now;
    if (occurredAt > now + 60_000)
      throw badRequest(
        'ADJUSTMENT.IN_FUTURE',
        'occurredAt: an adjustment cannot be in the future',
        '调整时间不能晚于当前时间',
      );
    const id = randomUUID();
    const answer = await this.uow.run(async (m) => {
      const row = adjustmentDraft(
        {
          id,
          badgeNo: officer.badgeNo,
          unitCode: d.unitAt(officer.badgeNo, occurredAt) ?? officer.unitCode,
          points: toTenths(body.points),
          dimension: body.dimension,
          reason: `${body.reason}（${p.name}）`,
          occurredAt,
        },
        {
          timeZone: this.config.timeZone,
          closedMonths: await this.ledger.enterMonths(m, [
            monthOf(occurredAt, this.config.timeZone),
            monthOf(now, this.config.timeZone),
          ]),
          openMonth: monthOf(now, this.config.timeZone),
          catalogueVersion: (await this.catalogue.timeline(m)).at(occurredAt).version,
        },
      );
      await this.ledger.book(m, [row], now);
      await this.audit.record(m, p.name, 'score.adjusted', `officer:${officer.badgeNo}`, {
        before: null,
        after: {
          adjustmentId: id,
          points: body.points,
          dimension: body.dimension,
          reason: body.reason,
          month: row.month,
          forMonth: row.forMonth,
        },
      });
      return {
        id,
        badgeNo: officer.badgeNo,
        points: body.points,
        dimension: body.dimension,
        period: row.month,
        forMonth: row.forMonth,
        lateCorrection: row.lateCorrection,
        reason: body.reason,
      };
    });
    // A correction dated in a month already aired re-issues its publications.
    if (answer.lateCorrection) await this.publications.requestReissue();
    return answer;
  }
}
