import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';

/**
 * The Redis connections of one process. Keys are prefixed by hand (`key()`) rather than
 * with ioredis' keyPrefix, because BullMQ and pub/sub channels ignore or forbid it and one
 * rule for all is easier to audit.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  private readonly extra: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.client = this.connect('cmd');
  }

  key(...parts: (string | number)[]): string {
    return [this.config.redisPrefix, ...parts].join(':');
  }

  get prefix(): string {
    return this.config.redisPrefix;
  }

  /** A separate connection (subscribers, blocking clients), closed with the service. */
  connect(name: string, options: { maxRetriesPerRequest?: number | null } = {}): Redis {
    const r = new Redis(this.config.redisUrl, {
      connectionName: `jifen-${name}`,
      maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
      enableReadyCheck: true,
    });
    r.on('error', () => undefined); // reconnects by itself; health reports the state
    this.extra.push(r);
    return r;
  }

  /** After every module has stopped using Redis (workers, relay, adapter), close the connections. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.extra.map((r) => r.quit().catch(() => r.disconnect())));
  }
}
