import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { periodBounds, type RefoldRequest } from '@jifen/shared';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { JobQueues } from '../../core/queue/job-queues';
import { OnJob } from '../../core/queue/on-job';
import { OrgService } from '../org/org.service';
import { HolidayService } from '../supervision/holiday.service';
import { JudgementService } from './judgement.service';

const CHUNK = 200;

/**
 * Judges subjects again when an input of the fold other than events changed, in a background
 * job of short transactions, so ingestion goes on meanwhile. What changes is booked as
 * compensating rows (a re-score names the new version), never by rewriting rows.
 */
@Injectable()
export class RefoldService implements OnModuleInit {
  private readonly logger = new Logger('refold');

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly jobs: JobQueues,
    private readonly judgement: JudgementService,
    private readonly org: OrgService,
    private readonly holidays: HolidayService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.holidays.onChanged(async (year) => {
      await this.enqueue({ kind: 'holidays', year, at: this.clock.now() });
    });
    this.org.onTransferred(async (transfers) => {
      await this.enqueue({ kind: 'transfers', transfers, at: this.clock.now() });
    });
  }

  /** Queues a refold; the same request queued twice is one job. */
  async enqueue(request: RefoldRequest): Promise<string> {
    const jobId =
      request.kind === 'rescore' ? `rescore:v${request.version}` : `refold:${request.kind}:${request.at}`;
    return this.jobs.enqueue('refold', request, { jobId });
  }

  @OnJob('refold')
  async refold(request: RefoldRequest): Promise<{ subjects: number; rows: number }> {
    const ids = await this.subjectsFor(this.dataSource.manager, request);
    let rows = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const slice = ids.slice(i, i + CHUNK);
      const r = await this.uow.run((m) =>
        this.judgement.judge(m, slice, { now: this.clock.now(), rescoring: request.kind === 'rescore' }),
      );
      rows += r.rows;
    }
    this.logger.log(`${request.kind}: ${ids.length} subject(s) judged again, ${rows} row(s) booked`);
    return { subjects: ids.length, rows };
  }

  private async subjectsFor(m: EntityManager, r: RefoldRequest): Promise<string[]> {
    const distinct = async (sql: string, params: unknown[]) =>
      ((await m.query(sql, params)) as { subjectId: string }[]).map((x) => x.subjectId);
    const pg = this.dataSource.options.type === 'postgres';
    const p = (i: number) => (pg ? `$${i}` : '?');
    switch (r.kind) {
      case 'rescore':
        return [
          ...new Set([
            ...(await distinct(`SELECT DISTINCT "subjectId" FROM events WHERE "occurredAt" >= ${p(1)}`, [
              r.from,
            ])),
            ...(await distinct(`SELECT DISTINCT "subjectId" FROM obligations WHERE "dueAt" >= ${p(1)}`, [
              r.from,
            ])),
          ]),
        ].sort();
      case 'holidays': {
        const yearStart = periodBounds(String(r.year), this.config.timeZone).from;
        return distinct(
          `SELECT DISTINCT "subjectId" FROM obligations WHERE status = 'open' OR "dueAt" >= ${p(1)} ORDER BY "subjectId"`,
          [yearStart],
        );
      }
      case 'transfers': {
        const found = new Set<string>();
        for (const t of r.transfers) {
          const sql = `SELECT DISTINCT "subjectId" FROM ledger_entries WHERE "badgeNo" = ${p(1)} AND "occurredAt" >= ${p(2)} AND "subjectId" IS NOT NULL`;
          const claims = `SELECT DISTINCT "subjectId" FROM cap_claims WHERE "badgeNo" = ${p(1)} AND "occurredAt" >= ${p(2)}`;
          for (const q of [sql, claims])
            for (const id of await distinct(q, [t.badgeNo, t.since])) found.add(id);
        }
        return [...found].sort();
      }
    }
  }
}
