import { Inject, Injectable } from '@nestjs/common';
import {
  monthOf,
  toTenths,
  type Alert,
  type AlertAction,
  type AlertStatus,
  type RuleCatalogue,
} from '@jifen/shared';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OutboxWriter } from '../../core/outbox/outbox.writer';
import { LIVE_KINDS } from '../../core/realtime/live-messages';
import { OrgService } from '../org/org.service';
import { deductionRows, reversalRows } from '../scoring/domain/corrections';
import type { LedgerDraft } from '../scoring/domain/ledger-draft';
import { draftOf, LedgerService } from '../scoring/ledger.service';
import { LedgerEntryEntity } from '../scoring/scoring.entities';
import type { ProblemDraft } from './domain/problem-detector';
import { escalationDueAt } from './domain/problem-lifecycle';
import { toAlert } from './problem-views';
import { ProblemEntity, ProblemHistoryEntity } from './supervision.entities';

export interface Booking {
  now: number;
  catalogue: RuleCatalogue;
  catalogueVersion: number;
  closedMonths: ReadonlySet<string>;
}

/**
 * Stores problems and everything that must commit with them: history, deductions (as
 * ledger drafts for the caller to book) and the live message. Runs inside the caller's
 * transaction.
 */
@Injectable()
export class ProblemService {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly org: OrgService,
    private readonly ledger: LedgerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private officersOf(p: ProblemEntity) {
    return p.badgeNos.flatMap((b) => {
      const o = this.org.directory.officer(b);
      return o ? [{ badgeNo: b, unitCode: o.unitCode }] : [];
    });
  }

  private booking(b: Booking) {
    return {
      timeZone: this.config.timeZone,
      closedMonths: b.closedMonths,
      openMonth: monthOf(b.now, this.config.timeZone),
      catalogueVersion: b.catalogueVersion,
    };
  }

  /** 违规扣分: deadline violations cost efficiency points, other problems quality points. */
  deductions(p: ProblemEntity, b: Booking): LedgerDraft[] {
    if (p.stage === 'warning' || p.points === 0) return [];
    return deductionRows(
      {
        id: p.id,
        ruleId: p.ruleId,
        stage: p.stage,
        points: p.points,
        dimension: p.obligationId ? 'efficiency' : 'quality',
        title: `${p.titleZh} · ${p.subjectRef}`,
        detectedAt: b.now,
      },
      this.officersOf(p),
      this.booking(b),
    );
  }

  async raise(
    m: EntityManager,
    draft: ProblemDraft,
    extra: { stage: 'warning' | 'violation' | 'event'; obligationId?: string; dueAt?: number },
    b: Booking,
  ): Promise<{ problem: ProblemEntity; ledger: LedgerDraft[] }> {
    const p: ProblemEntity = {
      id: randomUUID(),
      ruleId: draft.ruleId,
      obligationId: extra.obligationId ?? null,
      stage: extra.stage,
      severity: extra.stage === 'warning' ? 'warning' : draft.severity,
      status: 'open',
      unitCode: draft.unitCode,
      unitPath: this.org.directory.pathOf(draft.unitCode),
      escalatedTo: null,
      badgeNos: draft.badgeNos,
      subjectKind: draft.subjectKind,
      subjectRef: draft.subjectRef,
      titleZh:
        (extra.stage === 'warning' ? '临期预警：' : extra.stage === 'violation' ? '超期：' : '') +
        draft.title.zh,
      titleEn:
        (extra.stage === 'warning' ? 'Due soon: ' : extra.stage === 'violation' ? 'Overdue: ' : '') +
        draft.title.en,
      eventId: draft.eventId,
      detectedAt: b.now,
      dueAt: extra.dueAt ?? null,
      ackBy: null,
      ackAt: null,
      assignee: null,
      rectifyDueAt: null,
      rectifyOverdue: false,
      rectifiedAt: null,
      closedAt: null,
      escalateAt: null,
      points: extra.stage === 'warning' ? 0 : toTenths(draft.points),
      version: 1,
    };
    p.escalateAt = escalationDueAt(p.severity, b.now, b.catalogue.supervision);
    await m.insert(ProblemEntity, p);
    const h = await this.history(
      m,
      p,
      'raised',
      'system',
      null,
      draft.detail.zh === draft.detail.en ? draft.detail.zh : `${draft.detail.zh} / ${draft.detail.en}`,
      b.now,
    );
    await this.announce(m, p, [h], true);
    return { problem: p, ledger: this.deductions(p, b) };
  }

  /** A warning turns into the violation at the due time: the same problem, now with points. */
  async violate(
    m: EntityManager,
    p: ProblemEntity,
    severity: ProblemEntity['severity'],
    points: number,
    b: Booking,
    note: string | null,
  ): Promise<LedgerDraft[]> {
    const from = p.status;
    p.stage = 'violation';
    p.severity = severity;
    p.points = toTenths(points);
    p.titleZh = p.titleZh.replace(/^临期预警：/, '超期：');
    p.titleEn = p.titleEn.replace(/^Due soon: /, 'Overdue: ');
    if (p.status === 'closed') {
      p.status = 'open';
      p.closedAt = null;
    }
    p.escalateAt = p.status === 'open' ? escalationDueAt(severity, b.now, b.catalogue.supervision) : null;
    p.version++;
    await m.save(ProblemEntity, p);
    await this.record(m, p, 'violated', 'system', from, note, b.now);
    return this.deductions(p, b);
  }

  /** Compensating rows for everything a problem booked that is not yet reversed. */
  async reversal(m: EntityManager, p: ProblemEntity, cause: string, b: Booking): Promise<LedgerDraft[]> {
    const rows = await m.find(LedgerEntryEntity, { where: { sourceRef: p.id, source: 'problem' } });
    const reversed = new Set(
      (
        await m.find(LedgerEntryEntity, {
          select: { sourceKey: true },
          where: { sourceRef: p.id, source: 'reversal' },
        })
      ).map((r) => r.sourceKey),
    );
    const open = rows.filter((r) => !reversed.has(`reversal:${r.sourceKey}`));
    return reversalRows(open.map(draftOf), cause, b.now, this.booking(b));
  }

  async book(m: EntityManager, rows: LedgerDraft[], now: number): Promise<void> {
    await this.ledger.book(m, rows, now);
  }

  private async history(
    m: EntityManager,
    p: ProblemEntity,
    action: AlertAction,
    by: string,
    from: AlertStatus | null,
    note: string | null,
    at: number,
  ): Promise<ProblemHistoryEntity> {
    const h = {
      problemId: p.id,
      at,
      action,
      by,
      fromStatus: from,
      toStatus: p.status,
      note,
    } as ProblemHistoryEntity;
    await m.insert(ProblemHistoryEntity, h);
    return h;
  }

  /** A step in a problem's history and its live message, together: every recorded change is announced. */
  async record(
    m: EntityManager,
    p: ProblemEntity,
    action: AlertAction,
    by: string,
    from: AlertStatus | null,
    note: string | null,
    at: number,
  ): Promise<Alert> {
    await this.history(m, p, action, by, from, note, at);
    return this.announce(m, p, await this.historyOf(m, p.id), false);
  }

  historyOf(m: EntityManager, id: string): Promise<ProblemHistoryEntity[]> {
    return m.find(ProblemHistoryEntity, { where: { problemId: id }, order: { id: 'ASC' } });
  }

  /** The live message, in the same transaction: no committed change is missing from a wall. */
  async announce(
    m: EntityManager,
    p: ProblemEntity,
    history: ProblemHistoryEntity[],
    raised: boolean,
  ): Promise<Alert> {
    const alert = toAlert(p, history);
    // Rooms of every unit above the problem's own receive it, so an escalated problem reaches the parent's supervisors.
    await this.outbox.append(m, [
      {
        kind: raised ? LIVE_KINDS.alertRaised : LIVE_KINDS.alertUpdated,
        unitPath: p.unitPath,
        payload: { alert },
      },
    ]);
    return alert;
  }
}
