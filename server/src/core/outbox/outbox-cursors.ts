import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { OutboxCursorEntity } from './outbox-cursor.entity';

/** The named consumers of the outbox and how far each has got, kept in Postgres. */
@Injectable()
export class OutboxCursors {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(consumer: string, m: EntityManager = this.dataSource.manager): Promise<number | null> {
    const row = await m.findOneBy(OutboxCursorEntity, { consumer });
    return row ? row.seq : null;
  }

  async set(consumer: string, seq: number, m: EntityManager = this.dataSource.manager): Promise<void> {
    await m.upsert(OutboxCursorEntity, { consumer, seq, updatedAt: this.clock.now() }, ['consumer']);
  }

  /** The lowest cursor of all consumers: rows after it are still owed to someone. */
  async lowest(): Promise<number | null> {
    const rows = await this.dataSource.getRepository(OutboxCursorEntity).find();
    return rows.length ? Math.min(...rows.map((r) => r.seq)) : null;
  }
}
