import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueues } from '../queue/job-queues';
import { QUEUES } from '../queue/jobs';
import { LiveServer } from '../realtime/live.server';
import { LIVE_RELAY, OutboxReader } from '../realtime/outbox.reader';
import { Metrics, QUEUE_STATES, type QueueCounts } from './metrics';

/**
 * Points the scrape-time gauges at what they describe: BullMQ's counts per queue, this
 * node's Socket.IO namespace, and how far the live relay is behind the committed outbox.
 */
@Injectable()
export class MetricsSources implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly jobs: JobQueues,
    private readonly live: LiveServer,
    private readonly outbox: OutboxReader,
  ) {}

  onModuleInit(): void {
    this.metrics.watchQueues(async () => {
      const counts: QueueCounts = {};
      for (const queue of QUEUES) counts[queue] = await this.jobs.queue(queue).getJobCounts(...QUEUE_STATES);
      return counts;
    });
    this.metrics.watchLiveSockets(() => this.live.namespace?.sockets.size ?? 0);
    this.metrics.watchOutboxConsumer(
      LIVE_RELAY,
      async () => (await this.outbox.maxSeq()) - (await this.outbox.publishedSeq()),
    );
  }
}
