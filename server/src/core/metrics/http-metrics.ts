import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Times every HTTP request and labels it with the route pattern (`/api/alerts/:id/ack`),
 * never the raw path: ids in paths would give every alert a series of its own. Requests no
 * route answered are `(static)` when they succeeded (the web app) and `(unmatched)` otherwise.
 */
export function httpMetrics(metrics: Metrics): Middleware {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = (req as IncomingMessage & { route?: { path?: unknown } }).route?.path;
      end({
        method: req.method ?? 'GET',
        route: typeof route === 'string' ? route : res.statusCode < 400 ? '(static)' : '(unmatched)',
        status: String(res.statusCode),
      });
    });
    next();
  };
}
