import { Injectable, Logger } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { forbidden } from '../../core/errors/domain-error';
import { toErrorBody } from '../../core/errors/error.filter';
import type { Principal } from '../../core/http/principal';
import { JobQueues } from '../../core/queue/job-queues';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';

/** Where the dashboard lives, and the cookie (scoped to that path) that lets a browser in. */
export const BOARD_PATH = '/api/queues/board';
export const BOARD_COOKIE = 'jifen_queue_board';
export const BOARD_AUDIENCE = 'queue-board';
/** A pass lasts this long; the console asks for a new one each time it opens the board. */
export const BOARD_PASS_TTL_S = 15 * 60;

/** One cookie's value from the request (express does not parse cookies by itself). */
function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Bull Board, the maintained BullMQ dashboard, mounted behind admin authentication. The
 * console holds a bearer token a browser tab cannot send, so an admin's bearer request
 * (`POST /api/queues/board-session`) hands over a short-lived signed, HttpOnly, SameSite
 * cookie valid for this path only; a bearer token works too, for tools.
 */
@Injectable()
export class QueueBoard {
  private readonly logger = new Logger('queues');
  constructor(
    private readonly queues: JobQueues,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  mount(app: NestExpressApplication): void {
    const server = new ExpressAdapter();
    server.setBasePath(BOARD_PATH);
    createBullBoard({
      queues: this.queues.all().map((q) => new BullMQAdapter(q)),
      serverAdapter: server,
      // Chinese first, like the rest of Jifen; the board's own settings switch the language.
      options: { uiConfig: { boardTitle: 'Jifen 任务队列', locale: { lng: 'zh-CN' } } },
    });
    app.use(BOARD_PATH, (req: Request, res: Response, next: NextFunction) => {
      this.admit(req).then(
        (p) => (req.method === 'GET' || req.method === 'HEAD' ? next() : this.audited(p, req, res, next)),
        (e: unknown) => {
          const body = toErrorBody(e);
          res.status(body.statusCode).json(body);
        },
      );
    });
    app.use(BOARD_PATH, server.getRouter());
  }

  /**
   * What an administrator does on the board (retry, promote, clean, pause, remove jobs) is
   * in the audit log like every other change: the queues as they stood before and after.
   */
  private async audited(p: Principal, req: Request, res: Response, next: NextFunction): Promise<void> {
    const before = await this.state();
    res.on('finish', () => {
      if (res.statusCode >= 300) return;
      void this.state()
        .then((after) =>
          this.audit.record(
            null,
            p.name,
            'queues.changed',
            `queues:${req.method} ${req.path}`.slice(0, 200),
            {
              before,
              after,
            },
          ),
        )
        .catch((e: Error) => this.logger.warn(`board action not audited: ${e.message}`));
    });
    next();
  }

  private state() {
    return Promise.all(
      this.queues.all().map(async (q) => ({
        queue: q.name,
        paused: await q.isPaused(),
        counts: await q.getJobCounts('waiting', 'active', 'failed', 'delayed', 'completed', 'paused'),
      })),
    );
  }

  private async admit(req: Request): Promise<Principal> {
    const header = req.headers.authorization;
    const principal = header?.startsWith('Bearer ')
      ? await this.auth.authenticate(header.slice(7).trim())
      : await this.auth.authenticateTicket(cookieOf(req, BOARD_COOKIE), BOARD_AUDIENCE);
    if (principal.role !== 'admin') {
      throw forbidden('the queue dashboard is for administrators', '任务队列面板仅限管理员访问');
    }
    return principal;
  }
}
