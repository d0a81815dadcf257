import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DomainError } from '../../core/errors/domain-error';
import { RedisService } from '../../core/redis/redis.service';

/** An address may fail this many times more than one username: behind a proxy, many people share it. */
export const ADDRESS_FACTOR = 10;

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/**
 * Counts failed logins per username (whatever its case, known or not, so a lock-out says
 * nothing about who exists) and per client address, in Redis so every API node counts the
 * same. A username that failed JIFEN_LOGIN_MAX_FAILURES times, or an address ten times that,
 * is refused for JIFEN_LOGIN_LOCKOUT_SECONDS from its last counted failure.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(username: string, address: string): [string, string] {
    return [
      this.redis.key('login-fail', 'user', digest(username.toLowerCase())),
      this.redis.key('login-fail', 'addr', digest(address)),
    ];
  }

  /** Throws 429 while the username or the address is locked out. */
  async check(username: string, address: string): Promise<void> {
    const [user, addr] = this.keys(username, address);
    const { maxFailures } = this.config.login;
    const [[, u], [, a]] = (await this.redis.client.multi().get(user).get(addr).exec()) as [
      [null, string | null],
      [null, string | null],
    ];
    const locked =
      Number(u ?? 0) >= maxFailures ? user : Number(a ?? 0) >= maxFailures * ADDRESS_FACTOR ? addr : null;
    if (!locked) return;
    const ttl = Math.max(1, await this.redis.client.ttl(locked));
    throw new DomainError(
      429,
      'AUTH.LOCKED_OUT',
      `too many failed logins: try again in ${ttl} seconds`,
      `登录失败次数过多，请 ${Math.ceil(ttl / 60)} 分钟后再试`,
      { retryAfterSeconds: ttl },
    );
  }

  /** Counts a failure; true when it is the one that locks the username or the address out. */
  async failed(username: string, address: string): Promise<boolean> {
    const [user, addr] = this.keys(username, address);
    const { maxFailures, lockoutSeconds } = this.config.login;
    const [[, u], , [, a]] = (await this.redis.client
      .multi()
      .incr(user)
      .expire(user, lockoutSeconds)
      .incr(addr)
      .expire(addr, lockoutSeconds)
      .exec()) as [[null, number], unknown, [null, number], unknown];
    return u === maxFailures || a === maxFailures * ADDRESS_FACTOR;
  }

  /** A successful login clears its username's count (not the address's: others may share it). */
  async succeeded(username: string): Promise<void> {
    await this.redis.client.del(this.keys(username, '')[0]);
  }
}
