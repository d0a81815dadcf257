import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { NotificationCauseSchema } from '@jifen/shared';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { LeasedConsumer } from '../../core/outbox/leased-consumer';
import { OutboxCursors } from '../../core/outbox/outbox-cursors';
import { OutboxSequencer } from '../../core/outbox/outbox-sequencer';
import type { SequencedRow } from '../../core/outbox/outbox.entity';
import { OutboxReader } from '../../core/realtime/outbox.reader';
import { RedisService } from '../../core/redis/redis.service';
import { OrgService } from '../org/org.service';
import { problemIntents, publicationIntents, publishedOf, type Intent } from './domain/outbox-causes';
import { Notifier } from './notifier';
import { PublishedPeriods } from './published-periods';
import { Recipients } from './recipients';

/** The dispatcher's name among the outbox's consumers (its cursor in `outbox_cursors`). */
export const NOTIFICATION_DISPATCHER = 'notification-dispatcher';

const POLL_MS = 1000;
const PAGE = 500;

/**
 * Outbox → notifications. One dispatcher in the cluster (a Redis lease, like the live relay)
 * reads committed outbox rows in `seq` order after its own cursor, turns them into causes
 * with stable ids, resolves each cause's audience to users and hands both to the Notifier.
 * The cursor moves only after a whole page was handed over: a dispatcher killed mid-page
 * reads the page again, and the Notifier's deterministic ids make the replay send nothing
 * twice. Runs wherever BullMQ workers run (role `worker`, or `all`).
 */
@Injectable()
export class NotificationDispatcher implements OnModuleDestroy {
  private readonly logger = new Logger('notify');
  private readonly loop: LeasedConsumer;
  private cursor = 0;
  private started = false;

  constructor(
    redis: RedisService,
    private readonly reader: OutboxReader,
    private readonly cursors: OutboxCursors,
    private readonly sequencer: OutboxSequencer,
    private readonly notifier: Notifier,
    private readonly recipients: Recipients,
    private readonly published: PublishedPeriods,
    private readonly org: OrgService,
    uow: UnitOfWork,
  ) {
    this.loop = new LeasedConsumer(redis, 'notify', this.logger, {
      acquired: () => this.resume(),
      pass: () => this.pass(),
    });
    uow.onCommitted(() => this.loop.kick());
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.loop.start(POLL_MS);
  }

  private async resume(): Promise<void> {
    // A first start tells nobody of what happened before notifications existed.
    this.cursor = await this.reader.resume(NOTIFICATION_DISPATCHER);
    this.logger.log(`notification dispatcher from seq ${this.cursor}`);
  }

  private async pass(): Promise<void> {
    // Numbers what has committed, so a worker with no relay beside it still hears of it.
    await this.sequencer.sequence();
    const rows = await this.reader.after(this.cursor, PAGE);
    if (!rows.length) return;
    const intents = await this.intentsOf(rows);
    if (intents.length) {
      const audienceOf = await this.recipients.snapshot();
      for (const i of intents) {
        if (this.loop.isStopped) return;
        await this.notifier.notify(i.cause, audienceOf(i.audience));
      }
    }
    // A dispatcher that lost its lease meanwhile leaves the cursor to the one that has it.
    if (this.loop.isStopped || !(await this.loop.holds())) return this.loop.yieldLease();
    this.cursor = rows[rows.length - 1].seq;
    await this.cursors.set(NOTIFICATION_DISPATCHER, this.cursor);
    if (rows.length === PAGE) this.loop.more();
  }

  private async intentsOf(rows: SequencedRow[]): Promise<Intent[]> {
    const unitName = (code: string) => this.org.directory.unit(code)?.name ?? code;
    const out: Intent[] = [];
    for (const row of rows) {
      const at = new Date(row.createdAt).toISOString();
      const found = problemIntents(row, at, unitName);
      const p = publishedOf(row);
      if (p) {
        const honours = await this.published.honours(p.kind, p.period, p.version);
        if (honours) found.push(...publicationIntents(p, honours, at));
        else this.logger.warn(`publication ${p.kind} ${p.period} v${p.version} has no snapshot to tell of`);
      }
      for (const i of found) {
        // A cause no retry could make valid is named in the log, not retried forever.
        const check = NotificationCauseSchema.safeParse(i.cause);
        if (check.success) out.push(i);
        else this.logger.warn(`outbox ${row.seq}: cause ${i.cause.id} skipped: ${check.error.message}`);
      }
    }
    return out;
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }
}
