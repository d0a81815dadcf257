import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What one ingested batch came to, in the shape of the ingest answer. */
export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: readonly unknown[];
}

/** Jobs per state, per queue, as BullMQ counts them. */
export type QueueCounts = Record<string, Partial<Record<QueueState, number>>>;
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/**
 * The Prometheus registry of one Jifen process and every metric operations watch. A registry
 * per process (not prom-client's global one) because tests run several nodes in one process.
 *
 * Gauges that describe shared state (queue depth, outbox lag) are read at scrape time from
 * sources registered with `watch…`; counters and histograms are fed as things happen.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'jifen_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, with their duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly ingestEvents = new Counter({
    name: 'jifen_ingest_events_total',
    help: 'Events received through POST /api/events, by outcome (accepted, duplicate, rejected)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly ingestBatchDuration = new Histogram({
    name: 'jifen_ingest_batch_duration_seconds',
    help: 'Time to validate, score, check and commit one ingested batch',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly outboxConsumers = new Map<string, () => Promise<number>>();
  private queueSource: (() => Promise<QueueCounts>) | null = null;
  private socketSource: (() => number) | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'jifen_' });
    const consumers = this.outboxConsumers;
    new Gauge({
      name: 'jifen_outbox_lag_rows',
      help: 'Committed outbox rows a consumer has not processed yet',
      labelNames: ['consumer'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [consumer, lag] of consumers) this.set({ consumer }, await lag().catch(() => -1));
      },
    });
    const queues = () => this.queueSource;
    new Gauge({
      name: 'jifen_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed); the same on every node, take max()',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const source = queues();
        if (!source) return;
        for (const [queue, counts] of Object.entries(await source())) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    const sockets = () => this.socketSource;
    new Gauge({
      name: 'jifen_live_sockets',
      help: 'Live (Socket.IO) clients connected to this node: walls, consoles and officers',
      registers: [this.registry],
      collect() {
        this.set(sockets()?.() ?? 0);
      },
    });
  }

  /** The ingest hook: one call per batch, after it committed (or failed: then rejected only). */
  recordIngestBatch(outcome: IngestOutcome, seconds: number): void {
    this.ingestEvents.inc({ outcome: 'accepted' }, outcome.accepted);
    this.ingestEvents.inc({ outcome: 'duplicate' }, outcome.duplicates);
    this.ingestEvents.inc({ outcome: 'rejected' }, outcome.rejected.length);
    this.ingestBatchDuration.observe(seconds);
  }

  /** An outbox consumer reports how many committed rows it has yet to process. */
  watchOutboxConsumer(consumer: string, lag: () => Promise<number>): void {
    this.outboxConsumers.set(consumer, lag);
  }

  watchQueues(counts: () => Promise<QueueCounts>): void {
    this.queueSource = counts;
  }

  watchLiveSockets(count: () => number): void {
    this.socketSource = count;
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
