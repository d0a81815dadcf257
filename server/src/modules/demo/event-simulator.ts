import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { EventType, OfficerOnEvent } from '@jifen/shared';
import { Clock } from '../../core/clock/clock';
import { IngestService } from '../ingest/ingest.service';
import { OrgService } from '../org/org.service';
import { seededRandom } from './demo-names';
import { compressed, HOUR, MINUTE as MIN } from './domain/demo-time';

export interface Step {
  type: EventType;
  /** Delay after the previous step, in ms of simulated time. */
  after: number;
  data?: Record<string, unknown>;
  /** Report this step late by this much (the source system was slow): arrives already overdue. */
  backdate?: number;
}

export interface Story {
  id: string;
  kind: 'case' | 'incident' | 'complaint';
  unitCode: string;
  officers: OfficerOnEvent[];
  steps: Step[];
  next: number;
  dueAt: number;
}

/**
 * 示范数据: a steady, realistic flow of the event types. Each story is the life of an
 * incident, a complaint or a case; its steps come out over time, most on time, some late
 * or out of order, so the wall shows scores and problems moving from the first minute.
 */
@Injectable()
export class EventSimulator implements OnModuleDestroy {
  private readonly logger = new Logger('simulator');
  private timer: NodeJS.Timeout | null = null;
  private readonly rand = seededRandom(Date.now() % 2 ** 31);
  private stories: Story[] = [];
  private serial = 0;
  private busy = false;

  constructor(
    private readonly ingest: IngestService,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {}

  start(eventsPerSecond: number): void {
    if (eventsPerSecond <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(eventsPerSecond), 1000);
    this.logger.log(`simulating about ${eventsPerSecond} event(s) a second`);
  }

  private pick<T>(list: T[]): T {
    return list[Math.floor(this.rand() * list.length)];
  }

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  /** A new story starting at `now`: its unit, officers and steps with their delays in real time. */
  newStory(now: number): Story {
    const d = this.org.directory;
    const units = d
      .unitsWithin(null)
      .filter((u) => d.officersWithin(u.code).length >= 2 && u.kind !== 'bureau');
    const unit = this.pick(units);
    const staff = d.officersWithin(unit.code);
    const primary = this.pick(staff);
    const assistant = this.pick(staff.filter((o) => o.badgeNo !== primary.badgeNo));
    const officers: OfficerOnEvent[] = [
      { badgeNo: primary.badgeNo, role: 'primary' },
      ...(this.chance(0.7) ? [{ badgeNo: assistant.badgeNo, role: 'assistant' as const }] : []),
    ];
    const serial = ++this.serial;
    const stamp = `${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}${String(serial).padStart(5, '0')}`;
    const roll = this.rand();
    let kind: Story['kind'];
    let steps: Step[];
    if (roll < 0.45) {
      kind = 'incident';
      steps = [
        { type: 'incident.received', after: 0 },
        { type: 'incident.handled', after: (5 + this.rand() * 40) * MIN },
        ...(this.chance(0.85) ? [{ type: 'av.linked' as const, after: (10 + this.rand() * 150) * MIN }] : []),
      ];
    } else if (roll < 0.65) {
      kind = 'complaint';
      steps = [
        { type: 'complaint.received', after: 0 },
        { type: 'complaint.responded', after: (20 + this.rand() * 200) * MIN },
        { type: 'complaint.resolved', after: (1 + this.rand() * 30) * HOUR },
        { type: 'complaint.rated', after: 2 * HOUR, data: { satisfied: this.chance(0.85) } },
        ...(this.chance(0.04) ? [{ type: 'complaint.substantiated' as const, after: HOUR }] : []),
      ];
    } else if (roll < 0.85) {
      kind = 'case';
      const person = `P-${serial}`;
      steps = [
        {
          type: 'case.accepted',
          after: 0,
          data: { caseKind: 'administrative', category: this.pick(['斗殴', '盗窃', '赌博', '扰乱秩序']) },
        },
        {
          type: 'measure.started',
          after: 30 * MIN,
          data: { measure: 'summons', personRef: person },
          ...(this.chance(0.05) ? { backdate: 9 * HOUR } : {}),
        },
        {
          type: 'measure.ended',
          after: (2 + this.rand() * 5) * HOUR,
          data: { measure: 'summons', personRef: person },
        },
        ...(this.chance(0.2)
          ? [{ type: 'case.review.returned' as const, after: 3 * HOUR }]
          : [{ type: 'case.review.passed' as const, after: 3 * HOUR, data: { firstTime: true } }]),
        { type: 'case.concluded', after: (1 + this.rand() * 20) * HOUR },
      ];
    } else {
      kind = 'case';
      const person = `P-${serial}`;
      const item = `W-${serial}`;
      steps = [
        {
          type: 'case.accepted',
          after: 0,
          data: { caseKind: 'criminal', category: this.pick(['盗窃', '诈骗', '故意伤害', '抢劫']) },
        },
        { type: 'case.filed', after: (2 + this.rand() * 30) * HOUR },
        {
          type: 'measure.started',
          after: 2 * HOUR,
          data: { measure: 'criminal_detention', personRef: person },
        },
        { type: 'detainee.delivered', after: (1 + this.rand() * 10) * HOUR, data: { personRef: person } },
        { type: 'family.notified', after: (1 + this.rand() * 8) * HOUR, data: { personRef: person } },
        { type: 'evidence.seized', after: HOUR, data: { itemRef: item } },
        { type: 'evidence.registered', after: (1 + this.rand() * 10) * HOUR, data: { itemRef: item } },
        { type: 'arrest.requested', after: (10 + this.rand() * 50) * HOUR, data: { personRef: person } },
        { type: 'arrest.approved', after: 24 * HOUR, data: { personRef: person } },
        { type: 'case.review.passed', after: 5 * HOUR, data: { firstTime: this.chance(0.8) } },
        { type: 'case.transferred', after: 48 * HOUR },
      ];
      if (this.chance(0.05)) steps.splice(1, 1); // transferred without a filing: 程序倒置
    }
    const prefix =
      kind === 'case'
        ? steps[0].data?.caseKind === 'criminal'
          ? 'A'
          : 'B'
        : kind === 'incident'
          ? 'J'
          : 'T';
    return {
      id: `${prefix}${unit.code.replace('-', '')}${stamp}`,
      kind,
      unitCode: unit.code,
      officers,
      steps,
      next: 0,
      dueAt: now,
    };
  }

  /**
   * Simulated time runs fast inside a story (hours of case work compress into minutes),
   * while each event carries the real clock time, so nothing is reported from the future.
   */
  private async tick(rate: number): Promise<void> {
    if (this.busy || !this.org.directory.officerCount) return;
    this.busy = true;
    try {
      const now = this.clock.now();
      const want = Math.max(1, Math.round(rate * (0.6 + this.rand() * 0.8)));
      while (this.stories.length < rate * 30) this.stories.push(this.newStory(now));
      const events = [];
      for (let i = 0; i < want; i++) {
        const story = this.pick(this.stories.filter((s) => s.dueAt <= now));
        if (!story) break;
        const step = story.steps[story.next];
        events.push({
          eventId: `sim-${story.id}-${story.next}`,
          type: step.type,
          occurredAt: new Date(now - (step.backdate ?? 0) - Math.floor(this.rand() * 1000)).toISOString(),
          unitCode: story.unitCode,
          subject: { kind: story.kind, ref: story.id },
          officers: story.officers,
          data: step.data ?? {},
        });
        story.next++;
        if (story.next >= story.steps.length) this.stories = this.stories.filter((s) => s !== story);
        else story.dueAt = now + compressed(story.steps[story.next].after);
      }
      if (events.length) {
        const answer = await this.ingest.ingest({ events });
        if (answer.rejected.length)
          this.logger.warn(
            `simulator: ${answer.rejected.length} event(s) rejected: ${JSON.stringify(answer.rejected[0].errors)}`,
          );
      }
    } catch (e) {
      this.logger.warn(`simulator: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
