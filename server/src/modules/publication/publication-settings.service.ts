import { Injectable } from '@nestjs/common';
import { PUBLICATION_DEFAULTS, PublicationSettingsSchema, type PublicationSettings } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../core/database/unit-of-work';
import type { Principal } from '../../core/http/principal';
import { AuditService } from '../audit/audit.service';
import { SettingEntity } from '../auth/auth.entities';

const KEY = 'publication.settings';

/** The bureau's publication numbers (RULES.md defaults until an administrator changes them). */
@Injectable()
export class PublicationSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<PublicationSettings> {
    const row = await this.dataSource.getRepository(SettingEntity).findOneBy({ key: KEY });
    if (!row) return { ...PUBLICATION_DEFAULTS };
    // Settings saved by an older version may lack a field added since: the default fills it.
    const parsed = PublicationSettingsSchema.safeParse({ ...PUBLICATION_DEFAULTS, ...JSON.parse(row.value) });
    return parsed.success ? parsed.data : { ...PUBLICATION_DEFAULTS };
  }

  async save(p: Principal, settings: PublicationSettings): Promise<PublicationSettings> {
    await this.uow.run(async (m) => {
      const stored = await m.findOneBy(SettingEntity, { key: KEY });
      await m.upsert(SettingEntity, { key: KEY, value: JSON.stringify(settings) }, ['key']);
      await this.audit.record(m, p.name, 'publication.settings', 'publication:settings', {
        before: stored ? JSON.parse(stored.value) : null,
        after: { ...settings },
      });
    });
    return settings;
  }
}
