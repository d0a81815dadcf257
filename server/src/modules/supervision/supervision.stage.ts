import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { inChunks } from '../../core/database/insert-rows';
import type { IngestContext, IngestStage } from '../ingest/ingest-stage';
import type { BatchStep } from '../scoring/domain/score-batch';
import type { LedgerDraft } from '../scoring/domain/ledger-draft';
import { stageAt, trackEvent, type OpenObligation } from './domain/obligation-tracker';
import { detectEventProblems } from './domain/problem-detector';
import { HolidayService } from './holiday.service';
import { ObligationRaiser } from './obligation-raiser';
import { ProblemService, type Booking } from './problem.service';
import { ObligationEntity } from './supervision.entities';
import { randomUUID } from 'node:crypto';

/**
 * Supervision at ingestion, in the batch's transaction: obligations open, are fulfilled or
 * extended; problems an event raises directly are raised; an obligation whose opening
 * event arrives already overdue goes straight to violation.
 */
@Injectable()
export class SupervisionStage implements IngestStage {
  private readonly logger = new Logger('supervision');

  constructor(
    private readonly problems: ProblemService,
    private readonly raiser: ObligationRaiser,
    private readonly holidays: HolidayService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onEvents(m: EntityManager, steps: BatchStep[], ctx: IngestContext): Promise<LedgerDraft[]> {
    const refs = [...new Set(steps.map((s) => s.event.subject.ref))];
    const rows = await inChunks(refs, 500, (slice) =>
      m.find(ObligationEntity, { where: { subjectRef: In(slice), status: 'open' } }),
    );
    const bySubject = new Map<string, ObligationEntity[]>();
    for (const r of rows)
      bySubject.set(`${r.subjectKind}:${r.subjectRef}`, [
        ...(bySubject.get(`${r.subjectKind}:${r.subjectRef}`) ?? []),
        r,
      ]);
    const b: Booking = {
      now: this.clock.now(),
      catalogue: ctx.catalogue,
      catalogueVersion: ctx.catalogueVersion,
      closedMonths: ctx.closedMonths,
    };
    const ledger: LedgerDraft[] = [];
    const opts = { timeZone: this.config.timeZone, holidays: this.holidays.current(), newId: randomUUID };

    for (const step of steps) {
      const key = `${step.event.subject.kind}:${step.event.subject.ref}`;
      const open = bySubject.get(key) ?? [];
      const changes = trackEvent(step.event, step.factsBefore, open as OpenObligation[], ctx.catalogue, opts);
      for (const note of changes.notes) this.logger.warn(note);
      for (const f of changes.fulfilled) {
        const o = f.obligation as ObligationEntity;
        o.status = f.late ? 'late' : 'fulfilled';
        o.fulfilledAt = f.fulfilledAt;
        await m.update(ObligationEntity, { id: o.id }, { status: o.status, fulfilledAt: o.fulfilledAt });
        ledger.push(...(await this.raiser.onFulfilled(m, o, f.late, b)));
        open.splice(open.indexOf(o), 1);
      }
      for (const x of changes.extended) {
        const o = x.obligation as ObligationEntity;
        o.dueAt = x.dueAt;
        o.warnAt = x.warnAt;
        await m.update(
          ObligationEntity,
          { id: o.id },
          { dueAt: o.dueAt, warnAt: o.warnAt, extensions: o.extensions as never },
        );
      }
      for (const n of changes.opened) {
        const o: ObligationEntity = {
          ...n,
          status: 'open',
          stage: 'none',
          fulfilledAt: null,
          problemId: null,
        };
        await m.insert(ObligationEntity, {
          ...o,
          badgeNos: o.badgeNos as never,
          extensions: o.extensions as never,
        });
        open.push(o);
        // Reported late by the source system: the deadline may already have passed.
        if (stageAt(o, b.now) !== 'none') ledger.push(...(await this.raiser.raiseDue(m, o, b)));
      }
      bySubject.set(key, open);
      for (const draft of detectEventProblems(step.event, step.factsBefore, ctx.catalogue)) {
        ledger.push(...(await this.problems.raise(m, draft, { stage: 'event' }, b)).ledger);
      }
    }
    return ledger;
  }
}
