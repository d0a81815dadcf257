import { Inject, Injectable, Logger } from '@nestjs/common';
import { monthOf, type LedgerCause } from '@jifen/shared';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { SubjectEntity } from '../cases/subject.entity';
import { LOCKS, lockExclusive } from '../../core/database/advisory-locks';
import { OrgService } from '../org/org.service';
import { CatalogueService } from '../scoring/catalogue.service';
import { LedgerService } from '../scoring/ledger.service';
import { HolidayService } from '../supervision/holiday.service';
import { ProblemService } from '../supervision/problem.service';
import type { JudgementContext } from './domain/judgement-context';
import { judgeSubject } from './domain/judge-subject';
import { capGroupsOf, settleSubjects } from './domain/settle-subjects';
import { JudgementRepository } from './judgement.repository';

export interface JudgeOptions {
  now: number;
  /** A re-score under a new catalogue version: differences are booked as `rescored`. */
  rescoring?: boolean;
  /** Why given sources' rows change (a dismissal, an upheld appeal), by base key. */
  causes?: ReadonlyMap<string, Exclude<LedgerCause, 'scored'>>;
}

/**
 * Judges subjects anew from their whole history and stores the outcome, inside the caller's
 * transaction: obligations, problems (raised, turned into violations, withdrawn), capped
 * claims, and the ledger differences as appended rows with their live messages. Ingestion,
 * the sweep, life-cycle steps that change points, and re-scoring all come through here, so
 * there is one way a score can change.
 */
@Injectable()
export class JudgementService {
  private readonly logger = new Logger('judgement');

  constructor(
    private readonly repo: JudgementRepository,
    private readonly catalogue: CatalogueService,
    private readonly holidays: HolidayService,
    private readonly org: OrgService,
    private readonly problems: ProblemService,
    private readonly ledger: LedgerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The inputs of the fold besides the events: catalogue versions, organisation, holidays, now. */
  async context(m: EntityManager, now: number): Promise<JudgementContext> {
    const timeline = await this.catalogue.timeline(m);
    const d = this.org.directory;
    return {
      timeZone: this.config.timeZone,
      now,
      holidays: this.holidays.current(),
      catalogueAt: (at) => timeline.at(at),
      unitOf: (badgeNo, at) => d.unitAt(badgeNo, at),
    };
  }

  /**
   * Takes the subjects' row locks: whoever writes a subject's problems (a judgement, a
   * life-cycle step, an escalation) holds them, so no write of a problem is lost to another.
   */
  lockSubjects(m: EntityManager, subjectIds: string[]): Promise<void> {
    return this.repo.lockSubjects(m, subjectIds);
  }

  /** Makes sure a subject row exists to lock before its first judgement. */
  registerSubjects(m: EntityManager, subjects: SubjectEntity[]): Promise<void> {
    return this.repo.registerSubjects(m, subjects);
  }

  async judge(
    m: EntityManager,
    subjectIds: string[],
    opts: JudgeOptions,
  ): Promise<{ rows: number; problems: number }> {
    const ids = [...new Set(subjectIds)];
    if (!ids.length) return { rows: 0, problems: 0 };
    await this.repo.lockSubjects(m, ids);
    const ctx = await this.context(m, opts.now);
    const since = await this.repo.earliestEvent(m, ids);
    const histories = await this.repo.histories(m, ids, since);
    const judged = ids.filter((id) => histories.has(id)).map((id) => judgeSubject(histories.get(id)!, ctx));
    for (const j of judged) for (const note of j.notes) this.logger.debug(note);
    const subjects = new Set(ids);
    const before = await this.repo.claimsOfSubjects(m, ids);
    const groups = capGroupsOf([...judged.flatMap((j) => j.claims), ...before]);
    // One officer's cap in a month is shared out by one writer at a time.
    await lockExclusive(m, LOCKS.capGroup, groups);
    const otherClaims = (await this.repo.claimsOfGroups(m, groups)).filter(
      (c) => !subjects.has(c.subjectId!),
    );
    const problems = await this.repo.problems(m, ids);
    const booked = await this.repo.booked(m, ids, otherClaims, since);
    const settle = (closedMonths: ReadonlySet<string>) =>
      settleSubjects(
        judged,
        { problems, otherClaims, booked },
        {
          ...ctx,
          policy: this.catalogue.policy(),
          closedMonths,
          openMonth: monthOf(opts.now, this.config.timeZone),
          rescoring: opts.rescoring,
          causes: opts.causes,
        },
      );
    let closed = await this.ledger.closedMonths(m);
    let settlement = settle(closed);
    // Hold the months booked into; if one was closed meanwhile, its rows go to the open month.
    for (;;) {
      const now = await this.ledger.enterMonths(m, new Set(settlement.ledger.map((d) => d.month)));
      if ([...now].every((x) => closed.has(x))) break;
      closed = now;
      settlement = settle(closed);
    }
    const ledger = settlement.ledger;
    await this.repo.saveObligations(m, judged, opts.now);
    await this.repo.replaceClaims(m, ids, settlement.claims);
    await this.problems.persist(m, settlement.problems);
    await this.ledger.book(m, ledger, opts.now);
    return { rows: ledger.length, problems: settlement.problems.length };
  }
}
