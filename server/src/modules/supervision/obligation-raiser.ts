import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { LedgerDraft } from '../scoring/domain/ledger-draft';
import { stageAt } from './domain/obligation-tracker';
import type { ProblemDraft } from './domain/problem-detector';
import { ProblemService, type Booking } from './problem.service';
import { ObligationEntity, ProblemEntity } from './supervision.entities';

/**
 * One problem per obligation: raised as a warning at 75 %, the same problem turns into
 * the violation at the due time; a late fulfilment is still a violation; a fulfilment in
 * time closes the warning.
 */
@Injectable()
export class ObligationRaiser {
  constructor(private readonly problems: ProblemService) {}

  private draft(o: ObligationEntity, b: Booking): ProblemDraft {
    const rule = b.catalogue.obligations.find((r) => r.id === o.ruleId);
    const who = o.personRef ? ` ${o.personRef}` : o.itemRef ? ` ${o.itemRef}` : '';
    return {
      ruleId: o.ruleId,
      severity: rule?.severity ?? 'warning',
      points: rule?.points ?? 0,
      title: { zh: rule?.title.zh ?? o.ruleId, en: rule?.title.en ?? o.ruleId },
      detail: {
        zh: `期限 ${new Date(o.dueAt).toISOString()}${who}`,
        en: `due ${new Date(o.dueAt).toISOString()}${who}`,
      },
      subjectKind: o.subjectKind,
      subjectRef: o.subjectRef,
      unitCode: o.unitCode,
      badgeNos: o.badgeNos,
      eventId: o.openedByEventId,
      detectedAt: b.now,
    };
  }

  /** Raises whatever stage is due now and not raised yet. */
  async raiseDue(m: EntityManager, o: ObligationEntity, b: Booking): Promise<LedgerDraft[]> {
    const due = stageAt(o, b.now);
    if (due === 'none' || due === o.stage || o.stage === 'violation') return [];
    return this.raiseStage(m, o, due, b);
  }

  private async raiseStage(
    m: EntityManager,
    o: ObligationEntity,
    stage: 'warning' | 'violation',
    b: Booking,
  ): Promise<LedgerDraft[]> {
    const draft = this.draft(o, b);
    let ledger: LedgerDraft[];
    if (stage === 'violation' && o.problemId) {
      const p = await m.findOneByOrFail(ProblemEntity, { id: o.problemId });
      ledger = await this.problems.violate(m, p, draft.severity, draft.points, b, draft.detail.zh);
    } else {
      const raised = await this.problems.raise(m, draft, { stage, obligationId: o.id, dueAt: o.dueAt }, b);
      o.problemId = raised.problem.id;
      ledger = raised.ledger;
    }
    o.stage = stage;
    await m.update(ObligationEntity, { id: o.id }, { stage, problemId: o.problemId });
    return ledger;
  }

  async onFulfilled(
    m: EntityManager,
    o: ObligationEntity,
    late: boolean,
    b: Booking,
  ): Promise<LedgerDraft[]> {
    if (late) return o.stage === 'violation' ? [] : this.raiseStage(m, o, 'violation', b);
    if (o.stage === 'warning' && o.problemId) {
      // 临期预警 answered in time: nothing left to rectify.
      const p = await m.findOneByOrFail(ProblemEntity, { id: o.problemId });
      if (p.status !== 'closed' && p.status !== 'dismissed') {
        const from = p.status;
        p.status = 'closed';
        p.closedAt = b.now;
        p.escalateAt = null;
        p.version++;
        await m.save(ProblemEntity, p);
        await this.problems.record(m, p, 'fulfilled', 'system', from, null, b.now);
      }
    }
    return [];
  }
}
