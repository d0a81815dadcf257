import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BoardSession, QueuesAnswer } from '@jifen/shared';
import type { Request, Response } from 'express';
import { forbidden } from '../../core/errors/domain-error';
import { CurrentPrincipal, Roles } from '../../core/http/access';
import type { Principal } from '../../core/http/principal';
import { JobQueues } from '../../core/queue/job-queues';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { BOARD_AUDIENCE, BOARD_COOKIE, BOARD_PASS_TTL_S, BOARD_PATH } from './queue-board';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
@Roles('admin')
export class QueuesController {
  constructor(
    private readonly queues: JobQueues,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  /** Per queue: waiting, active, failed, delayed and completed counts, and the latest failures. */
  @Get()
  async overview(): Promise<QueuesAnswer> {
    return { queues: await this.queues.overview() };
  }

  /** Sets the dashboard's cookie for this browser and says where to open it. */
  @Post('board-session')
  @HttpCode(200)
  async session(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BoardSession> {
    if (p.kind !== 'user')
      throw forbidden('the dashboard opens for a logged-in administrator', '请以管理员身份登录后打开');
    const pass = this.auth.issueTicket(p, BOARD_AUDIENCE, BOARD_PASS_TTL_S);
    // The dashboard can retry and remove jobs: who held a pass, and until when, is on record.
    await this.audit.record(null, p.name, 'queues.board-opened', 'queues:board', {
      before: null,
      after: { expiresAt: new Date(pass.expiresAt).toISOString() },
    });
    res.cookie(BOARD_COOKIE, pass.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: BOARD_PATH,
      maxAge: BOARD_PASS_TTL_S * 1000,
    });
    return { url: `${BOARD_PATH}/`, expiresAt: new Date(pass.expiresAt).toISOString() };
  }
}
