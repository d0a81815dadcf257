import { Inject, Injectable } from '@nestjs/common';
import {
  parsePeriod,
  periodBounds,
  type RulePreviewAnswer,
  type RulePreviewRow,
  type RuleCatalogue,
} from '@jifen/shared';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { OrgService } from '../org/org.service';
import { fromTenths } from '@jifen/shared';
import { addRow, emptyBreakdown, type TenthsBreakdown } from '../scoring/domain/breakdown';
import { allocateCaps } from '../scoring/domain/cap-allocation';
import type { LedgerClaim, LedgerLine } from '../scoring/domain/ledger-line';
import { rankOfficers, rankUnits, type OfficerUnitSums } from '../scoring/domain/ranking';
import { CatalogueService } from '../scoring/catalogue.service';
import { LeaderboardService } from '../scoring/leaderboard.service';
import { LedgerEntryEntity } from '../scoring/scoring.entities';
import type { Finding } from '../supervision/domain/finding';
import { problemLines } from '../supervision/domain/problem-lines';
import type { ProblemRecord } from '../supervision/domain/problem-record';
import { newProblem } from '../supervision/domain/problem-settlement';
import { HolidayService } from '../supervision/holiday.service';
import { ProblemEntity } from '../supervision/supervision.entities';
import { CatalogueTimeline, type JudgementContext } from './domain/judgement-context';
import { judgeSubject } from './domain/judge-subject';
import { JudgementRepository } from './judgement.repository';

/** Subjects judged at a time: a month of events is streamed, never held whole in memory. */
const CHUNK = 1000;

type Sums = Map<string, OfficerUnitSums>;

function add(
  sums: Sums,
  l: Pick<LedgerLine, 'badgeNo' | 'unitCode' | 'kind' | 'dimension' | 'points'>,
): void {
  const key = `${l.badgeNo}|${l.unitCode}`;
  let s = sums.get(key);
  if (!s) sums.set(key, (s = { badgeNo: l.badgeNo, unitCode: l.unitCode, sums: emptyBreakdown() }));
  addRow(s.sums, l.kind, l.dimension, l.points);
}

/**
 * What a draft catalogue would do to a period's ranking: the same fold as ingestion, run over
 * the stored events of the period under the draft, without writing anything, on a consistent
 * snapshot that takes no lock (ingestion goes on meanwhile). People's decisions stay as they
 * are: a dismissal or an upheld appeal still holds, manual adjustments and RECTIFY_OVERDUE
 * are carried over as booked. Both rankings count rows by the month they belong to, so the
 * difference is the rules' alone.
 */
@Injectable()
export class RulePreview {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly catalogue: CatalogueService,
    private readonly org: OrgService,
    private readonly holidays: HolidayService,
    private readonly leaderboard: LeaderboardService,
    private readonly repo: JudgementRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(rawCatalogue: unknown, period: string): Promise<RulePreviewAnswer> {
    const draft = this.catalogue.parse(rawCatalogue);
    this.leaderboard.checkPeriod(period);
    const started = Date.now();
    const answer = await this.onSnapshot((m) => this.compare(m, draft, period));
    return { ...answer, elapsedMs: Date.now() - started };
  }

  private onSnapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    // The embedded database has one connection: reads take their turn with the writers.
    if (this.config.database.driver !== 'postgres') return this.uow.run(work, { quiet: true });
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      return work(m);
    });
  }

  private async compare(
    m: EntityManager,
    draft: RuleCatalogue,
    period: string,
  ): Promise<Omit<RulePreviewAnswer, 'elapsedMs'>> {
    const months = parsePeriod(period).months;
    const { from, to } = periodBounds(period, this.config.timeZone);
    const current = await this.currentVersion(m);
    const subjects = await this.subjectsOf(m, from, to);
    const drafted = CatalogueTimeline.only(draft, current + 1);
    const ctx: JudgementContext = {
      timeZone: this.config.timeZone,
      now: this.clock.now(),
      holidays: this.holidays.current(),
      catalogueAt: (at) => drafted.at(at),
      unitOf: (b, at) => this.org.directory.unitAt(b, at),
    };
    const draftSums: Sums = new Map();
    const capped: LedgerClaim[] = [];
    const inPeriod = (l: { forMonth: string }) => months.includes(l.forMonth);
    let events = 0;
    for (let i = 0; i < subjects.length; i += CHUNK) {
      const slice = subjects.slice(i, i + CHUNK);
      const histories = await this.repo.histories(m, slice, await this.repo.earliestEvent(m, slice));
      const decided = new Map((await this.repo.problems(m, slice)).map((p) => [p.id, p]));
      for (const history of histories.values()) {
        events += history.length;
        const j = judgeSubject(history, ctx);
        for (const c of j.claims) if (c.cap === null && inPeriod(c)) add(draftSums, c);
        capped.push(...j.claims.filter((c) => c.cap !== null && inPeriod(c)));
        for (const f of j.findings)
          for (const l of problemLines(standing(f, decided.get(f.id)), ctx))
            if (inPeriod(l)) add(draftSums, l);
      }
    }
    for (const l of allocateCaps(capped)) add(draftSums, l);
    for (const row of await this.sums(m, months, true)) add(draftSums, row);
    const currentSums: Sums = new Map();
    for (const row of await this.sums(m, months, false)) add(currentSums, row);
    return {
      period,
      currentVersion: current,
      events,
      officers: this.compareOfficers(currentSums, draftSums),
      units: this.compareUnits(currentSums, draftSums),
    };
  }

  private async currentVersion(m: EntityManager): Promise<number> {
    return (await this.catalogue.timeline(m)).latest.version;
  }

  /** Subjects with anything in the period: events, obligations due, problems whose points fall in it. */
  private async subjectsOf(m: EntityManager, from: number, to: number): Promise<string[]> {
    const ids = new Set<string>();
    const pg = this.config.database.driver === 'postgres';
    const p = (i: number) => (pg ? `$${i}` : '?');
    for (const [table, column] of [
      ['events', 'occurredAt'],
      ['obligations', 'dueAt'],
      ['problems', 'occurredAt'],
    ]) {
      const rows: { subjectId: string }[] = await m.query(
        `SELECT DISTINCT "subjectId" FROM ${table} WHERE "${column}" >= ${p(1)} AND "${column}" < ${p(2)}`,
        [from, to],
      );
      for (const r of rows) ids.add(r.subjectId);
    }
    return [...ids].sort();
  }

  /** Ledger sums by the month rows belong to: everything booked, or only what the fold does not decide. */
  private async sums(m: EntityManager, months: string[], carriedOnly: boolean) {
    const q = m
      .createQueryBuilder(LedgerEntryEntity, 'l')
      .select('l.badgeNo', 'badgeNo')
      .addSelect('l.unitCode', 'unitCode')
      .addSelect('l.kind', 'kind')
      .addSelect('l.dimension', 'dimension')
      .addSelect('SUM(l.points)', 'points')
      .where('l.forMonth IN (:...months)', { months })
      .groupBy('l.badgeNo')
      .addGroupBy('l.unitCode')
      .addGroupBy('l.kind')
      .addGroupBy('l.dimension');
    if (carriedOnly) q.andWhere("(l.source = 'adjustment' OR l.ruleId = 'RECTIFY_OVERDUE')");
    const rows = await q.getRawMany<{
      badgeNo: string;
      unitCode: string;
      kind: LedgerLine['kind'];
      dimension: LedgerLine['dimension'];
      points: string;
    }>();
    return rows.map((r) => ({ ...r, points: Number(r.points) }));
  }

  private compareOfficers(current: Sums, draft: Sums): RulePreviewRow[] {
    const d = this.org.directory;
    const before = new Map(rankOfficers(current.values(), d, null).map((r) => [r.badgeNo, r]));
    return rankOfficers(draft.values(), d, null).map((after) => {
      const was = before.get(after.badgeNo);
      const o = d.officer(after.badgeNo);
      return row(
        {
          badgeNo: after.badgeNo,
          name: o?.name ?? after.badgeNo,
          unitCode: o?.unitCode ?? '',
          unitName: d.unit(o?.unitCode ?? '')?.name ?? '',
        },
        was ?? { rank: before.size + 1, sums: emptyBreakdown() },
        after,
      );
    });
  }

  private compareUnits(current: Sums, draft: Sums): RulePreviewRow[] {
    const d = this.org.directory;
    const units = this.leaderboard.unitsOf(null);
    const before = new Map(rankUnits(current.values(), d, units).map((u) => [u.unitCode, u]));
    return rankUnits(draft.values(), d, units).map((after) => {
      const name = d.unit(after.unitCode)?.name ?? after.unitCode;
      return row({ name, unitCode: after.unitCode, unitName: name }, before.get(after.unitCode)!, after);
    });
  }
}

function row(
  who: Pick<RulePreviewRow, 'badgeNo' | 'name' | 'unitCode' | 'unitName'>,
  was: { rank: number; sums: TenthsBreakdown },
  now: { rank: number; sums: TenthsBreakdown },
): RulePreviewRow {
  const current = { rank: was.rank, total: fromTenths(was.sums.total) };
  const draft = { rank: now.rank, total: fromTenths(now.sums.total) };
  return {
    ...who,
    current,
    draft,
    rankChange: current.rank - draft.rank,
    totalChange: Math.round((draft.total - current.total) * 10) / 10,
  };
}

/** A finding under the draft with what people decided about its problem: dismissals and upheld appeals hold. */
function standing(f: Finding, decided: ProblemEntity | undefined): ProblemRecord {
  const p = newProblem(f, 0);
  if (decided?.status === 'dismissed') p.status = 'dismissed';
  p.waivedBadges = decided?.waivedBadges ?? [];
  return p;
}
