import 'reflect-metadata';
import { INestApplicationContext, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config';
import { AppModule } from './app.module';
import { Clock, SystemClock } from './core/clock/clock';
import { JifenLogger, createLogger } from './core/logging/logger';
import { requestLogging } from './core/logging/request-logging';
import { applySecurityHeaders } from './core/http/security-headers';
import {
  bodyParserError,
  limitJsonShape,
  requireJsonBodies,
  requireStorableUrl,
} from './core/http/request-framing';
import { toErrorBody } from './core/errors/error.filter';
import { httpMetrics } from './core/metrics/http-metrics';
import { Metrics } from './core/metrics/metrics';
import { checkDatabase, checkRedis } from './core/preflight';
import { LiveServer } from './core/realtime/live.server';
import { OutboxRelay } from './core/realtime/outbox.relay';
import { AuthService } from './modules/auth/auth.service';
import { DemoBureau, type DemoCredentials } from './modules/demo/demo-bureau';
import { DemoHistory } from './modules/demo/demo-history';
import { DemoSupervision } from './modules/demo/demo-supervision';
import { EventSimulator } from './modules/demo/event-simulator';
import { NotificationDispatcher } from './modules/notifications/dispatcher';
import { InboxService } from './modules/notifications/inbox.service';
import { QueueBoard } from './modules/queues/queue-board';
import { LeaderboardCache } from './modules/scoring/leaderboard.cache';

export interface RunningJifen {
  app: INestApplicationContext;
  /** http://host:port when serving HTTP. */
  url: string | null;
  clock: Clock;
  /** The process's root logger (JSON lines or the terminal format, per JIFEN_LOG_FORMAT). */
  log: Logger;
  generatedAdminPassword: string | null;
  demo: (DemoCredentials & { fresh: boolean }) | { displayToken: string; fresh: false } | null;
  close(): Promise<void>;
}

/**
 * Starts one Jifen process in the configured role: `api` serves HTTP and the live feed,
 * `worker` runs the BullMQ workers, `all` does both. Tests call this with their own
 * configuration and a settable clock.
 */
export async function startJifen(
  config: AppConfig,
  clock: Clock = new SystemClock(),
  opts: { simulate?: boolean } = {},
): Promise<RunningJifen> {
  await checkRedis(config);
  await checkDatabase(config);
  const module = AppModule.forRoot(config, clock);
  const log = createLogger(config);
  const logger = new JifenLogger(log);
  const serving = config.role !== 'worker';
  let url: string | null = null;
  let app: INestApplicationContext;
  if (serving) {
    const http = await NestFactory.create<NestExpressApplication>(module, { logger, bodyParser: false });
    http.use(requestLogging(log, config.logFormat));
    http.use(httpMetrics(http.get(Metrics)));
    applySecurityHeaders(http, config);
    http.use(requireStorableUrl());
    http.use(requireJsonBodies());
    http.useBodyParser('json', { limit: config.limits.bodyBytes });
    http.use(answerErrors(config));
    http.use(limitJsonShape(config.limits));
    http.setGlobalPrefix('api', { exclude: ['metrics'] });
    http.enableShutdownHooks();
    const doc = SwaggerModule.createDocument(
      http,
      new DocumentBuilder().setTitle('Jifen API').setVersion('0.1.0').addBearerAuth().build(),
    );
    SwaggerModule.setup('api/docs', http, doc);
    http.get(QueueBoard).mount(http);
    serveWeb(http, config.webDist);
    http.use(answerErrors(config));
    await http.init();
    http.get(LiveServer).attach(http.getHttpServer());
    http.get(InboxService).attach(http.get(LiveServer).namespace!);
    await http.get(LeaderboardCache).rebuildAll();
    await http.get(OutboxRelay).start();
    await http.listen(config.port, config.host);
    const address = http.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    app = http;
  } else {
    app = await NestFactory.createApplicationContext(module, { logger });
    app.enableShutdownHooks();
  }

  let demo: RunningJifen['demo'] = null;
  let history: Promise<void> | null = null;
  if (config.demo && serving) {
    const bureau = app.get(DemoBureau);
    const seeded = await bureau.seedIfEmpty();
    // Seconds of backfill and airing: in the background, so the first start is not held up.
    if (seeded)
      history = app
        .get(DemoHistory)
        .seed()
        .catch((e: Error) => log.warn(`demo history failed: ${e.message}`));
    demo = seeded
      ? { ...seeded, fresh: true }
      : { displayToken: await bureau.freshDisplayToken(), fresh: false };
    if (opts.simulate !== false) {
      app.get(EventSimulator).start(config.demoRate);
      app.get(DemoSupervision).start();
    }
  }
  // After the demo's history is seeded: a first start tells nobody of the past. While the
  // history airs in the background the dispatcher waits for it, and the start goes on.
  let closing = false;
  if (config.role !== 'api') {
    const dispatcher = app.get(NotificationDispatcher);
    if (history)
      void history
        .then(() => (closing ? undefined : dispatcher.start()))
        .catch((e: Error) => log.warn(`notification dispatcher did not start: ${e.message}`));
    else await dispatcher.start();
  }
  return {
    app,
    url,
    clock,
    log,
    generatedAdminPassword: app.get(AuthService).generatedAdminPassword,
    demo,
    close: () => {
      closing = true;
      return app.close();
    },
  };
}

/**
 * Errors raised outside Nest's handlers (the body parser, a static file) answered as an
 * ErrorBody: never Express's default page, which shows the stack outside production.
 */
function answerErrors(config: AppConfig) {
  return (e: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(e);
    const status = (e as { status?: unknown } | null)?.status;
    const body =
      bodyParserError(e, config.limits) ??
      (typeof status === 'number' && status >= 400 && status < 500
        ? { statusCode: status, code: `HTTP.${status}`, message: (e as Error).message, messageZh: '请求有误' }
        : toErrorBody(e));
    if (body.statusCode >= 500) new NestLogger('http').error(e instanceof Error ? e.stack : String(e));
    res.status(body.statusCode).json(body);
  };
}

/** The built web app on the same origin as the API; deep links like /wall fall back to index.html. */
function serveWeb(app: NestExpressApplication, dist: string): void {
  const index = path.join(dist, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(dist, { index: false, maxAge: '1h' });
  app.use(
    (req: { method: string; path: string }, res: { sendFile: (p: string) => void }, next: () => void) => {
      if (
        req.method === 'GET' &&
        /^\/(wall|console|publications)?(\/|$)/.test(req.path) &&
        !req.path.startsWith('/api')
      ) {
        res.sendFile(index);
        return;
      }
      next();
    },
  );
}
