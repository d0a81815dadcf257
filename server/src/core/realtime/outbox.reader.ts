import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxEntity } from '../outbox/outbox.entity';
import { RedisService } from '../redis/redis.service';
import type { LivePrincipal } from './live-authenticator';
import { LiveData } from './live-hooks';
import { toLiveMessages, type LiveMessage } from './live-messages';

/** Reads the outbox for replays and knows how far the relay has announced. */
@Injectable()
export class OutboxReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly data: LiveData,
  ) {}

  get publishedKey(): string {
    return this.redis.key('relay', 'seq');
  }

  async publishedSeq(): Promise<number> {
    const v = await this.redis.client.get(this.publishedKey);
    return v === null ? this.maxSeq() : Number(v);
  }

  async maxSeq(): Promise<number> {
    const r: { max: number | string | null } | undefined = await this.dataSource
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .select('MAX(o.seq)', 'max')
      .getRawOne();
    return Number(r?.max ?? 0);
  }

  async minSeq(): Promise<number> {
    const r: { min: number | string | null } | undefined = await this.dataSource
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .select('MIN(o.seq)', 'min')
      .getRawOne();
    return Number(r?.min ?? 0);
  }

  /** Messages in (after, upTo] a principal may see; tooFarBehind when more than `limit` rows or pruned. */
  async rowsFor(
    p: LivePrincipal,
    after: number,
    upTo: number,
    limit: number,
  ): Promise<{ tooFarBehind: boolean; messages: LiveMessage[] }> {
    if (upTo <= after) return { tooFarBehind: false, messages: [] };
    const min = await this.minSeq();
    if (min > after + 1) return { tooFarBehind: true, messages: [] };
    const rows = await this.dataSource
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .where('o.seq > :after AND o.seq <= :upTo', { after, upTo })
      .andWhere('o.unitPath LIKE :path', { path: `${p.scopePath}%` })
      .orderBy('o.seq', 'ASC')
      .take(limit + 1)
      .getMany();
    if (rows.length > limit) return { tooFarBehind: true, messages: [] };
    const officer = p.role === 'officer' ? p.badgeNo : null;
    const counts = await this.data.alertCounts(p.unitCode);
    return {
      tooFarBehind: false,
      messages: toLiveMessages(
        rows,
        counts,
        (c) => !officer || c.badgeNo === officer,
        (a) => !officer || a.badgeNos.includes(officer),
      ),
    };
  }
}
