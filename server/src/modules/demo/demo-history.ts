import { Inject, Injectable, Logger } from '@nestjs/common';
import { monthOf, periodBounds, type PublicationKind } from '@jifen/shared';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { IngestService } from '../ingest/ingest.service';
import { periodDue, previousPeriod } from '../publication/domain/periods';
import { Publisher } from '../publication/publisher';
import { EventSimulator } from './event-simulator';

/** Months of history a fresh demo bureau starts with, each already aired. */
const HISTORY_MONTHS = 4;
/** Stories begun per month: enough for every unit to rank, few enough to seed in seconds. */
const STORIES_PER_MONTH = 160;
const BATCH = 1000;

/**
 * The demo bureau's past: a few months of finished stories, sent as a backfill (no late
 * entry raised for them), then aired month by month as the schedules would have done, with
 * the quarterly notice of a quarter that ended in them and yesterday's daily notice, so
 * /publications holds aired months and files from the first start.
 */
@Injectable()
export class DemoHistory {
  private readonly logger = new Logger('demo');

  constructor(
    private readonly simulator: EventSimulator,
    private readonly ingest: IngestService,
    private readonly publisher: Publisher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seed(): Promise<void> {
    const now = this.clock.now();
    const began = Date.now();
    const tz = this.config.timeZone;
    const months = [previousPeriod('monthly', monthOf(now, tz))];
    while (months.length < HISTORY_MONTHS) months.unshift(previousPeriod('monthly', months[0]));
    const events = months.flatMap((m) => this.monthOfStories(m, now));
    let accepted = 0;
    for (let i = 0; i < events.length; i += BATCH)
      accepted += (await this.ingest.ingest({ events: events.slice(i, i + BATCH), backfill: true })).accepted;
    for (const m of months) {
      await this.publish('monthly', m);
      const [y, mm] = m.split('-').map(Number);
      if (mm % 3 === 0) await this.publish('quarterly', `${y}-Q${mm / 3}`);
    }
    await this.publish('daily', periodDue('daily', now, tz));
    this.logger.log(
      `demo history: ${accepted} events over ${months.join(', ')}, aired in ${Date.now() - began} ms`,
    );
  }

  private async publish(kind: PublicationKind, period: string): Promise<void> {
    await this.publisher.publish(kind, period);
  }

  /** Stories begun in the month, every step in the past: what the source system reported then. */
  private monthOfStories(month: string, now: number) {
    const { from, to } = periodBounds(month, this.config.timeZone);
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < STORIES_PER_MONTH; i++) {
      // Spread over the month; a story begun late in it may finish in the next one.
      const start = from + Math.floor(((i + 0.5) / STORIES_PER_MONTH) * (to - from) * 0.9);
      const story = this.simulator.newStory(start);
      let at = start;
      story.steps.forEach((step, n) => {
        at += step.after;
        if (at < now)
          out.push({
            eventId: `hist-${story.id}-${n}`,
            type: step.type,
            occurredAt: new Date(at).toISOString(),
            unitCode: story.unitCode,
            subject: { kind: story.kind, ref: story.id },
            officers: story.officers,
            data: step.data ?? {},
          });
      });
    }
    return out;
  }
}
