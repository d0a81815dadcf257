import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_RATE_DAYS,
  dateKeyOf,
  type RatesAnswer,
  type RatesMessage,
  type SubjectKind,
} from '@jifen/shared';
import { DateTime } from 'luxon';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { inChunks } from '../../core/database/insert-rows';
import { badRequest } from '../../core/errors/domain-error';
import { EventEntity } from '../ingest/event.entity';
import { OrgService } from '../org/org.service';
import { HolidayService } from '../supervision/holiday.service';
import { ProblemEntity, ProblemHistoryEntity } from '../supervision/supervision.entities';
import { caseCounts, countWindows, type CountEvent } from './domain/case-counts';
import { dailyRates, dayWindows, type ProblemFact, type RateEvent } from './domain/daily-rates';

/** Events that start something a rate judges; their follow-ups are loaded by subject. */
const STARTS = ['incident.received', 'incident.handled', 'complaint.received', 'complaint.rated'];
const FOLLOW_UPS: Record<'incident' | 'complaint', string[]> = {
  incident: ['incident.received', 'incident.handled', 'av.linked'],
  complaint: ['complaint.received', 'complaint.responded', 'complaint.resolved', 'complaint.rated'],
};
const CHUNK = 500;

/**
 * The rates of docs/RATES.md, computed from the stored events and problems every time they
 * are asked for, so any past day can be recomputed and nothing is cached to go stale.
 */
@Injectable()
export class RatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly org: OrgService,
    private readonly holidays: HolidayService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Daily rates from `from` to `to` (bureau days, inclusive) and the counts of the month of `to`. */
  async rates(scope: string | null, from?: string, to?: string): Promise<RatesAnswer> {
    const tz = this.config.timeZone;
    const today = dateKeyOf(this.clock.now(), tz);
    const last = to ?? today;
    const first = from ?? last;
    for (const [field, d] of [
      ['from', first],
      ['to', last],
    ] as const) {
      if (!DateTime.fromISO(d, { zone: tz }).isValid)
        throw badRequest(
          'RATES.INVALID_DAY',
          `${field}: ${d} is not a day of the calendar`,
          `${d} 不是有效日期`,
        );
    }
    if (last > today)
      throw badRequest(
        'RATES.FUTURE_DAY',
        `to: ${last} is after today (${today})`,
        `截止日期 ${last} 晚于今天 ${today}`,
      );
    const windows = dayWindows(first, last, tz);
    if (windows.length > MAX_RATE_DAYS)
      throw badRequest(
        'RATES.RANGE_TOO_LONG',
        `from–to spans ${windows.length} days; at most ${MAX_RATE_DAYS} at once`,
        `日期范围为 ${windows.length} 天，一次最多 ${MAX_RATE_DAYS} 天`,
      );
    const units = scope === null ? null : this.org.directory.unitsWithin(scope).map((u) => u.code);
    const range = { start: windows[0].start, end: windows[windows.length - 1].end };
    const [events, problems, counted] = await Promise.all([
      this.rateEvents(units, range),
      this.problemFacts(scope, range),
      this.countEvents(units, last),
    ]);
    const days = dailyRates(windows, events, problems, {
      now: this.clock.now(),
      timeZone: tz,
      holidays: this.holidays.current(),
    });
    return { unitCode: scope, timeZone: tz, from: first, to: last, days, ...caseCounts(counted, last, tz) };
  }

  /** What a wall in `scope` shows: today's rates and the month's comparisons (the relay's `rates` message). */
  async live(scope: string | null): Promise<Omit<RatesMessage, 'seq'>> {
    return { scope, rates: await this.rates(scope) };
  }

  private inUnits<T extends object>(q: SelectQueryBuilder<T>, units: string[] | null): SelectQueryBuilder<T> {
    if (units !== null) q.andWhere('e.unitCode IN (:...units)', { units: units.length ? units : [''] });
    return q;
  }

  private async rateEvents(
    units: string[] | null,
    range: { start: number; end: number },
  ): Promise<RateEvent[]> {
    const starts = await this.inUnits(
      this.dataSource
        .getRepository(EventEntity)
        .createQueryBuilder('e')
        .select(['e.subjectKind', 'e.subjectRef'])
        .where('e.type IN (:...types)', { types: STARTS })
        .andWhere('e.occurredAt >= :start AND e.occurredAt < :end', range),
      units,
    ).getMany();
    const out: RateEvent[] = [];
    for (const kind of ['incident', 'complaint'] as const) {
      const refs = [...new Set(starts.filter((s) => s.subjectKind === kind).map((s) => s.subjectRef))];
      const rows = await inChunks(refs, CHUNK, (slice) =>
        this.dataSource.getRepository(EventEntity).find({
          select: ['type', 'occurredAt', 'subjectKind', 'subjectRef', 'data'],
          where: { subjectKind: kind as SubjectKind, subjectRef: In(slice), type: In(FOLLOW_UPS[kind]) },
        }),
      );
      out.push(...rows);
    }
    return out;
  }

  private async problemFacts(
    scope: string | null,
    range: { start: number; end: number },
  ): Promise<ProblemFact[]> {
    const rows = await this.dataSource
      .getRepository(ProblemEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.status', 'p.detectedAt', 'p.closedAt'])
      .where('p.detectedAt >= :start AND p.detectedAt < :end', range)
      .andWhere('p.unitPath LIKE :path', { path: `${this.org.directory.pathOf(scope)}%` })
      .getMany();
    // Withdrawn or re-raised: the last of these steps says whether the problem stands.
    const steps = await inChunks(
      rows.map((r) => r.id),
      CHUNK,
      (ids) =>
        this.dataSource.getRepository(ProblemHistoryEntity).find({
          select: ['problemId', 'action', 'id'],
          where: { problemId: In(ids), action: In(['withdrawn', 'reraised']) },
          order: { id: 'ASC' },
        }),
    );
    const withdrawn = new Map<string, boolean>();
    for (const s of steps) withdrawn.set(s.problemId, s.action === 'withdrawn');
    return rows.map((r) => ({
      detectedAt: r.detectedAt,
      closedAt: r.status === 'closed' || r.status === 'dismissed' ? r.closedAt : null,
      withdrawn: withdrawn.get(r.id) ?? false,
    }));
  }

  private async countEvents(units: string[] | null, day: string): Promise<CountEvent[]> {
    const w = countWindows(day, this.config.timeZone);
    return this.inUnits(
      this.dataSource
        .getRepository(EventEntity)
        .createQueryBuilder('e')
        .select(['e.type', 'e.occurredAt', 'e.subjectRef', 'e.data'])
        .where('e.type IN (:...types)', { types: ['case.filed', 'case.accepted'] })
        .andWhere('e.occurredAt >= :start AND e.occurredAt < :end', { start: w.from, end: w.to }),
      units,
    ).getMany();
  }
}
