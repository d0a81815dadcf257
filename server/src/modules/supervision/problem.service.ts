import { Injectable } from '@nestjs/common';
import type { Alert } from '@jifen/shared';
import { EntityManager, In } from 'typeorm';
import { bulkInsert } from '../../core/database/bulk-writer';
import { inChunks } from '../../core/database/insert-rows';
import { OutboxWriter } from '../../core/outbox/outbox.writer';
import {
  LIVE_KINDS,
  type AlertChangeFacts,
  type AlertOutboxPayload,
} from '../../core/realtime/live-messages';
import { OrgService } from '../org/org.service';
import type { HistoryDraft, ProblemRecord } from './domain/problem-record';
import type { ProblemUpdate } from './domain/problem-settlement';
import { toAlert } from './problem-views';
import { ProblemEntity, ProblemHistoryEntity } from './supervision.entities';

/**
 * Stores problems with their history and their live message, in the caller's transaction:
 * every recorded change of a problem is announced, so no wall misses one.
 */
@Injectable()
export class ProblemService {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly org: OrgService,
  ) {}

  readonly nameOf = (badgeNo: string): string => this.org.directory.officer(badgeNo)?.name ?? badgeNo;

  entityOf(r: ProblemRecord): ProblemEntity {
    return {
      ...r,
      subjectId: `${r.subjectKind}:${r.subjectRef}`,
      unitPath: this.org.directory.pathOf(r.unitCode),
    };
  }

  /** What a settlement decided: records written whole, history appended, each change announced. */
  async persist(m: EntityManager, updates: ProblemUpdate[]): Promise<void> {
    if (!updates.length) return;
    const rows = updates.map((u) => this.entityOf(u.record));
    await bulkInsert(m, ProblemEntity, rows, { upsertOn: ['id'] });
    await this.appendHistory(
      m,
      updates.flatMap((u) => u.history.map((h) => ({ ...h, problemId: u.record.id }))),
    );
    await this.announce(
      m,
      rows.map((record, i) => ({ record, raised: updates[i].raised, facts: {} })),
      updates.map((u) => u.history.map((h) => h.action)),
    );
  }

  /**
   * One life-cycle step by a person: the stored record is already updated by the caller.
   * `facts` are what the step knows besides the record (the appeal decided), for the outbox's
   * other readers such as the notification dispatcher.
   */
  async recordStep(
    m: EntityManager,
    p: ProblemEntity,
    step: HistoryDraft,
    facts: AlertChangeFacts = {},
  ): Promise<Alert> {
    await this.appendHistory(m, [{ ...step, problemId: p.id }]);
    const [alert] = await this.announce(m, [{ record: p, raised: false, facts }], [[step.action]]);
    return alert;
  }

  private async appendHistory(
    m: EntityManager,
    lines: (HistoryDraft & { problemId: string })[],
  ): Promise<void> {
    if (lines.length) await bulkInsert(m, ProblemHistoryEntity, lines as ProblemHistoryEntity[]);
  }

  historyOf(m: EntityManager, ids: string[]): Promise<ProblemHistoryEntity[]> {
    return inChunks(ids, 500, (slice) =>
      m.find(ProblemHistoryEntity, { where: { problemId: In(slice) }, order: { id: 'ASC' } }),
    );
  }

  /** Alerts as the wire shows them, with their whole history. */
  async alerts(m: EntityManager, rows: ProblemEntity[]): Promise<Alert[]> {
    if (!rows.length) return [];
    const byProblem = new Map<string, ProblemHistoryEntity[]>();
    for (const h of await this.historyOf(
      m,
      rows.map((r) => r.id),
    )) {
      const list = byProblem.get(h.problemId) ?? [];
      list.push(h);
      byProblem.set(h.problemId, list);
    }
    return rows.map((r) => toAlert(r, byProblem.get(r.id) ?? [], this.nameOf));
  }

  /** The live messages, in the same transaction: rooms of every unit above the problem's own receive them. */
  private async announce(
    m: EntityManager,
    items: { record: ProblemEntity; raised: boolean; facts: AlertChangeFacts }[],
    steps: HistoryDraft['action'][][],
  ): Promise<Alert[]> {
    const alerts = await this.alerts(
      m,
      items.map((i) => i.record),
    );
    await this.outbox.append(
      m,
      items.map((i, k) => ({
        kind: i.raised ? LIVE_KINDS.alertRaised : LIVE_KINDS.alertUpdated,
        unitPath: i.record.unitPath,
        payload: { alert: alerts[k], steps: steps[k], ...i.facts } satisfies AlertOutboxPayload,
      })),
    );
    return alerts;
  }
}
