import { Inject, Injectable } from '@nestjs/common';
import {
  ingestBatchSchema,
  validateEvent,
  type CaseEvent,
  type FieldError,
  type IngestAnswer,
  type RejectedEvent,
} from '@jifen/shared';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { bulkInsert } from '../../core/database/bulk-writer';
import { invalidBody } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { subjectIdOf } from '../judgement/domain/recorded-event';
import { JudgementService } from '../judgement/judgement.service';
import { OrgService } from '../org/org.service';
import { SubjectEntity } from '../cases/subject.entity';
import { EventEntity } from './event.entity';
import { claimNewEventIds } from './event-ids';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * POST /api/events: validate each event, drop duplicates, store the new ones and judge every
 * subject they touch from its whole history — events, obligations, problems, ledger rows and
 * outbox rows commit together. A 2xx means all of it is durable.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly judgement: JudgementService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async ingest(
    body: unknown,
    principal: Pick<Principal, 'unitCode'> = { unitCode: null },
  ): Promise<IngestAnswer> {
    const batch = ingestBatchSchema(this.config.events.maxPerBatch).safeParse(body);
    if (!batch.success) throw invalidBody(batch.error, 'batch');
    const rejected: RejectedEvent[] = [];
    const valid: CaseEvent[] = [];
    const inBatch = new Set<string>();
    const now = this.clock.now();
    let duplicates = 0;
    batch.data.events.forEach((raw, index) => {
      const rawId = (raw as { eventId?: unknown } | null)?.eventId;
      const eventId = typeof rawId === 'string' ? rawId : null;
      const v = validateEvent(raw);
      if (!v.ok) return rejected.push({ index, eventId, errors: v.errors });
      const wrong = [
        ...this.outsideWindow(v.event, now),
        ...this.unknownReferences(v.event, principal.unitCode),
      ];
      if (wrong.length) return rejected.push({ index, eventId, errors: wrong });
      if (inBatch.has(v.event.eventId)) return duplicates++;
      inBatch.add(v.event.eventId);
      valid.push(v.event);
    });
    if (!valid.length) return { accepted: 0, duplicates, rejected };
    const { fresh } = await this.uow.run((m) => this.commit(m, valid, batch.data.backfill));
    return { accepted: fresh, duplicates: duplicates + valid.length - fresh, rejected };
  }

  /** An instant outside the sane window would be judged into a nonsense period. */
  private outsideWindow(e: CaseEvent, now: number): FieldError[] {
    const at = Date.parse(e.occurredAt);
    const { maxAgeDays, maxAheadMinutes } = this.config.events;
    if (at > now + maxAheadMinutes * MINUTE)
      return [
        { field: 'occurredAt', message: `occurredAt is more than ${maxAheadMinutes} minutes in the future` },
      ];
    if (at < now - maxAgeDays * DAY)
      return [{ field: 'occurredAt', message: `occurredAt is more than ${maxAgeDays} days in the past` }];
    return [];
  }

  /** Unknown units or officers are rejected, never invented; a unit-scoped token posts only for its units. */
  private unknownReferences(e: CaseEvent, scope: string | null): FieldError[] {
    const d = this.org.directory;
    const errors: FieldError[] = [];
    const hint = (code: string, kind: 'unit' | 'officer') => {
      const other = d.sameButCase(code, kind);
      return other ? ` (codes are case-sensitive: did you mean ${other}?)` : '';
    };
    if (!d.unit(e.unitCode))
      errors.push({
        field: 'unitCode',
        message: `unit ${e.unitCode} is not in the organisation${hint(e.unitCode, 'unit')}`,
      });
    else if (scope !== null && !d.isWithin(e.unitCode, scope))
      errors.push({
        field: 'unitCode',
        message: `unit ${e.unitCode} is outside this token's scope ${scope}`,
      });
    e.officers.forEach((o, i) => {
      if (!d.officer(o.badgeNo))
        errors.push({
          field: `officers.${i}.badgeNo`,
          message: `officer ${o.badgeNo} is not in the organisation${hint(o.badgeNo, 'officer')}`,
        });
    });
    return errors;
  }

  private async commit(m: EntityManager, events: CaseEvent[], backfill: boolean): Promise<{ fresh: number }> {
    const now = this.clock.now();
    const claimed = await claimNewEventIds(
      m,
      events.map((e) => e.eventId),
    );
    const fresh = events.filter((e) => claimed.has(e.eventId));
    if (!fresh.length) return { fresh: 0 };
    await bulkInsert(
      m,
      EventEntity,
      fresh.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        occurredAt: Date.parse(e.occurredAt),
        occurredAtText: e.occurredAt,
        receivedAt: now,
        unitCode: e.unitCode,
        subjectId: subjectIdOf(e),
        subjectKind: e.subject.kind,
        subjectRef: e.subject.ref,
        officers: e.officers,
        data: e.data,
        backfill,
      })),
    );
    const subjects = new Map<string, SubjectEntity>();
    for (const e of fresh) {
      const id = subjectIdOf(e);
      const at = Date.parse(e.occurredAt);
      const firstAt = Math.min(at, subjects.get(id)?.firstAt ?? at);
      subjects.set(id, {
        id,
        kind: e.subject.kind,
        ref: e.subject.ref,
        unitCode: e.unitCode,
        updatedAt: now,
        firstAt,
      });
    }
    await this.judgement.registerSubjects(m, [...subjects.values()]);
    await this.judgement.judge(m, [...subjects.keys()], { now });
    return { fresh: fresh.length };
  }
}
