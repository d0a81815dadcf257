import { Injectable, Logger } from '@nestjs/common';
import type { UnitRow } from '@jifen/shared';
import { DataSource } from 'typeorm';
import { generateSecret } from '../../config/config';
import type { Principal } from '../../core/http/principal';
import { AuthService } from '../auth/auth.service';
import { OrgService } from '../org/org.service';
import { UnitEntity } from '../org/org.entities';
import { chineseName, seededRandom } from './demo-names';

const SYSTEM: Principal = {
  kind: 'user',
  id: 'system',
  name: 'demo',
  role: 'admin',
  unitCode: null,
  badgeNo: null,
};

export const DEMO_BUREAU = '150423';
const UNITS: UnitRow[] = [
  { code: DEMO_BUREAU, name: '示范县公安局', kind: 'bureau', parentCode: null },
  { code: '150423-01', name: '刑事侦查大队', kind: 'brigade', parentCode: DEMO_BUREAU },
  { code: '150423-02', name: '治安管理大队', kind: 'brigade', parentCode: DEMO_BUREAU },
  { code: '150423-03', name: '交通警察大队', kind: 'brigade', parentCode: DEMO_BUREAU },
  { code: '150423-11', name: '城关派出所', kind: 'station', parentCode: DEMO_BUREAU },
  { code: '150423-12', name: '东城派出所', kind: 'station', parentCode: DEMO_BUREAU },
  { code: '150423-13', name: '西城派出所', kind: 'station', parentCode: DEMO_BUREAU },
  { code: '150423-14', name: '南关派出所', kind: 'station', parentCode: DEMO_BUREAU },
  { code: '150423-15', name: '北郊派出所', kind: 'station', parentCode: DEMO_BUREAU },
  { code: '150423-16', name: '开发区派出所', kind: 'station', parentCode: DEMO_BUREAU },
];
const OFFICERS_PER_UNIT = [0, 20, 16, 14, 18, 17, 17, 16, 16, 16];

export interface DemoCredentials {
  displayToken: string;
  supervisor: { username: string; password: string };
  officer: { username: string; password: string; badgeNo: string };
}

/**
 * 示范县公安局: ten units and 150 officers with Chinese names, a wall token and a
 * supervisor and an officer login, created once on an empty database.
 */
@Injectable()
export class DemoBureau {
  private readonly logger = new Logger('demo');

  constructor(
    private readonly dataSource: DataSource,
    private readonly org: OrgService,
    private readonly auth: AuthService,
  ) {}

  /** Seeds on an empty database; returns the new credentials, or null when already seeded. */
  async seedIfEmpty(): Promise<DemoCredentials | null> {
    if ((await this.dataSource.getRepository(UnitEntity).count()) > 0) return null;
    const rand = seededRandom(20261123);
    const officers: { badgeNo: string; name: string; unitCode: string }[] = [];
    let badge = 150101;
    UNITS.forEach((u, i) => {
      for (let k = 0; k < OFFICERS_PER_UNIT[i]; k++)
        officers.push({ badgeNo: String(badge++), name: chineseName(rand), unitCode: u.code });
    });
    const result = await this.org.import(SYSTEM, { units: UNITS, officers });
    if (result.errors.length)
      throw new Error(`demo bureau import failed: ${JSON.stringify(result.errors[0])}`);
    const { token } = await this.auth.createToken(SYSTEM, {
      kind: 'display',
      unitCode: DEMO_BUREAU,
      label: '指挥中心大屏（示范）',
    });
    const supervisor = { username: 'supervisor', password: generateSecret(9) };
    await this.auth.createUser(SYSTEM, { ...supervisor, role: 'supervisor', unitCode: DEMO_BUREAU });
    const officer = { username: 'officer', password: generateSecret(9), badgeNo: officers[20].badgeNo };
    await this.auth.createUser(SYSTEM, {
      username: officer.username,
      password: officer.password,
      role: 'officer',
      badgeNo: officer.badgeNo,
    });
    this.logger.log(`demo bureau seeded: ${UNITS.length} units, ${officers.length} officers`);
    return { displayToken: token, supervisor, officer };
  }

  /** Later starts: a fresh wall token (the old secret was shown once and is not stored). */
  async freshDisplayToken(): Promise<string> {
    const { token } = await this.auth.createToken(SYSTEM, {
      kind: 'display',
      unitCode: DEMO_BUREAU,
      label: `指挥中心大屏 ${new Date().toISOString().slice(0, 16)}`,
    });
    return token;
  }
}
