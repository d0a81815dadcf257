import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ErrorBody } from '@jifen/shared';
import type { Response } from 'express';
import { isConnectionLost } from '../database/connection-lost';
import { isRedisUnavailable } from '../redis/redis-unavailable';
import { DomainError } from './domain-error';

const ZH_BY_STATUS: Record<number, string> = {
  400: '请求有误',
  401: '未登录或令牌无效',
  403: '无权访问',
  404: '未找到',
  413: '请求体过大',
  415: '不支持的请求体类型',
  429: '请求过于频繁',
};

/** The answer when the database cannot be reached or dropped the connection mid-request. */
export const DATABASE_UNAVAILABLE: ErrorBody = {
  statusCode: 503,
  code: 'DATABASE.UNAVAILABLE',
  message: 'the database is unavailable; nothing of this request was stored, send it again',
  messageZh: '数据库暂时不可用，本次请求未保存任何内容，请重新提交',
};

/** The answer when Redis cannot be reached: what needed it is not answered from a guess. */
export const REDIS_UNAVAILABLE: ErrorBody = {
  statusCode: 503,
  code: 'REDIS.UNAVAILABLE',
  message: 'Redis is unavailable (restarting or unreachable); try again shortly',
  messageZh: 'Redis 暂时不可用（正在重启或无法连接），请稍后重试',
};

/** Every HTTP error leaves as an ErrorBody, whatever threw it. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.code === DATABASE_UNAVAILABLE.code || body.code === REDIS_UNAVAILABLE.code)
      this.logger.warn(`${body.code}: ${(exception as Error).message}`);
    else if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number')
      res.setHeader('Retry-After', String(retryAfter));
    res.status(body.statusCode).json(body);
  }
}

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      messageZh: exception.messageZh,
      ...(exception.details === undefined ? {} : { details: exception.details }),
    };
  }
  // body-parser errors (bad JSON, too large) carry a type, sometimes wrapped by Nest as the cause
  const e = exception as {
    status?: number;
    type?: string;
    message?: string;
    cause?: { type?: string; message?: string };
  };
  const type = e?.type ?? e?.cause?.type;
  if (type === 'entity.parse.failed' || type === 'entity.too.large') {
    const status = type === 'entity.too.large' ? 413 : 400;
    return type === 'entity.parse.failed'
      ? {
          statusCode: status,
          code: 'REQUEST.MALFORMED_JSON',
          message: `the body is not valid JSON: ${e.cause?.message ?? e.message}`,
          messageZh: '请求体不是合法的 JSON',
        }
      : {
          statusCode: status,
          code: 'REQUEST.TOO_LARGE',
          message: 'the body is larger than the server accepts (JIFEN_BODY_MAX_BYTES)',
          messageZh: '请求体过大',
        };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const resp = exception.getResponse();
    const message =
      typeof resp === 'string' ? resp : String((resp as { message?: unknown }).message ?? exception.message);
    // Nest turns body-parser's SyntaxError into a bare 400 carrying the parser's message.
    if (status === 400 && /JSON/.test(message)) {
      return {
        statusCode: 400,
        code: 'REQUEST.MALFORMED_JSON',
        message: `the body is not valid JSON: ${message}`,
        messageZh: '请求体不是合法的 JSON',
      };
    }
    return {
      statusCode: status,
      code: `HTTP.${status}`,
      message,
      messageZh: ZH_BY_STATUS[status] ?? message,
    };
  }
  if (isRedisUnavailable(exception)) return { ...REDIS_UNAVAILABLE };
  if (isConnectionLost(exception)) return { ...DATABASE_UNAVAILABLE };
  return { statusCode: 500, code: 'INTERNAL', message: 'internal error', messageZh: '服务器内部错误' };
}
