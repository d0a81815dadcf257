import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { UserEntity } from '../auth/auth.entities';
import { OrgService } from '../org/org.service';
import type { Audience } from './domain/outbox-causes';

interface Person {
  id: string;
  role: string;
  /** The unit whose subtree the person oversees or belongs to; null: the whole organisation. */
  unitCode: string | null;
  badgeNo: string | null;
}

const PEOPLE = ['admin', 'supervisor', 'officer'];

/**
 * Turns an audience into user ids: officers by badge number, supervisors by the units their
 * scope holds, everyone whose scope overlaps a publication's. Read per page of the outbox,
 * so a user created or removed meanwhile is seen at the next page.
 */
@Injectable()
export class Recipients {
  constructor(
    private readonly dataSource: DataSource,
    private readonly org: OrgService,
  ) {}

  /** The people now, for one page of causes. */
  async snapshot(): Promise<(audience: Audience) => string[]> {
    const rows = await this.dataSource.getRepository(UserEntity).find({
      select: { id: true, role: true, unitCode: true, badgeNo: true },
      where: { role: In(PEOPLE) },
      order: { username: 'ASC' },
    });
    const dir = this.org.directory;
    const people: Person[] = rows.map((u) => ({
      id: u.id,
      role: u.role,
      badgeNo: u.badgeNo,
      // An officer belongs where the directory has them now (a transfer moves them).
      unitCode: (u.role === 'officer' && u.badgeNo && dir.officer(u.badgeNo)?.unitCode) || u.unitCode,
    }));
    const holds = (scope: string | null, unitCode: string) => dir.isWithin(unitCode, scope);
    return (a) => {
      switch (a.kind) {
        case 'officer':
          return people.filter((p) => p.role === 'officer' && p.badgeNo === a.badgeNo).map((p) => p.id);
        case 'problem': {
          const badges = new Set(a.badgeNos);
          return people
            .filter((p) =>
              p.role === 'officer'
                ? p.badgeNo !== null && badges.has(p.badgeNo)
                : p.role === 'supervisor' && holds(p.unitCode, a.unitCode),
            )
            .map((p) => p.id);
        }
        case 'scope':
          return people
            .filter((p) => {
              if (p.unitCode === null) return p.role !== 'officer';
              if (a.unitCode === null) return true;
              // An officer reads the publications that rank them; others any that overlaps their scope.
              if (p.role === 'officer') return holds(a.unitCode, p.unitCode);
              return holds(a.unitCode, p.unitCode) || holds(p.unitCode, a.unitCode);
            })
            .map((p) => p.id);
      }
    };
  }
}
