import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ErrorBody } from '@jifen/shared';
import type { Response } from 'express';
import { DomainError } from './domain-error';

const ZH_BY_STATUS: Record<number, string> = {
  400: '请求有误',
  401: '未登录或令牌无效',
  403: '无权访问',
  404: '未找到',
  413: '请求体过大',
  429: '请求过于频繁',
};

/** Every HTTP error leaves as an ErrorBody, whatever threw it. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
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
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const resp = exception.getResponse();
    const message =
      typeof resp === 'string' ? resp : String((resp as { message?: unknown }).message ?? exception.message);
    return { statusCode: status, code: `HTTP.${status}`, message, messageZh: ZH_BY_STATUS[status] ?? message };
  }
  // body-parser errors (bad JSON, too large) carry a status and a type
  const e = exception as { status?: number; type?: string; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    const code = e.type === 'entity.parse.failed' ? 'REQUEST.MALFORMED_JSON' : e.type === 'entity.too.large' ? 'REQUEST.TOO_LARGE' : `HTTP.${e.status}`;
    const message = e.type === 'entity.parse.failed' ? `the body is not valid JSON: ${e.message}` : (e.message ?? 'bad request');
    const messageZh = e.type === 'entity.parse.failed' ? '请求体不是合法的 JSON' : (ZH_BY_STATUS[e.status] ?? message);
    return { statusCode: e.status, code, message, messageZh };
  }
  return { statusCode: 500, code: 'INTERNAL', message: 'internal error', messageZh: '服务器内部错误' };
}
