import type { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { prettyLine } from './pretty-line';

export type LogSettings = Pick<AppConfig, 'logLevel' | 'logFormat'>;

/** JIFEN_LOG_LEVEL keeps Nest's names; pino calls `log` `info`. */
const PINO_LEVEL: Record<AppConfig['logLevel'], Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
};

/**
 * Nest's own start-up chatter: one line per module, route and gateway (about 80 lines)
 * before anything a person needs. It is kept, one level down, for JIFEN_LOG_LEVEL=debug.
 */
const FRAMEWORK_BOOT = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'WebSocketsController',
]);

/**
 * The logger of the request being handled, so that a line written anywhere while serving a
 * request carries that request's id.
 */
export const requestScope = new AsyncLocalStorage<Logger>();

/** The process's root logger: JSON lines, or one readable line per entry for a terminal. */
export function createLogger(settings: LogSettings, destination?: DestinationStream): Logger {
  const options = {
    level: PINO_LEVEL[settings.logLevel],
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (settings.logFormat === 'json') return pino(options, destination ?? pino.destination({ sync: true }));
  const out = destination ?? process.stdout;
  return pino(options, { write: (line: string) => void out.write(prettyLine(line)) });
}

/** Nest's LoggerService on top of pino: `new Logger('relay').warn(…)` ends up here. */
export class JifenLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  private get current(): Logger {
    return requestScope.getStore() ?? this.root;
  }

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.write(context && FRAMEWORK_BOOT.has(context) ? 'debug' : 'info', message, context);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, contextOf(params));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, contextOf(params));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, contextOf(params));
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, contextOf(params));
  }

  /** Nest passes `(message, stack?, context?)`; a lone second argument is a stack only if it looks like one. */
  error(message: unknown, ...params: unknown[]): void {
    let stack: string | undefined;
    let context: string | undefined;
    if (params.length >= 2) {
      stack = typeof params[0] === 'string' ? params[0] : undefined;
      context = contextOf(params);
    } else if (typeof params[0] === 'string') {
      if (/\n\s+at /.test(params[0])) stack = params[0];
      else context = params[0];
    }
    this.write('error', message, context, stack);
  }

  private write(level: Level | 'trace', message: unknown, context?: string, stack?: string): void {
    const logger = this.current;
    if (!logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields.stack = stack;
    if (message instanceof Error) logger[level]({ ...fields, err: message }, message.message);
    else if (message !== null && typeof message === 'object') logger[level]({ ...fields, ...message });
    else logger[level](fields, String(message));
  }
}

function contextOf(params: unknown[]): string | undefined {
  const last = params[params.length - 1];
  return typeof last === 'string' ? last : undefined;
}
