import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';

/** Postgres errors that mean "two transactions met; run it again": deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

/**
 * Runs a write as one transaction. On Postgres writers run side by side: what must not
 * interleave takes a narrow lock of its own (a subject's row, an officer's monthly cap, a
 * month being closed — see `advisory-locks.ts`), and the outbox is numbered in commit order by
 * the sequencer, not by taking turns. A transaction that loses a deadlock is rolled back whole
 * and run again (nothing of it was committed). The embedded SQLite database has one writer per
 * file: an in-process queue keeps TypeORM from nesting transactions on its one connection.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('database');
  private tail: Promise<void> = Promise.resolve();
  private readonly committedListeners: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>, opts: { quiet?: boolean } = {}): Promise<T> {
    const result =
      this.config.database.driver === 'postgres' ? await this.withRetry(work) : await this.oneAtATime(work);
    if (!opts.quiet) for (const listener of this.committedListeners) listener();
    return result;
  }

  private async withRetry<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (e) {
        const code = e instanceof QueryFailedError ? (e.driverError as { code?: string }).code : undefined;
        if (!code || !RETRYABLE.has(code) || attempt >= ATTEMPTS) throw e;
        this.logger.debug(`transaction ran into another (${code}); running it again (${attempt})`);
      }
    }
  }

  private async oneAtATime<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await this.dataSource.transaction(work);
    } finally {
      release();
    }
  }

  /** Called after every commit: the relay uses it to publish without waiting for its poll. */
  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }
}
