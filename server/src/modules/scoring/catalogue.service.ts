import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  DEFAULT_CATALOGUE,
  RuleCatalogueSchema,
  monthOf,
  periodBounds,
  type CatalogueVersion,
  type RuleCatalogue,
  type SupervisionPolicy,
} from '@jifen/shared';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../core/clock/clock';
import { LOCKS, lockExclusive } from '../../core/database/advisory-locks';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { invalidBody, notFound } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { AuditService } from '../audit/audit.service';
import { CatalogueTimeline } from '../judgement/domain/judgement-context';
import { CatalogueVersionEntity } from './scoring.entities';

/** Stored catalogues are read through the schema, so a version saved before a field existed gets its default. */
const parseStored = (c: unknown): RuleCatalogue => RuleCatalogueSchema.parse(c);

/**
 * The versioned rule catalogue. Version 1 is RULES.md, seeded on first start and judging all
 * time; every change is a new version judging what happens from its `effectiveFrom` on (the
 * moment it is saved, or the start of the open month when it re-scores that month). The
 * ledger records the version each row was booked under.
 */
@Injectable()
export class CatalogueService implements OnModuleInit {
  private rows: CatalogueVersionEntity[] = [];
  private cached: CatalogueTimeline | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const repo = this.dataSource.getRepository(CatalogueVersionEntity);
    if ((await repo.count()) === 0) {
      await repo
        .createQueryBuilder()
        .insert()
        .values({
          version: 1,
          catalogue: DEFAULT_CATALOGUE,
          createdAt: this.clock.now(),
          createdBy: null,
          note: 'RULES.md defaults',
          effectiveFrom: 0,
        })
        .orIgnore()
        .execute();
    }
    await this.load(this.dataSource.manager);
  }

  private async load(m: EntityManager): Promise<void> {
    const rows = await m.find(CatalogueVersionEntity, { order: { version: 'DESC' } });
    this.rows = rows.map((r) => ({ ...r, catalogue: parseStored(r.catalogue) }));
    this.cached = new CatalogueTimeline(
      this.rows.map((r) => ({ version: r.version, effectiveFrom: r.effectiveFrom, catalogue: r.catalogue })),
    );
  }

  /** Every version by effective instant, re-read when another process has saved a new one. */
  async timeline(m: EntityManager = this.dataSource.manager): Promise<CatalogueTimeline> {
    const [{ max }] = await m
      .createQueryBuilder(CatalogueVersionEntity, 'c')
      .select('MAX(c.version)', 'max')
      .getRawMany<{ max: number | string }>();
    if (!this.cached || Number(max) !== this.rows[0]?.version) await this.load(m);
    return this.cached!;
  }

  /** The latest version (as last loaded): what a person editing the rules starts from. */
  active(): { version: number; catalogue: RuleCatalogue } {
    if (!this.cached) throw new Error('catalogue not loaded');
    return this.cached.latest;
  }

  /** Escalation and rectification follow the latest rules: they run on the people's clock. */
  policy(): SupervisionPolicy {
    return this.active().catalogue.supervision;
  }

  async versions(): Promise<Omit<CatalogueVersion, 'catalogue'>[]> {
    await this.timeline();
    return this.rows.map((r) => {
      const { catalogue: _catalogue, ...listed } = this.view(r);
      return listed;
    });
  }

  async version(version: number): Promise<CatalogueVersion> {
    await this.timeline();
    const row = this.rows.find((r) => r.version === version);
    if (!row)
      throw notFound(
        'RULES.VERSION_NOT_FOUND',
        `catalogue version ${version} does not exist`,
        `积分规则版本 ${version} 不存在`,
      );
    return this.view(row);
  }

  /** A rule's title as the given version named it (scoring, obligation or problem rule). */
  titleOf(version: number, ruleId: string): { zh: string; en: string } {
    if (ruleId === 'ADJUSTMENT') return { zh: '人工调整', en: 'Manual adjustment' };
    const c = (this.rows.find((r) => r.version === version) ?? this.rows[0])?.catalogue;
    const rule = c && [...c.scoring, ...c.obligations, ...c.problems].find((r) => r.id === ruleId);
    return rule?.title ?? { zh: ruleId, en: ruleId };
  }

  /** Parses a catalogue someone wrote, naming every field at fault. */
  parse(raw: unknown, what = 'catalogue'): RuleCatalogue {
    const parsed = RuleCatalogueSchema.safeParse(raw);
    if (!parsed.success) throw invalidBody(parsed.error, what);
    return parsed.data;
  }

  /**
   * Saves a new version. Without a re-score it judges what happens from now on; with one, it
   * takes over from the start of the open month, and the caller re-judges that month.
   */
  async publish(actor: Principal, raw: unknown, note: string, rescore: boolean): Promise<CatalogueVersion> {
    const catalogue = this.parse(raw);
    const now = this.clock.now();
    const effectiveFrom = rescore
      ? periodBounds(monthOf(now, this.config.timeZone), this.config.timeZone).from
      : now;
    const saved = await this.uow.run(async (m) => {
      // Version numbers are given one save at a time.
      await lockExclusive(m, LOCKS.catalogue, ['versions']);
      const [latest] = await m.find(CatalogueVersionEntity, { order: { version: 'DESC' }, take: 1 });
      const row: CatalogueVersionEntity = {
        version: (latest?.version ?? 0) + 1,
        catalogue,
        createdAt: now,
        createdBy: actor.name,
        note,
        effectiveFrom,
      };
      // A copy: TypeORM writes RETURNING values (bigints as strings) back into what it is given.
      await m.insert(CatalogueVersionEntity, { ...row });
      const version = (v: CatalogueVersionEntity) => ({
        version: v.version,
        note: v.note,
        effectiveFrom: new Date(v.effectiveFrom).toISOString(),
        catalogue: v.catalogue,
      });
      await this.audit.record(m, actor.name, 'rules.changed', `catalogue:v${row.version}`, {
        before: latest ? version(latest) : null,
        after: version(row),
        rescore,
      });
      return row;
    });
    await this.load(this.dataSource.manager);
    return this.view(saved);
  }

  private view(r: CatalogueVersionEntity): CatalogueVersion {
    return {
      version: r.version,
      createdAt: new Date(r.createdAt).toISOString(),
      createdBy: r.createdBy,
      note: r.note,
      effectiveFrom: new Date(r.effectiveFrom).toISOString(),
      catalogue: r.catalogue,
    };
  }
}
