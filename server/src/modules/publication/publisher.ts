import { Injectable, Logger } from '@nestjs/common';
import type { PublicationKind, PublicationSnapshot, RankedPublication, ReissueNote } from '@jifen/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { OutboxWriter } from '../../core/outbox/outbox.writer';
import { LIVE_KINDS } from '../../core/realtime/live-messages';
import { OrgService } from '../org/org.service';
import { LedgerService } from '../scoring/ledger.service';
import { LedgerEntryEntity } from '../scoring/scoring.entities';
import { AppealEntity } from '../supervision/supervision.entities';
import { monthsOf, rankedPeriodsOf } from './domain/periods';
import { reissueChanges } from './domain/standings';
import { LedgerSnapshot } from './ledger-snapshot';
import { PublicationSettingsService } from './publication-settings.service';
import { PublicationSnapshotEntity } from './publication.entities';
import { SnapshotBuilder } from './snapshot-builder';

export interface Published {
  kind: PublicationKind;
  period: string;
  version: number;
  /** False when the version existed already: someone else published it first. */
  created: boolean;
}

/** The live message of a new version: walls refresh, the notification dispatcher notifies. */
export interface PublicationMessage {
  kind: PublicationKind;
  period: string;
  version: number;
  scope: { unitCode: string | null; unitName: string };
}

/** A unique key already taken: Postgres 23505, SQLite's constraint error. */
const isDuplicate = (e: unknown) => {
  const x = e as { code?: string; driverError?: { code?: string } };
  return [x.code, x.driverError?.code].some((c) => c === '23505' || c === 'SQLITE_CONSTRAINT');
};

/**
 * Publishes snapshots: version 1 of a period once, whoever runs it and however often, and a
 * new version when an upheld appeal or a correction amends a period already aired.
 */
@Injectable()
export class Publisher {
  private readonly logger = new Logger('publication');

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly ledger: LedgerSnapshot,
    private readonly builder: SnapshotBuilder,
    private readonly settings: PublicationSettingsService,
    private readonly ledgerRows: LedgerService,
  ) {}

  latest(kind: PublicationKind, period: string, m: EntityManager = this.dataSource.manager) {
    return m.findOne(PublicationSnapshotEntity, { where: { kind, period }, order: { version: 'DESC' } });
  }

  async publish(kind: PublicationKind, period: string): Promise<Published> {
    const existing = await this.latest(kind, period);
    if (existing) return { kind, period, version: existing.version, created: false };
    const at = this.clock.now();
    if (kind !== 'daily') await this.closeMonths(monthsOf(kind, period), at);
    const snapshot = await this.builder.build({
      kind,
      period,
      version: 1,
      publishedAt: at,
      settings: await this.settings.get(),
      reissue: null,
    });
    return this.store(snapshot);
  }

  /**
   * Closes the months a ranked publication covers: from now on a row for them is a late
   * correction (补记) booked into the open month, so the months' own rows no longer change.
   */
  private async closeMonths(months: string[], at: number): Promise<void> {
    await this.uow.run(async (m) => {
      for (const month of months) await this.ledgerRows.closeMonth(m, month, at);
    });
  }

  /** Writes a version and its live message in one transaction; a version taken already is left as it is. */
  async store(s: PublicationSnapshot): Promise<Published> {
    const key = { kind: s.kind, period: s.period, version: s.version };
    try {
      return await this.uow.run(async (m) => {
        if (await m.existsBy(PublicationSnapshotEntity, key)) return { ...key, created: false };
        await m.insert(PublicationSnapshotEntity, {
          ...key,
          payload: s,
          ledgerMark: s.ledgerMark,
          catalogueVersion: s.catalogueVersion,
          publishedAt: Date.parse(s.publishedAt),
        });
        const message: PublicationMessage = { ...key, scope: s.scope };
        await this.outbox.append(m, [
          {
            kind: LIVE_KINDS.publication,
            unitPath: this.org.directory.pathOf(s.scope.unitCode),
            payload: message,
          },
        ]);
        this.logger.log(
          `published ${s.kind} ${s.period} version ${s.version} at ledger mark ${s.ledgerMark}`,
        );
        return { ...key, created: true };
      });
    } catch (e) {
      if (isDuplicate(e)) return { ...key, created: false };
      throw e;
    }
  }

  /**
   * Re-issues every aired ranked publication that an upheld appeal or a correction amended
   * after its latest version. Reads the ledger itself, so a request lost in a crash is made
   * good by the next one, and running it twice re-issues nothing twice.
   */
  async reissueAmended(): Promise<Published[]> {
    const out: Published[] = [];
    for (const [month, last] of await this.ledger.latestAmendments()) {
      for (const { kind, period } of rankedPeriodsOf(month)) {
        const latest = await this.latest(kind, period);
        if (!latest || latest.ledgerMark >= last) continue;
        out.push(await this.reissue(latest));
      }
    }
    return out;
  }

  private async reissue(latest: PublicationSnapshotEntity): Promise<Published> {
    const { kind, period } = latest;
    const note = await this.whyAmended(kind, period, latest.ledgerMark, latest.version);
    const snapshot = (await this.builder.build({
      kind,
      period,
      version: latest.version + 1,
      publishedAt: this.clock.now(),
      settings: await this.settings.get(),
      reissue: note,
    })) as RankedPublication;
    const changes = reissueChanges((latest.payload as RankedPublication).rows, snapshot.rows);
    return this.store({ ...snapshot, reissue: { ...note, changes } });
  }

  /** The rows amending the period since `mark`, and what the appeals or corrections behind them said. */
  private async whyAmended(
    kind: PublicationKind,
    period: string,
    mark: number,
    supersedes: number,
  ): Promise<ReissueNote> {
    const months = monthsOf(kind, period);
    const rows = await this.dataSource
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('l')
      .where('l.id > :mark AND l.forMonth IN (:...months) AND l.month NOT IN (:...months)', { mark, months })
      .andWhere(`l.lateCorrection = :late AND (l.cause = 'appeal_upheld' OR l.source = 'adjustment')`, {
        late: true,
      })
      .orderBy('l.id')
      .getMany();
    const problemIds = [
      ...new Set(
        rows.filter((r) => r.cause === 'appeal_upheld').map((r) => r.baseKey.replace(/^problem:/, '')),
      ),
    ];
    const appeals = problemIds.length
      ? await this.dataSource
          .getRepository(AppealEntity)
          .find({ where: { problemId: In(problemIds), status: 'upheld' }, order: { decidedAt: 'ASC' } })
      : [];
    const adjustments = [
      ...new Map(rows.filter((r) => r.source === 'adjustment').map((r) => [r.sourceRef, r])),
    ];
    return {
      supersedes,
      cause: appeals.length ? 'appeal_upheld' : 'correction',
      reason: [...appeals.map((a) => a.note ?? ''), ...adjustments.map(([, r]) => r.reason)]
        .filter(Boolean)
        .join('；'),
      refs: [...appeals.map((a) => `appeal:${a.id}`), ...adjustments.map(([id]) => `adjustment:${id}`)],
      changes: [],
    };
  }
}
