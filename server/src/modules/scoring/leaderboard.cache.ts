import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { periodsContaining, yearOfMonth } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { inChunks } from '../../core/database/insert-rows';
import { RedisService } from '../../core/redis/redis.service';
import { addRow, BREAKDOWN_FIELDS, emptyBreakdown, type TenthsBreakdown } from './domain/breakdown';
import type { OfficerUnitSums } from './domain/ranking';
import { LedgerEntryEntity } from './scoring.entities';

const encode = (b: TenthsBreakdown) => BREAKDOWN_FIELDS.map((f) => b[f]).join(',');
const decode = (s: string): TenthsBreakdown => {
  const v = s.split(',').map(Number);
  const b = emptyBreakdown();
  BREAKDOWN_FIELDS.forEach((f, i) => (b[f] = v[i]));
  return b;
};

interface SumRow {
  badgeNo: string;
  unitCode: string;
  month: string;
  kind: 'base' | 'bonus' | 'deduction';
  dimension: 'quantity' | 'quality' | 'efficiency';
  points: string | number;
}

/**
 * Per-period score breakdowns in Redis hashes (`lb:<period>`: `badge|unit` → sums in tenths;
 * an officer who moved has a field per unit, as points stay with the unit they were earned in).
 *
 * Values are always recomputed from ledger sums and written whole (HSET), never nudged
 * with HINCRBY/ZINCRBY: an increment replayed after a crash would count twice, a sum
 * cannot. The whole cache is rebuilt from the ledger at start, and a year whose marker
 * is missing (Redis restarted or flushed) is rebuilt on the next read or refresh. Only a whole
 * rebuild writes the marker: a refresh of a few officers into a flushed year would otherwise
 * mark it built while every other officer is missing from it. The marker is new at each
 * rebuild and is part of what the in-process memo compares, because the version counter
 * starts again from nothing after a flush and could meet a value the memo saw before.
 */
@Injectable()
export class LeaderboardCache {
  private readonly logger = new Logger('leaderboard');
  private memo = new Map<string, { ver: string; rows: OfficerUnitSums[] }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  private hashKey(period: string): string {
    return this.redis.key('lb', period);
  }

  private get versionKey(): string {
    return this.redis.key('lb', 'ver');
  }

  private builtKey(year: string): string {
    return this.redis.key('lb', 'built', year);
  }

  /** Recomputes the given officers' sums for every period their changed months count in. */
  async refresh(badges: string[], months: string[]): Promise<void> {
    if (!badges.length || !months.length) return;
    for (const year of new Set(months.map(yearOfMonth))) {
      if ((await this.redis.client.exists(this.builtKey(year))) === 0) await this.rebuildYear(year);
      else
        await this.write(year, await inChunks(badges, 500, (slice) => this.sums(year, slice)), badges, false);
    }
  }

  /** Rebuilds every year present in the ledger. */
  async rebuildAll(): Promise<void> {
    const years: { y: string }[] = await this.dataSource
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('l')
      .select('DISTINCT SUBSTR(l.month, 1, 4)', 'y')
      .getRawMany();
    for (const { y } of years) await this.rebuildYear(y);
    this.logger.log(`leaderboard cache rebuilt from the ledger (${years.length} year(s))`);
  }

  async rebuildYear(year: string): Promise<void> {
    await this.write(year, await this.sums(year, null), null, true);
  }

  private async sums(year: string, badges: string[] | null): Promise<SumRow[]> {
    const q = this.dataSource
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('l')
      .select('l.badgeNo', 'badgeNo')
      .addSelect('l.unitCode', 'unitCode')
      .addSelect('l.month', 'month')
      .addSelect('l.kind', 'kind')
      .addSelect('l.dimension', 'dimension')
      .addSelect('SUM(l.points)', 'points')
      .where('l.month >= :from AND l.month <= :to', { from: `${year}-01`, to: `${year}-12` })
      .groupBy('l.badgeNo')
      .addGroupBy('l.unitCode')
      .addGroupBy('l.month')
      .addGroupBy('l.kind')
      .addGroupBy('l.dimension');
    if (badges) q.andWhere('l.badgeNo IN (:...badges)', { badges });
    return q.getRawMany();
  }

  private async write(
    year: string,
    sums: SumRow[],
    badges: string[] | null,
    replace: boolean,
  ): Promise<void> {
    const byPeriod = new Map<string, Map<string, TenthsBreakdown>>();
    const touched = new Map<string, Set<string>>();
    for (const s of sums) {
      const field = `${s.badgeNo}|${s.unitCode}`;
      touched.set(s.badgeNo, (touched.get(s.badgeNo) ?? new Set()).add(field));
      for (const period of periodsContaining(s.month)) {
        const officers = byPeriod.get(period) ?? new Map<string, TenthsBreakdown>();
        byPeriod.set(period, officers);
        const b = officers.get(field) ?? emptyBreakdown();
        officers.set(field, b);
        addRow(b, s.kind, s.dimension, Number(s.points));
      }
    }
    const pipe = this.redis.client.multi();
    const periods = [
      year,
      `${year}-Q1`,
      `${year}-Q2`,
      `${year}-Q3`,
      `${year}-Q4`,
      ...Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`),
    ];
    for (const period of periods) {
      const officers = byPeriod.get(period);
      if (replace) pipe.del(this.hashKey(period));
      // An officer whose rows in a period net to nothing still gets a field: the sum is 0, not unknown.
      const fields: string[] = [];
      for (const badge of badges ?? [])
        for (const field of touched.get(badge) ?? [])
          if (!officers?.has(field)) fields.push(field, encode(emptyBreakdown()));
      for (const [field, b] of officers ?? []) fields.push(field, encode(b));
      if (fields.length) pipe.hset(this.hashKey(period), ...fields);
    }
    if (replace) pipe.set(this.builtKey(year), randomUUID());
    pipe.incr(this.versionKey);
    await pipe.exec();
  }

  /** Breakdowns of every officer and unit with rows in the period. */
  async read(period: string): Promise<{ ver: string; rows: OfficerUnitSums[] }> {
    const year = period.slice(0, 4);
    const [ver, built] = await this.redis.client.mget(this.versionKey, this.builtKey(year));
    if (built === null) {
      await this.rebuildYear(year);
      return this.read(period);
    }
    const current = `${built}|${ver}`;
    const memo = this.memo.get(period);
    if (memo && memo.ver === current) return memo;
    const raw = await this.redis.client.hgetall(this.hashKey(period));
    const rows = Object.entries(raw).map(([field, v]) => {
      const [badgeNo, unitCode] = field.split('|');
      return { badgeNo, unitCode, sums: decode(v) };
    });
    const entry = { ver: current, rows };
    this.memo.set(period, entry);
    if (this.memo.size > 64) this.memo.delete(this.memo.keys().next().value!);
    return entry;
  }
}
