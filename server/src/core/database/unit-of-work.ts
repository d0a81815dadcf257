import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';

/** Arbitrary constant naming Jifen's writer lock among Postgres advisory locks. */
const WRITER_LOCK = 7_297_001;

/**
 * Runs a write as one transaction, one writer at a time across every process.
 *
 * Why serialise: the outbox relay publishes rows in `seq` order and must never pass a row
 * that a slower transaction will commit later; ledger totals and monthly caps read what
 * earlier writes booked. Writers are short (a batch of 1000 events commits in tens of ms),
 * so one lock costs little and buys exactness. Postgres: a transaction-scoped advisory lock;
 * SQLite: a single writer already, the in-process queue keeps TypeORM from nesting.
 */
@Injectable()
export class UnitOfWork {
  private tail: Promise<void> = Promise.resolve();
  private readonly committedListeners: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        if (this.config.database.driver === 'postgres') {
          await manager.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK]);
        }
        return work(manager);
      });
      for (const listener of this.committedListeners) listener();
      return result;
    } finally {
      release();
    }
  }

  /** Called after every commit: the relay uses it to publish without waiting for its poll. */
  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }
}
