import { Injectable } from '@nestjs/common';
import type {
  PublicationFormat,
  PublicationKind,
  PublicationSnapshot,
  PublicationSummary,
} from '@jifen/shared';
import { DataSource } from 'typeorm';
import { notFound, unauthorized } from '../../core/errors/domain-error';
import type { Principal } from '../../core/http/principal';
import { OrgService } from '../org/org.service';
import { maskPeople } from '../walls/domain/privacy';
import { scopedSnapshot } from './domain/scoped';
import { PublicationSettingsService } from './publication-settings.service';
import { PublicationSnapshotEntity } from './publication.entities';
import { renderCsv } from './render/csv';
import { renderDocx } from './render/docx';
import { KIND_NAMES, periodLabel } from './render/labels';
import { renderXlsx } from './render/xlsx';

export interface PublicationFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

const CONTENT_TYPES: Record<Exclude<PublicationFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Who reads: a person or a wall within a scope, or the public when the bureau allows it. */
interface Reader {
  scope: string | null;
  /** Names masked: the public in privacy mode. */
  masked: boolean;
}

/** Reads publications as a caller may see them: every version, scoped, masked for the public. */
@Injectable()
export class PublicationReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly org: OrgService,
    private readonly settings: PublicationSettingsService,
  ) {}

  private async reader(p: Principal | undefined): Promise<Reader> {
    if (p) return { scope: p.unitCode, masked: false };
    const s = await this.settings.get();
    if (!s.publicAccess)
      throw unauthorized(
        'publications are not open to the public here: log in to read them',
        '本单位未公开发布积分通报，请登录后查看',
      );
    return { scope: null, masked: s.privacy };
  }

  async list(p: Principal | undefined, kind?: PublicationKind): Promise<PublicationSummary[]> {
    await this.reader(p);
    const rows: Pick<PublicationSnapshotEntity, 'kind' | 'period' | 'version' | 'publishedAt'>[] =
      await this.dataSource.getRepository(PublicationSnapshotEntity).find({
        select: ['kind', 'period', 'version', 'publishedAt'],
        where: kind ? { kind } : {},
        order: { period: 'DESC', kind: 'ASC', version: 'ASC' },
      });
    const by = new Map<string, PublicationSummary>();
    for (const r of rows) {
      const key = `${r.kind}|${r.period}`;
      const at = new Date(r.publishedAt).toISOString();
      const s = by.get(key);
      if (!s)
        by.set(key, {
          kind: r.kind,
          period: r.period,
          version: r.version,
          publishedAt: at,
          versions: [r.version],
        });
      else {
        s.versions.push(r.version);
        s.version = r.version;
        s.publishedAt = at;
      }
    }
    return [...by.values()];
  }

  async get(
    p: Principal | undefined,
    kind: PublicationKind,
    period: string,
    version?: number,
  ): Promise<PublicationSnapshot> {
    const reader = await this.reader(p);
    const row = await this.dataSource.getRepository(PublicationSnapshotEntity).findOne({
      where: version === undefined ? { kind, period } : { kind, period, version },
      order: { version: 'DESC' },
    });
    if (!row) {
      if (
        version !== undefined &&
        (await this.dataSource.getRepository(PublicationSnapshotEntity).existsBy({ kind, period }))
      )
        throw notFound(
          'PUBLICATION.VERSION_NOT_FOUND',
          `${kind} ${period} has no version ${version}`,
          `${KIND_NAMES[kind].zh}（${periodLabel(period, 'zh')}）没有第 ${version} 版`,
        );
      throw notFound(
        'PUBLICATION.NOT_FOUND',
        `${kind} ${period} has not been published`,
        `${KIND_NAMES[kind].zh}（${periodLabel(period, 'zh')}）尚未发布`,
      );
    }
    const d = this.org.directory;
    const scoped = scopedSnapshot(row.payload, reader.scope, (u, s) => d.isWithin(u, s));
    return reader.masked ? maskPeople(scoped, 'initials') : scoped;
  }

  async file(
    p: Principal | undefined,
    kind: PublicationKind,
    period: string,
    format: Exclude<PublicationFormat, 'json'>,
    version?: number,
  ): Promise<PublicationFile> {
    const s = await this.get(p, kind, period, version);
    const privacy = !p && (await this.settings.get()).privacy;
    const issuer = s.scope.unitName;
    const body =
      format === 'csv'
        ? renderCsv(s, { privacy })
        : format === 'xlsx'
          ? await renderXlsx(s, { privacy, issuer })
          : await renderDocx(s, { privacy, issuer });
    const name = `${KIND_NAMES[kind].zh}-${period}-v${s.version}.${format}`;
    return { body, contentType: CONTENT_TYPES[format], filename: name };
  }
}
