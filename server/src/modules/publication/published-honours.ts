import { Injectable } from '@nestjs/common';
import type { PublicationKind, PublicationRow, PublicationSnapshot } from '@jifen/shared';
import { DataSource } from 'typeorm';
import type { PublishedHonours, PublishedStanding } from '../notifications/domain/outbox-causes';
import { PublishedPeriods } from '../notifications/published-periods';
import { PublicationSnapshotEntity } from './publication.entities';

const standing = (r: PublicationRow): PublishedStanding => ({
  badgeNo: r.badgeNo,
  name: r.name,
  unitCode: r.unitCode,
  unitName: r.unitName,
  rank: r.rank,
  total: r.total,
});

/** Whom a published version ranks, commends and marks ineligible, as it was published. */
export function honoursOf(s: PublicationSnapshot): PublishedHonours {
  switch (s.kind) {
    case 'daily':
      return { ranked: 0, commended: [], ineligible: [] };
    case 'monthly':
      return { ranked: s.rows.length, commended: [], ineligible: [] };
    case 'quarterly':
      return { ranked: s.rows.length, commended: s.commended.officers.map(standing), ineligible: [] };
    case 'annual':
      return {
        ranked: s.rows.length,
        commended: s.rows.filter((r) => r.mark === 'recommended').map(standing),
        ineligible: s.rows.filter((r) => r.mark === 'ineligible').map(standing),
      };
  }
}

/** The notification dispatcher's reading of the snapshots table: a version once written never changes. */
@Injectable()
export class SnapshotHonours extends PublishedPeriods {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async honours(kind: PublicationKind, period: string, version: number): Promise<PublishedHonours | null> {
    const row = await this.dataSource
      .getRepository(PublicationSnapshotEntity)
      .findOne({ where: { kind, period, version }, select: { payload: true } });
    return row ? honoursOf(row.payload) : null;
  }
}
