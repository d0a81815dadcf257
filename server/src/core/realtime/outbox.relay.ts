import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { LEADERBOARD_WINDOW_MS, SCORE_WINDOW_MS, type ScoreChange } from '@jifen/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { OutboxEntity } from '../outbox/outbox.entity';
import { RedisService } from '../redis/redis.service';
import { LiveData } from './live-hooks';
import { LIVE_KINDS } from './live-messages';
import { LiveServer } from './live.server';
import { OutboxReader } from './outbox.reader';
import { ROOM_ALL, officerRoom, roomsForPath, scopeOfRoom } from './rooms';

const LEASE_MS = 10_000;
const BATCH = 5000;

/**
 * Outbox → live. One relay in the cluster holds a Redis lease and publishes committed
 * outbox rows in `seq` order through the Socket.IO Redis adapter:
 *  - ledger changes are batched per room in windows of at most SCORE_WINDOW_MS, and the
 *    leaderboard cache is brought up to date (from ledger sums) before they are announced;
 *  - leaderboards are recomputed for rooms that changed, at most every LEADERBOARD_WINDOW_MS;
 *  - problems go one per message, in order with the score messages around them.
 * The announced high-water mark lives in Redis, so a new leader continues where the old
 * one stopped and resuming clients are answered from the same number on every node.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger('relay');
  private readonly owner = randomUUID();
  private leader = false;
  private lastSeq = 0;
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private boardTimer: NodeJS.Timeout | null = null;
  private dirtyRooms = new Set<string>();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly live: LiveServer,
    private readonly reader: OutboxReader,
    private readonly data: LiveData,
    uow: UnitOfWork,
  ) {
    uow.onCommitted(() => this.kick());
  }

  private get leaseKey(): string {
    return this.redis.key('relay', 'lease');
  }

  async start(): Promise<void> {
    await this.renewLease();
    this.leaseTimer = setInterval(() => void this.renewLease(), LEASE_MS / 3);
    this.timer = setInterval(() => this.kick(), SCORE_WINDOW_MS);
    this.boardTimer = setInterval(() => void this.publishLeaderboards(), LEADERBOARD_WINDOW_MS);
  }

  private async renewLease(): Promise<void> {
    if (this.stopped) return;
    try {
      const got = await this.redis.client.set(this.leaseKey, this.owner, 'PX', LEASE_MS, 'NX');
      if (got === 'OK') {
        const stored = await this.redis.client.get(this.reader.publishedKey);
        const committed = await this.reader.maxSeq();
        // A lost Redis forgets the mark, a replaced database makes it meaningless: start
        // after what is committed; clients catch up by resuming.
        this.lastSeq = stored === null || Number(stored) > committed ? committed : Number(stored);
        await this.redis.client.set(this.reader.publishedKey, String(this.lastSeq));
        this.leader = true;
        this.logger.log(`relay leader from seq ${this.lastSeq}`);
      } else if (this.leader) {
        const holder = await this.redis.client.get(this.leaseKey);
        if (holder === this.owner) await this.redis.client.pexpire(this.leaseKey, LEASE_MS);
        else this.leader = false;
      }
    } catch (e) {
      this.leader = false;
      this.logger.warn(`relay lease: ${(e as Error).message}`);
    }
  }

  /** Publishes now, or right after the current pass: a commit never waits for the next tick. */
  kick(): void {
    if (!this.leader || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.publish()
      .catch((e: Error) => this.logger.warn(`relay: ${e.message}`))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          setTimeout(() => this.kick(), 5);
        }
      });
  }

  private async publish(): Promise<void> {
    const ns = this.live.namespace;
    const rows = await this.dataSource
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .where('o.seq > :after', { after: this.lastSeq })
      .orderBy('o.seq', 'ASC')
      .take(BATCH)
      .getMany();
    if (!rows.length) return;
    const changesByRoom = new Map<string, { seq: number; changes: ScoreChange[] }>();
    const badges = new Set<string>();
    const months = new Set<string>();
    // Counts as of this pass, once per room: a burst of problems costs one query per room, not per problem.
    const counts = new Map<string, Awaited<ReturnType<LiveData['alertCounts']>>>();
    const countsOf = async (room: string) => {
      if (!counts.has(room)) counts.set(room, await this.data.alertCounts(scopeOfRoom(room)));
      return counts.get(room)!;
    };
    const flushScores = async () => {
      if (!changesByRoom.size) return;
      await this.data.scoresChanged([...badges], [...months]);
      for (const [room, msg] of changesByRoom) ns?.to(room).emit('score.changed', msg);
      changesByRoom.clear();
      badges.clear();
      months.clear();
    };
    for (const row of rows) {
      if (row.kind === LIVE_KINDS.score) {
        const changes = (row.payload as { changes: ScoreChange[] }).changes;
        for (const c of changes) {
          badges.add(c.badgeNo);
          months.add(c.period);
        }
        for (const room of roomsForPath(row.unitPath)) {
          const msg = changesByRoom.get(room) ?? { seq: row.seq, changes: [] };
          msg.seq = row.seq;
          msg.changes.push(...changes);
          changesByRoom.set(room, msg);
          this.dirtyRooms.add(room);
        }
      } else if (row.kind === LIVE_KINDS.alertRaised || row.kind === LIVE_KINDS.alertUpdated) {
        await flushScores();
        const alert = (row.payload as { alert: { badgeNos: string[] } }).alert;
        for (const room of roomsForPath(row.unitPath)) {
          ns?.to(room).emit(row.kind, { seq: row.seq, alert: alert as never, counts: await countsOf(room) });
        }
        for (const badge of alert.badgeNos) {
          ns?.to(officerRoom(badge)).emit(row.kind, {
            seq: row.seq,
            alert: alert as never,
            counts: await countsOf(ROOM_ALL),
          });
        }
      }
    }
    await flushScores();
    this.lastSeq = rows[rows.length - 1].seq;
    await this.redis.client.set(this.reader.publishedKey, String(this.lastSeq));
    if (rows.length === BATCH) this.again = true;
  }

  /** Coalesced leaderboards: a burst of a thousand changes yields one message per room per window. */
  private async publishLeaderboards(): Promise<void> {
    if (!this.leader || !this.dirtyRooms.size || this.stopped) return;
    const rooms = [...this.dirtyRooms];
    this.dirtyRooms.clear();
    const ns = this.live.namespace;
    for (const room of rooms) {
      try {
        const scope = scopeOfRoom(room);
        const boards = await this.data.leaderboards(scope);
        ns?.to(room).emit('leaderboard', {
          seq: this.lastSeq,
          period: boards.period,
          scope,
          by: 'officer',
          rows: boards.officers,
        });
        ns?.to(room).emit('leaderboard', {
          seq: this.lastSeq,
          period: boards.period,
          scope,
          by: 'unit',
          rows: boards.units,
        });
      } catch (e) {
        this.logger.warn(`leaderboard for ${room}: ${(e as Error).message}`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const t of [this.timer, this.leaseTimer, this.boardTimer]) if (t) clearInterval(t);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    if (this.leader) {
      const holder = await this.redis.client.get(this.leaseKey).catch(() => null);
      if (holder === this.owner) await this.redis.client.del(this.leaseKey).catch(() => undefined);
    }
  }
}
