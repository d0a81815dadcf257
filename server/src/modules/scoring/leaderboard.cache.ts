import { Injectable, Logger } from '@nestjs/common';
import { periodsContaining, yearOfMonth } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { inChunks } from '../../core/database/insert-rows';
import { RedisService } from '../../core/redis/redis.service';
import { addRow, emptyBreakdown, type TenthsBreakdown } from './domain/breakdown';
import { LedgerEntryEntity } from './scoring.entities';

const FIELDS: (keyof TenthsBreakdown)[] = [
  'total',
  'base',
  'bonus',
  'deduction',
  'quantity',
  'quality',
  'efficiency',
];
const encode = (b: TenthsBreakdown) => FIELDS.map((f) => b[f]).join(',');
const decode = (s: string): TenthsBreakdown => {
  const v = s.split(',').map(Number);
  return {
    total: v[0],
    base: v[1],
    bonus: v[2],
    deduction: v[3],
    quantity: v[4],
    quality: v[5],
    efficiency: v[6],
  };
};

interface SumRow {
  badgeNo: string;
  month: string;
  kind: 'base' | 'bonus' | 'deduction';
  dimension: 'quantity' | 'quality' | 'efficiency';
  points: string | number;
}

/**
 * Per-period score breakdowns in Redis hashes (`lb:<period>`: badge → sums in tenths).
 *
 * Values are always recomputed from ledger sums and written whole (HSET), never nudged
 * with HINCRBY/ZINCRBY: an increment replayed after a crash would count twice, a sum
 * cannot. The whole cache is rebuilt from the ledger at start, and a year whose marker
 * is missing (Redis restarted or flushed) is rebuilt on the next read.
 */
@Injectable()
export class LeaderboardCache {
  private readonly logger = new Logger('leaderboard');
  private memo = new Map<string, { ver: string; rows: Map<string, TenthsBreakdown> }>();

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
      .addSelect('l.month', 'month')
      .addSelect('l.kind', 'kind')
      .addSelect('l.dimension', 'dimension')
      .addSelect('SUM(l.points)', 'points')
      .where('l.month >= :from AND l.month <= :to', { from: `${year}-01`, to: `${year}-12` })
      .groupBy('l.badgeNo')
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
    for (const s of sums) {
      for (const period of periodsContaining(s.month)) {
        const officers = byPeriod.get(period) ?? new Map<string, TenthsBreakdown>();
        byPeriod.set(period, officers);
        const b = officers.get(s.badgeNo) ?? emptyBreakdown();
        officers.set(s.badgeNo, b);
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
        if (!officers?.has(badge)) fields.push(badge, encode(emptyBreakdown()));
      for (const [badge, b] of officers ?? []) fields.push(badge, encode(b));
      if (fields.length) pipe.hset(this.hashKey(period), ...fields);
    }
    pipe.set(this.builtKey(year), '1');
    pipe.incr(this.versionKey);
    await pipe.exec();
  }

  /** Breakdowns of every officer with rows in the period. */
  async read(period: string): Promise<{ ver: string; rows: Map<string, TenthsBreakdown> }> {
    const year = period.slice(0, 4);
    const [ver, built] = await this.redis.client.mget(this.versionKey, this.builtKey(year));
    if (built === null) {
      await this.rebuildYear(year);
      return this.read(period);
    }
    const memo = this.memo.get(period);
    if (memo && memo.ver === ver) return memo;
    const raw = await this.redis.client.hgetall(this.hashKey(period));
    const rows = new Map(Object.entries(raw).map(([badge, v]) => [badge, decode(v)]));
    const entry = { ver: ver ?? '0', rows };
    this.memo.set(period, entry);
    if (this.memo.size > 64) this.memo.delete(this.memo.keys().next().value!);
    return entry;
  }
}
