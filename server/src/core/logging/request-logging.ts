import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Level, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../../config/config';
import { requestScope } from './logger';

export const REQUEST_ID_HEADER = 'x-request-id';

/** An id a proxy or client sent is kept when it is a plain token; anything else is replaced. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Probes that hit every node every few seconds: logged only at debug when they succeed. */
const PROBES = new Set(['/api/health', '/metrics']);

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

/** Secrets travel in some query strings (kiosk URLs carry the display token). */
export function redactUrl(url: string | undefined): string {
  return (url ?? '').replace(/([?&](?:token|access_token)=)[^&]*/gi, '$1***');
}

/**
 * One line per HTTP request with its id, method, path, status and duration. The id is
 * echoed in `x-request-id` and bound to every line logged while the request is handled.
 * Successful requests are `info` in JSON (operations want the traffic) and `debug` in the
 * terminal format (a person wants the problems).
 */
export function requestLogging(root: Logger, format: AppConfig['logFormat']): Middleware {
  const success: Level = format === 'json' ? 'info' : 'debug';
  const http = pinoHttp({
    logger: root,
    genReqId: (req, res) => {
      const id = requestIdOf(req);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
    // Lines logged while handling the request carry its id, not the whole request again.
    quietReqLogger: true,
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return PROBES.has((req.url ?? '').split('?')[0]) ? 'debug' : success;
    },
    customSuccessMessage: (req, res) => `${req.method} ${redactUrl(req.url)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${redactUrl(req.url)} ${res.statusCode}`,
    serializers: {
      req: (req: { method: string; url: string; headers: Record<string, string> }) => ({
        method: req.method,
        url: redactUrl(req.url),
        userAgent: req.headers['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req, res, next) =>
    http(req, res, () => requestScope.run((req as IncomingMessage & { log: Logger }).log, next));
}
