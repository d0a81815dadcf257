import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { HealthAnswer } from '@jifen/shared';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Public } from '../http/access';
import { JobQueues } from '../queue/job-queues';
import { OutboxReader } from '../realtime/outbox.reader';
import { RedisService } from '../redis/redis.service';

/** Readiness of what Jifen stands on; 503 when the database or Redis does not answer. */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly jobs: JobQueues,
    private readonly outbox: OutboxReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('health')
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthAnswer> {
    const database = await probe(() => this.dataSource.query('SELECT 1'));
    const redis = await probe(() => this.redis.client.ping());
    let queues: HealthAnswer['queues'] = { ok: false };
    if (redis.ok) {
      const q = await probe(() => this.jobs.counts());
      queues = q.ok ? { ok: true, ...q.value } : { ok: false, error: q.error };
    }
    const lastSeq = database.ok ? await this.outbox.maxSeq() : -1;
    const publishedSeq = redis.ok ? await this.outbox.publishedSeq().catch(() => -1) : -1;
    const ok = database.ok && redis.ok && queues.ok;
    res.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      database: {
        ok: database.ok,
        driver: this.config.database.driver,
        ...(database.error ? { error: database.error } : {}),
      },
      redis: { ok: redis.ok, ...(redis.error ? { error: redis.error } : {}) },
      queues,
      outbox: { lastSeq, publishedSeq },
      version: process.env.npm_package_version ?? '0.1.0',
    };
  }
}

async function probe<T>(f: () => Promise<T>): Promise<{ ok: boolean; value?: T; error?: string }> {
  try {
    const value = await Promise.race([
      f(),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timed out after 2 s')), 2000)),
    ]);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
