import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RedisService } from '../redis/redis.service';

const HEARTBEAT_MS = 10_000;
/** A node that has not said it is alive for this long no longer counts (crashed, or cut off). */
const ALIVE_MS = 35_000;
/**
 * After Redis lost the presence sets (restarted or flushed), every node has written its set
 * again within one heartbeat: until then presence is unknown and the relay sends to every room.
 */
const RELEARN_MS = HEARTBEAT_MS + 5_000;

/**
 * Which live rooms have a socket somewhere in the cluster. A batch touches hundreds of
 * officers; building and publishing a message for each officer's private room through the
 * Redis adapter, when almost none is connected, was most of what the relay did. Each node
 * keeps the rooms its sockets are in as a Redis set, refreshed by a heartbeat; the relay sends
 * only to rooms in the union of the live nodes' sets. A socket is registered before it gets its
 * snapshot or replay, so whatever the relay skipped before the registration is already in
 * what the socket received.
 *
 * The sets live only in Redis. A marker (`live:presence:since`) written when they are first
 * written tells whether they are whole: when Redis restarts empty or is flushed the marker is
 * gone with them, so the first node to notice writes it anew, and presence counts as unknown
 * (send everywhere) until every node's heartbeat has written its set again. Otherwise the relay
 * would see no rooms and send nothing, and walls that never disconnected would miss changes.
 */
@Injectable()
export class RoomPresence implements OnModuleDestroy {
  private readonly logger = new Logger('presence');
  private readonly node = randomUUID();
  private readonly local = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly redis: RedisService) {}

  private get nodesKey(): string {
    return this.redis.key('live', 'nodes');
  }

  private get sinceKey(): string {
    return this.redis.key('live', 'presence', 'since');
  }

  private roomsKey(node: string): string {
    return this.redis.key('live', 'rooms', node);
  }

  /** Starts the heartbeat (API nodes only: a worker holds no sockets). */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(
      () => void this.beat().catch((e: Error) => this.logger.warn(e.message)),
      HEARTBEAT_MS,
    );
  }

  private async beat(): Promise<void> {
    const pipe = this.redis.client.multi().zadd(this.nodesKey, Date.now(), this.node);
    // Redis may have been flushed: write the whole set again, then let it expire with the node.
    pipe.del(this.roomsKey(this.node));
    if (this.local.size) pipe.sadd(this.roomsKey(this.node), ...this.local.keys());
    pipe.pexpire(this.roomsKey(this.node), ALIVE_MS);
    pipe.set(this.sinceKey, String(Date.now()), 'NX');
    await pipe.exec();
  }

  async join(rooms: string[]): Promise<void> {
    const added = rooms.filter((r) => {
      const n = this.local.get(r) ?? 0;
      this.local.set(r, n + 1);
      return n === 0;
    });
    if (added.length)
      await this.redis.client
        .multi()
        .sadd(this.roomsKey(this.node), ...added)
        .pexpire(this.roomsKey(this.node), ALIVE_MS)
        .zadd(this.nodesKey, Date.now(), this.node)
        .exec();
  }

  async leave(rooms: string[]): Promise<void> {
    const emptied = rooms.filter((r) => {
      const n = (this.local.get(r) ?? 0) - 1;
      if (n <= 0) this.local.delete(r);
      else this.local.set(r, n);
      return n <= 0;
    });
    if (emptied.length) await this.redis.client.srem(this.roomsKey(this.node), ...emptied);
  }

  /** Rooms with a socket on any live node; null when Redis cannot say (then send to every room). */
  async occupied(): Promise<Set<string> | null> {
    try {
      const now = Date.now();
      const since = await this.redis.client.get(this.sinceKey);
      if (since === null) {
        await this.redis.client.set(this.sinceKey, String(now), 'NX');
        void this.beat().catch((e: Error) => this.logger.warn(e.message));
        return null;
      }
      if (now - Number(since) < RELEARN_MS) return null;
      const nodes = await this.redis.client.zrangebyscore(this.nodesKey, now - ALIVE_MS, '+inf');
      if (!nodes.length) return new Set();
      return new Set(await this.redis.client.sunion(...nodes.map((n) => this.roomsKey(n))));
    } catch (e) {
      this.logger.warn(`presence: ${(e as Error).message}`);
      return null;
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.redis.client
      .multi()
      .del(this.roomsKey(this.node))
      .zrem(this.nodesKey, this.node)
      .exec()
      .catch(() => undefined);
  }
}
