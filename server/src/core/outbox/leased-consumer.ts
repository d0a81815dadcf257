import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RedisService } from '../redis/redis.service';

const LEASE_MS = 10_000;

/**
 * What every outbox consumer of the cluster needs besides its own work: one process at a time
 * holds a Redis lease to run it (renewed while it lives, handed over when it stops or dies),
 * and runs one pass at a time — a kick during a pass runs another right after it, so a commit
 * never waits for the next poll and two passes never overlap.
 */
export class LeasedConsumer {
  private readonly owner = randomUUID();
  private leader = false;
  private running = false;
  private again = false;
  private stopped = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly redis: RedisService,
    private readonly name: string,
    private readonly logger: Logger,
    private readonly hooks: {
      /** Called when this process takes the lease: load the cursor. */
      acquired(): Promise<void>;
      pass(): Promise<void>;
    },
  ) {}

  private get key(): string {
    return this.redis.key(this.name, 'lease');
  }

  get isLeader(): boolean {
    return this.leader;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Takes or renews the lease now and every few seconds; passes run every `pollMs` besides kicks. */
  async start(pollMs: number): Promise<void> {
    await this.renew();
    this.timers.push(setInterval(() => void this.renew(), LEASE_MS / 3));
    this.timers.push(setInterval(() => this.kick(), pollMs));
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    try {
      const got = await this.redis.client.set(this.key, this.owner, 'PX', LEASE_MS, 'NX');
      if (got === 'OK') {
        await this.hooks.acquired();
        this.leader = true;
        this.kick();
      } else if (this.leader) {
        if (await this.holds()) await this.redis.client.pexpire(this.key, LEASE_MS);
        else this.leader = false;
      }
    } catch (e) {
      this.leader = false;
      this.logger.warn(`${this.name} lease: ${(e as Error).message}`);
    }
  }

  /** Whether this process still holds the lease (another may have taken it after a stall). */
  async holds(): Promise<boolean> {
    return (await this.redis.client.get(this.key)) === this.owner;
  }

  /** Gives the lease up from within a pass that found it taken. */
  yieldLease(): void {
    this.leader = false;
  }

  /** Another pass now, or right after the current one. */
  kick(): void {
    if (!this.leader || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.hooks
      .pass()
      .catch((e: Error) => this.logger.warn(`${this.name}: ${e.message}`))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.kick());
        }
      });
  }

  /** Runs another pass after this one (a full page read: more may be waiting). */
  more(): void {
    this.again = true;
  }

  /** Waits for the pass in hand, then gives the lease up so another process takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    if (this.leader && (await this.holds().catch(() => false)))
      await this.redis.client.del(this.key).catch(() => undefined);
  }
}
