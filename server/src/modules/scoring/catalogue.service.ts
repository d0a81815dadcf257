import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  DEFAULT_CATALOGUE,
  RuleCatalogueSchema,
  type CatalogueVersion,
  type RuleCatalogue,
} from '@jifen/shared';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { invalidBody } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../../core/http/principal';
import { CatalogueVersionEntity } from './scoring.entities';

/**
 * The versioned rule catalogue. Version 1 is RULES.md, seeded on first start; every change
 * is a new version and the ledger records the version each row was booked under.
 */
@Injectable()
export class CatalogueService implements OnModuleInit {
  private current: { version: number; catalogue: RuleCatalogue } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
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
        })
        .orIgnore()
        .execute();
    }
    await this.refresh();
  }

  /** Re-reads the latest version: another process may have published one. */
  async refresh(): Promise<{ version: number; catalogue: RuleCatalogue }> {
    const latest = await this.dataSource
      .getRepository(CatalogueVersionEntity)
      .find({ order: { version: 'DESC' }, take: 1 });
    this.current = { version: latest[0].version, catalogue: latest[0].catalogue };
    return this.current;
  }

  active(): { version: number; catalogue: RuleCatalogue } {
    if (!this.current) throw new Error('catalogue not loaded');
    return this.current;
  }

  async versions(): Promise<Omit<CatalogueVersion, 'catalogue'>[]> {
    const rows = await this.dataSource
      .getRepository(CatalogueVersionEntity)
      .find({ order: { version: 'DESC' } });
    return rows.map((r) => ({
      version: r.version,
      createdAt: new Date(r.createdAt).toISOString(),
      createdBy: r.createdBy,
      note: r.note,
      effectiveFrom: new Date(r.createdAt).toISOString(),
    }));
  }

  async publish(actor: Principal, raw: unknown, note: string): Promise<CatalogueVersion> {
    const parsed = RuleCatalogueSchema.safeParse(raw);
    if (!parsed.success) throw invalidBody(parsed.error, 'catalogue');
    const saved = await this.uow.run(async (m) => {
      const [latest] = await m.find(CatalogueVersionEntity, { order: { version: 'DESC' }, take: 1 });
      const row: CatalogueVersionEntity = {
        version: (latest?.version ?? 0) + 1,
        catalogue: parsed.data,
        createdAt: this.clock.now(),
        createdBy: actor.name,
        note,
      };
      await m.insert(CatalogueVersionEntity, row);
      await this.audit.record(m, actor.name, 'rules.changed', `catalogue:v${row.version}`, {
        note,
        from: latest?.version ?? null,
      });
      return row;
    });
    this.current = { version: saved.version, catalogue: saved.catalogue };
    return {
      version: saved.version,
      createdAt: new Date(saved.createdAt).toISOString(),
      createdBy: saved.createdBy,
      note,
      effectiveFrom: new Date(saved.createdAt).toISOString(),
      catalogue: saved.catalogue,
    };
  }
}
