import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  IngestBatchSchema,
  monthOf,
  validateEvent,
  type CaseEvent,
  type IngestAnswer,
  type RejectedEvent,
} from '@jifen/shared';
import { EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { inChunks, insertRows } from '../../core/database/insert-rows';
import { invalidBody } from '../../core/errors/domain-error';
import type { SubjectFacts } from '../cases/domain/subject-facts';
import { SubjectEntity } from '../cases/subject.entity';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { CapTracker } from '../scoring/domain/cap-tracker';
import { scoreBatch, subjectKey } from '../scoring/domain/score-batch';
import { LedgerService } from '../scoring/ledger.service';
import { EventEntity } from './event.entity';
import { INGEST_STAGES, type IngestStage } from './ingest-stage';

/**
 * POST /api/events: validate each event, drop duplicates, and commit events, subject state,
 * ledger rows, supervision state and outbox rows in one transaction. A 2xx means durable.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly catalogue: CatalogueService,
    private readonly ledger: LedgerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(INGEST_STAGES) private readonly stages: IngestStage[] = [],
  ) {}

  async ingest(body: unknown): Promise<IngestAnswer> {
    const batch = IngestBatchSchema.safeParse(body);
    if (!batch.success) throw invalidBody(batch.error, 'batch');
    const rejected: RejectedEvent[] = [];
    const valid: CaseEvent[] = [];
    const inBatch = new Set<string>();
    let duplicates = 0;
    batch.data.events.forEach((raw, index) => {
      const rawId = (raw as { eventId?: unknown } | null)?.eventId;
      const eventId = typeof rawId === 'string' ? rawId : null;
      const v = validateEvent(raw);
      if (!v.ok) return rejected.push({ index, eventId, errors: v.errors });
      const unknown = this.unknownReferences(v.event);
      if (unknown.length) return rejected.push({ index, eventId, errors: unknown });
      if (inBatch.has(v.event.eventId)) return duplicates++;
      inBatch.add(v.event.eventId);
      valid.push(v.event);
    });
    if (!valid.length) return { accepted: 0, duplicates, rejected };
    const { fresh } = await this.uow.run((m) => this.commit(m, valid));
    return { accepted: fresh, duplicates: duplicates + valid.length - fresh, rejected };
  }

  /** Unknown units or officers are rejected, never invented. */
  private unknownReferences(e: CaseEvent) {
    const d = this.org.directory;
    const errors: { field: string; message: string }[] = [];
    if (!d.unit(e.unitCode))
      errors.push({ field: 'unitCode', message: `unit ${e.unitCode} is not in the organisation` });
    e.officers.forEach((o, i) => {
      if (!d.officer(o.badgeNo))
        errors.push({
          field: `officers.${i}.badgeNo`,
          message: `officer ${o.badgeNo} is not in the organisation`,
        });
    });
    return errors;
  }

  private async commit(m: EntityManager, events: CaseEvent[]): Promise<{ fresh: number }> {
    const now = this.clock.now();
    const found = await inChunks(
      events.map((e) => e.eventId),
      500,
      (ids) => m.find(EventEntity, { select: { eventId: true }, where: { eventId: In(ids) } }),
    );
    const existing = new Set(found.map((r) => r.eventId));
    const fresh = events.filter((e) => !existing.has(e.eventId));
    if (!fresh.length) return { fresh: 0 };

    const { version, catalogue } = await this.catalogue.refresh();
    const facts = await this.loadFacts(m, fresh);
    const months = [...new Set(fresh.map((e) => monthOf(e.occurredAt, this.config.timeZone)))];
    const openMonth = monthOf(now, this.config.timeZone);
    const capped = catalogue.scoring.filter((r) => r.monthlyCap !== null).map((r) => r.id);
    const badges = [...new Set(fresh.flatMap((e) => e.officers.map((o) => o.badgeNo)))];
    const closedMonths = await this.ledger.closedMonths(m);
    const caps = new CapTracker(await this.ledger.capUsage(m, capped, badges, [...months, openMonth]));
    const steps = scoreBatch(fresh, facts, {
      catalogue,
      catalogueVersion: version,
      timeZone: this.config.timeZone,
      unitOf: (b) => this.org.directory.officer(b)?.unitCode,
      caps,
      closedMonths,
      openMonth,
    });

    await insertRows(
      m,
      EventEntity,
      fresh.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        occurredAt: Date.parse(e.occurredAt),
        occurredAtText: e.occurredAt,
        receivedAt: now,
        unitCode: e.unitCode,
        subjectKind: e.subject.kind,
        subjectRef: e.subject.ref,
        officers: e.officers,
        data: e.data,
      })),
    );
    const touched = new Map<string, SubjectFacts>();
    for (const s of steps) touched.set(subjectKey(s.event), s.factsAfter);
    await m.save(
      SubjectEntity,
      [...touched].map(([id, f]) => ({
        id,
        kind: f.kind,
        ref: f.ref,
        unitCode: f.unitCode,
        facts: f,
        updatedAt: now,
      })),
      { chunk: 200 },
    );
    const ctx = { now, catalogue, catalogueVersion: version, closedMonths, openMonth };
    const extra = [];
    for (const stage of this.stages) extra.push(...(await stage.onEvents(m, steps, ctx)));
    await this.ledger.book(m, [...steps.flatMap((s) => s.rows), ...extra], now);
    return { fresh: fresh.length };
  }

  private async loadFacts(m: EntityManager, events: CaseEvent[]): Promise<Map<string, SubjectFacts>> {
    const rows = await inChunks([...new Set(events.map(subjectKey))], 500, (ids) =>
      m.findBy(SubjectEntity, { id: In(ids) }),
    );
    return new Map(rows.map((s) => [s.id, s.facts]));
  }
}
