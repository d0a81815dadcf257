import { Inject, Injectable } from '@nestjs/common';
import {
  fromTenths,
  monthOf,
  parsePeriod,
  toTenths,
  type AdjustmentBody,
  type OfficerScore,
} from '@jifen/shared';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { badRequest } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../../core/http/principal';
import { assertCanReadOfficer } from '../auth/scope';
import { OrgService } from '../org/org.service';
import { CatalogueService } from './catalogue.service';
import { addRow, emptyBreakdown, toPoints } from './domain/breakdown';
import { adjustmentRow } from './domain/corrections';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** An officer's score straight from the ledger, with every row and its reason. */
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
    const rows = await this.dataSource
      .getRepository(LedgerEntryEntity)
      .find({ where: { badgeNo, month: In(months) }, order: { occurredAt: 'DESC', id: 'DESC' }, take: 5000 });
    const b = emptyBreakdown();
    for (const r of rows) addRow(b, r.kind, r.dimension, r.points);
    const officer = d.officer(badgeNo)!;
    return {
      badgeNo,
      name: officer.name,
      unitCode: officer.unitCode,
      period: key,
      rank: await this.leaderboard.rankOf(key, badgeNo, d.ancestry(officer.unitCode).at(-1) ?? null),
      breakdown: toPoints(b),
      ledger: rows.map((r) => ({
        id: String(r.id),
        period: r.month,
        forMonth: r.month,
        ruleTitle: { zh: r.ruleId, en: r.ruleId },
        cause: 'scored' as const,
        reverses: null,
        event: null,
        problem: null,
        occurredAt: new Date(r.occurredAt).toISOString(),
        points: fromTenths(r.points),
        kind: r.kind,
        dimension: r.dimension,
        ruleId: r.ruleId,
        catalogueVersion: r.catalogueVersion,
        source: r.source === 'reversal' ? 'problem' : r.source,
        sourceRef: r.sourceRef,
        reason: r.reason,
        lateCorrection: r.lateCorrection,
      })),
    };
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
    return this.uow.run(async (m) => {
      const { version } = this.catalogue.active();
      const row = adjustmentRow(
        {
          id,
          badgeNo: officer.badgeNo,
          unitCode: officer.unitCode,
          points: toTenths(body.points),
          dimension: body.dimension,
          reason: `${body.reason}（${p.name}）`,
          occurredAt,
        },
        {
          timeZone: this.config.timeZone,
          closedMonths: await this.ledger.closedMonths(m),
          openMonth: monthOf(now, this.config.timeZone),
          catalogueVersion: version,
        },
      );
      await this.ledger.book(m, [row], now);
      await this.audit.record(m, p.name, 'score.adjusted', `officer:${officer.badgeNo}`, {
        adjustmentId: id,
        points: body.points,
        dimension: body.dimension,
        reason: body.reason,
      });
      return {
        id,
        badgeNo: officer.badgeNo,
        points: body.points,
        dimension: body.dimension,
        period: row.month,
        lateCorrection: row.lateCorrection,
        reason: body.reason,
      };
    });
  }
}
