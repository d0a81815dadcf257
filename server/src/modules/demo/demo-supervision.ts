import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OPEN_ALERT_STATUSES, type Alert, type Appeal } from '@jifen/shared';
import { Clock } from '../../core/clock/clock';
import { DomainError } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { OrgService } from '../org/org.service';
import { AppealsService } from '../supervision/appeals.service';
import { ProblemQueries } from '../supervision/problem-queries.service';
import { ProblemSteps } from '../supervision/problem-steps.service';
import { chineseName, seededRandom, seedOf } from './demo-names';
import {
  appealDecision,
  drawFate,
  nextMove,
  type DemoFate,
  type DemoMove,
} from './domain/demo-supervision-plan';
import { compressed } from './domain/demo-time';

interface Plan {
  version: number;
  move: DemoMove;
  at: number;
}

interface DecisionPlan {
  at: number;
  upheld: boolean;
  note: string;
}

/** What one round did, by move; the integration test and the log read it. */
export type DemoRound = Partial<Record<DemoMove['kind'] | 'decide' | 'conflict', number>>;

const READER: Principal = {
  kind: 'user',
  id: 'demo',
  name: 'demo',
  role: 'admin',
  unitCode: null,
  badgeNo: null,
};
const WORKED_AT_ONCE = 500;

/**
 * 示范督办: the demo bureau's simulated supervisors and officers work the problems the event
 * simulator raises — acknowledge, assign, rectify, verify, now and then dismiss or appeal —
 * on delays compressed like the simulator's, so the wall and the console show the whole
 * life cycle. Every move goes through the same services a person's click does.
 */
@Injectable()
export class DemoSupervision implements OnModuleDestroy {
  private readonly logger = new Logger('demo');
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private seed = Date.now() % 2 ** 31;
  private readonly fates = new Map<string, DemoFate>();
  private readonly plans = new Map<string, Plan>();
  private readonly decisions = new Map<string, DecisionPlan>();

  constructor(
    private readonly alerts: ProblemQueries,
    private readonly steps: ProblemSteps,
    private readonly appeals: AppealsService,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {}

  /** Every problem's story follows from this seed and the problem's subject: tests fix it. */
  reseed(seed: number): void {
    this.seed = seed;
    this.fates.clear();
    this.plans.clear();
    this.decisions.clear();
  }

  start(everyMs = 2000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.round(), everyMs);
    this.logger.log('simulated supervisors and officers are at work');
  }

  /** One round: plan what is new or changed, make the moves that are due. */
  async round(): Promise<DemoRound> {
    const done: DemoRound = {};
    if (this.busy) return done;
    this.busy = true;
    try {
      const now = this.clock.now();
      const page = await this.alerts.list(READER, {
        status: [...OPEN_ALERT_STATUSES],
        limit: WORKED_AT_ONCE,
      });
      const pending = await this.appeals.list(READER, 'pending');
      const appealed = new Set(pending.map((a) => a.alertId));
      const open = new Set(page.items.map((a) => a.id));
      for (const id of this.plans.keys()) if (!open.has(id)) this.plans.delete(id);
      for (const id of this.fates.keys()) if (!open.has(id)) this.fates.delete(id);

      for (const alert of page.items) {
        const plan = this.planFor(alert, appealed.has(alert.id));
        if (!plan || plan.at > now) continue;
        this.plans.delete(alert.id);
        const kind = await this.attempt(() => this.make(alert, plan.move));
        done[kind] = (done[kind] ?? 0) + 1;
      }
      const pendingIds = new Set(pending.map((a) => a.id));
      for (const id of this.decisions.keys()) if (!pendingIds.has(id)) this.decisions.delete(id);
      for (const appeal of pending) {
        const alert = page.items.find((a) => a.id === appeal.alertId);
        const plan = this.decisionFor(appeal, alert, now);
        if (!alert || !plan || plan.at > now) continue;
        this.decisions.delete(appeal.id);
        const kind = await this.attempt(async () => {
          await this.appeals.decide(this.supervisorOf(alert), appeal.id, plan.upheld, plan.note);
          return 'decide' as const;
        });
        done[kind] = (done[kind] ?? 0) + 1;
      }
    } catch (e) {
      this.logger.warn(`demo supervision: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
    return done;
  }

  private fateOf(alert: Alert): DemoFate {
    let fate = this.fates.get(alert.id);
    if (!fate) {
      fate = drawFate(seededRandom(seedOf(`${this.seed}:${alert.subject.ref}:${alert.ruleId}`)));
      this.fates.set(alert.id, fate);
    }
    return fate;
  }

  /** A plan made for the version it saw; anyone else's step (a person's, the sweep's) replans. */
  private planFor(alert: Alert, appealed: boolean): Plan | null {
    const known = this.plans.get(alert.id);
    if (known && known.version === alert.version) return known;
    const rand = seededRandom(seedOf(`${this.seed}:${alert.subject.ref}:${alert.ruleId}:${alert.version}`));
    const next = nextMove(
      { ...alert, appealed, rectifyDueAt: alert.rectifyDueAt ? Date.parse(alert.rectifyDueAt) : null },
      this.fateOf(alert),
      rand,
    );
    if (!next) {
      this.plans.delete(alert.id);
      return null;
    }
    // Delays run from when the problem reached its present state, not from when the demo looked.
    const since = Date.parse(alert.history.at(-1)?.at ?? alert.detectedAt);
    const plan = {
      version: alert.version,
      move: next.move,
      at: Math.max(since, next.notBefore ?? since) + compressed(next.after),
    };
    this.plans.set(alert.id, plan);
    return plan;
  }

  private decisionFor(appeal: Appeal, alert: Alert | undefined, now: number): DecisionPlan | null {
    if (!alert) return null;
    let plan = this.decisions.get(appeal.id);
    if (!plan) {
      const rand = seededRandom(seedOf(`${this.seed}:${alert.subject.ref}:appeal`));
      const d = appealDecision(this.fateOf(alert), rand);
      plan = { at: now + compressed(d.after), upheld: d.upheld, note: d.note };
      this.decisions.set(appeal.id, plan);
    }
    return plan;
  }

  private async make(alert: Alert, move: DemoMove): Promise<DemoMove['kind']> {
    const supervisor = this.supervisorOf(alert);
    switch (move.kind) {
      case 'acknowledge':
        await this.steps.step(supervisor, alert.id, { kind: 'acknowledge' }, alert.version);
        break;
      case 'assign':
        await this.steps.step(supervisor, alert.id, { kind: 'assign', badgeNo: move.badgeNo }, alert.version);
        break;
      case 'rectified':
        await this.steps.step(this.officer(alert.assignee ?? alert.badgeNos[0]), alert.id, {
          kind: 'rectified',
          note: move.note,
        });
        break;
      case 'verify':
        await this.steps.step(supervisor, alert.id, { kind: 'verify', note: move.note });
        break;
      case 'dismiss':
        await this.steps.step(supervisor, alert.id, { kind: 'dismiss', reason: move.reason });
        break;
      case 'appeal':
        await this.appeals.appeal(this.officer(move.badgeNo), alert.id, move.reason);
        break;
    }
    return move.kind;
  }

  /** A person may have moved first (409): the next round sees the new version and replans. */
  private async attempt<K extends string>(f: () => Promise<K>): Promise<K | 'conflict'> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof DomainError && e.status < 500) return 'conflict';
      throw e;
    }
  }

  /** The legal officer (法制员) of the problem's bureau: one stable name per bureau. */
  private supervisorOf(alert: Alert): Principal {
    const root = this.org.directory.ancestry(alert.escalatedTo ?? alert.unitCode).at(-1) ?? null;
    return {
      kind: 'user',
      id: `demo-supervisor:${root}`,
      name: chineseName(seededRandom(seedOf(`supervisor:${root}`))),
      role: 'supervisor',
      unitCode: root,
      badgeNo: null,
    };
  }

  private officer(badgeNo: string): Principal {
    const o = this.org.directory.officer(badgeNo);
    return {
      kind: 'user',
      id: `demo-officer:${badgeNo}`,
      name: o?.name ?? badgeNo,
      role: 'officer',
      unitCode: o?.unitCode ?? null,
      badgeNo,
    };
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
