import { Inject, Injectable } from '@nestjs/common';
import type { PublicationKind, PublicationRunAnswer } from '@jifen/shared';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { conflict } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { JobQueues } from '../../core/queue/job-queues';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PublicationSnapshotEntity } from './publication.entities';
import { publicationBounds, publicationJobId } from './domain/periods';
import { KIND_NAMES, periodLabel } from './render/labels';

/** Enqueues publications: a period by hand or by schedule, and re-issues after amendments. */
@Injectable()
export class PublicationRuns {
  constructor(
    private readonly queues: JobQueues,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The period's one job: enqueuing it again gives back the same job. */
  enqueue(kind: PublicationKind, period: string): Promise<string> {
    return this.queues.enqueue('publish', { kind, period }, { jobId: publicationJobId(kind, period) });
  }

  /** An administrator publishes a period now. A period not yet over has nothing final to publish. */
  async run(p: Principal, kind: PublicationKind, period: string): Promise<PublicationRunAnswer> {
    const { to } = publicationBounds(kind, period, this.config.timeZone);
    if (to > this.clock.now())
      throw conflict(
        'PUBLICATION.PERIOD_OPEN',
        `${period} is not over yet: a ${kind} publication covers a finished period`,
        `${periodLabel(period, 'zh')}尚未结束，不能发布${KIND_NAMES[kind].zh}`,
      );
    const latest = await this.dataSource
      .getRepository(PublicationSnapshotEntity)
      .findOne({ select: ['version'], where: { kind, period }, order: { version: 'DESC' } });
    const jobId = await this.enqueue(kind, period);
    // The worker publishes later: the log says what stood before and which job will change it.
    await this.audit.record(null, p.name, 'publication.run', `publication:${kind}:${period}`, {
      before: latest ? { version: latest.version } : null,
      after: { jobId, state: 'queued' },
    });
    return { jobId };
  }

  /**
   * After an upheld appeal or a correction committed: re-issue what it amended. The job
   * reads the ledger, so enqueuing it when nothing aired was touched re-issues nothing.
   */
  async requestReissue(): Promise<void> {
    await this.queues.enqueue('reissue', {});
  }
}
