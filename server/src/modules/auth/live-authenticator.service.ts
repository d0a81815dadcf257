import { Injectable } from '@nestjs/common';
import { LiveAuthenticator, type LivePrincipal } from '../../core/realtime/live-authenticator';
import { DomainError } from '../../core/errors/domain-error';
import { OrgService } from '../org/org.service';
import { AuthService } from './auth.service';

/** Socket handshakes accept the same tokens as HTTP, except ingest tokens. */
@Injectable()
export class TokenLiveAuthenticator extends LiveAuthenticator {
  constructor(
    private readonly auth: AuthService,
    private readonly org: OrgService,
  ) {
    super();
  }

  async authenticate(token: string | undefined): Promise<LivePrincipal> {
    const p = await this.auth.authenticate(token);
    if (p.role === 'ingest') {
      throw new DomainError(
        403,
        'AUTH.FORBIDDEN',
        'an ingest token cannot open the live feed',
        '数据接入令牌不能订阅实时数据',
      );
    }
    return {
      name: p.name,
      role: p.role,
      unitCode: p.unitCode,
      badgeNo: p.badgeNo,
      scopePath: this.org.directory.pathOf(p.unitCode),
      tokenId: p.kind === 'token' ? p.id : null,
      privacy: 'off',
    };
  }
}
