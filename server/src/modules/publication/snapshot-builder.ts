import { Inject, Injectable } from '@nestjs/common';
import {
  fromTenths,
  type PublicationKind,
  type PublicationRow,
  type PublicationSettings,
  type PublicationSnapshot,
  type ReissueNote,
} from '@jifen/shared';
import { EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { LeaderboardService } from '../scoring/leaderboard.service';
import { ProblemEntity, ProblemHistoryEntity } from '../supervision/supervision.entities';
import { dailyUnitRows, rankingTables, type DailyProblemFact } from './domain/compose';
import { monthsOf, previousPeriod, publicationBounds } from './domain/periods';
import { commended, markAnnual, sumDaily } from './domain/standings';
import { LedgerSnapshot } from './ledger-snapshot';

export interface BuildRequest {
  kind: PublicationKind;
  period: string;
  version: number;
  publishedAt: number;
  settings: PublicationSettings;
  reissue: ReissueNote | null;
}

/**
 * Computes a publication from one consistent read of the ledger (and, for the daily
 * notice, of the problems): the figures equal the ledger up to the snapshot's mark.
 */
@Injectable()
export class SnapshotBuilder {
  constructor(
    private readonly ledger: LedgerSnapshot,
    private readonly org: OrgService,
    private readonly leaderboard: LeaderboardService,
    private readonly catalogue: CatalogueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The bureau a publication covers: the organisation's one root, or everyone. */
  scope(): { unitCode: string | null; unitName: string } {
    const roots = this.org.directory.childrenOf(null);
    return roots.length === 1
      ? { unitCode: roots[0].code, unitName: roots[0].name }
      : { unitCode: null, unitName: roots.map((r) => r.name).join('、') };
  }

  build(req: BuildRequest): Promise<PublicationSnapshot> {
    return this.ledger.consistent((m) => this.compute(m, req));
  }

  /** Runs inside a consistent read the caller opened (a test interleaves writes with it). */
  async compute(m: EntityManager, req: BuildRequest): Promise<PublicationSnapshot> {
    const { kind, period, settings } = req;
    const tz = this.config.timeZone;
    const ledgerMark = await this.ledger.mark(m);
    const bounds = publicationBounds(kind, period, tz);
    const scope = this.scope();
    const base = {
      period,
      version: req.version,
      publishedAt: new Date(req.publishedAt).toISOString(),
      ledgerMark,
      catalogueVersion: (await this.catalogue.timeline(m)).at(bounds.to - 1).version,
      timeZone: tz,
      scope,
      reissue: req.reissue,
    };
    const units = this.leaderboard.unitsOf(scope.unitCode);
    const d = this.org.directory;
    if (kind === 'daily') {
      const rows = dailyUnitRows(
        await this.problemFacts(m, bounds),
        { start: bounds.from, end: bounds.to },
        d,
        units,
      );
      return { kind, ...base, units: rows, totals: sumDaily(rows) };
    }
    const months = monthsOf(kind, period);
    const tables = rankingTables({
      current: await this.ledger.sums(m, months, ledgerMark, true),
      previous: await this.ledger.sums(m, monthsOf(kind, previousPeriod(kind, period)), ledgerMark, true),
      org: d,
      scope: scope.unitCode,
      units,
      idleApart: kind === 'annual',
    });
    const late = await this.ledger.lateCorrections(m, months, ledgerMark);
    const rows: PublicationRow[] = tables.rows.map((r) =>
      late.has(r.badgeNo) ? { ...r, lateCorrections: fromTenths(late.get(r.badgeNo)!) } : r,
    );
    if (kind === 'monthly') return { kind, ...base, rows, units: tables.units };
    if (kind === 'quarterly')
      return { kind, ...base, rows, units: tables.units, commended: commended(rows, tables.units, settings) };
    return {
      kind,
      ...base,
      rows: markAnnual(rows, settings),
      inactive: tables.inactive,
      units: tables.units,
      shares: { ineligible: settings.ineligibleShare, recommended: settings.recommendedShare },
    };
  }

  /** The day's problems as they stand now; withdrawn ones (done in time, reported late) apart. */
  private async problemFacts(
    m: EntityManager,
    day: { from: number; to: number },
  ): Promise<DailyProblemFact[]> {
    const rows = await m
      .getRepository(ProblemEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.unitCode', 'p.status', 'p.detectedAt', 'p.ackAt', 'p.rectifiedAt', 'p.closedAt'])
      .where('p.detectedAt >= :from AND p.detectedAt < :to', day)
      .getMany();
    const withdrawn = new Map<string, boolean>();
    for (let i = 0; i < rows.length; i += 1000) {
      const steps = await m.getRepository(ProblemHistoryEntity).find({
        select: ['problemId', 'action', 'id'],
        where: {
          problemId: In(rows.slice(i, i + 1000).map((r) => r.id)),
          action: In(['withdrawn', 'reraised']),
        },
        order: { id: 'ASC' },
      });
      for (const s of steps) withdrawn.set(s.problemId, s.action === 'withdrawn');
    }
    return rows.map((r) => ({
      unitCode: r.unitCode,
      detectedAt: r.detectedAt,
      ackAt: r.ackAt,
      rectifiedAt: r.rectifiedAt,
      closedAt: r.status === 'closed' || r.status === 'dismissed' ? r.closedAt : null,
      withdrawn: withdrawn.get(r.id) ?? false,
    }));
  }
}
