import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig } from '../../config/config';

/**
 * Whether a browser on `origin` may call this server: its own origin, or one configured in
 * JIFEN_ALLOWED_ORIGINS. A request without an Origin (a source system, curl, a test client) is
 * not a browser page acting for someone, and may. The server's own origin is read from the
 * Host the request came to; nginx passes `$host`, which drops the port, so a Host without a
 * port matches any port of the same host name.
 */
export function originAllowed(
  origin: string | undefined,
  headers: IncomingHttpHeaders,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false;
  }
  // Host, never X-Forwarded-Host: a page could send that header itself and name its own origin.
  const host = headers.host;
  if (!host) return false;
  const [name, port] = host.toLowerCase().split(/:(?=\d+$)/);
  const fromPort = from.port || (from.protocol === 'https:' ? '443' : '80');
  return from.hostname === name && (port === undefined || port === fromPort);
}

/**
 * Security headers with a content security policy the wall, the console, the publication
 * pages and the queue board live within: scripts and fonts only from this server, styles
 * also inline (ECharts writes its tooltips as styled HTML), images also as data: and blob:
 * (chart exports), and connections to this server only (its websocket included). No X-Powered-By.
 * CORS answers only the allowed origins; the live feed checks them in its handshake.
 */
export function applySecurityHeaders(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          fontSrc: ["'self'", 'data:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'self'"],
          formAction: ["'self'"],
        },
      },
      // Deployments on a plain-HTTP intranet address must not be told to upgrade to HTTPS.
      strictTransportSecurity: false,
    }),
  );
  app.enableCors((req, callback) => {
    const allowed = originAllowed(req.headers.origin, req.headers, config.allowedOrigins);
    callback(null, { origin: allowed, credentials: false, maxAge: 600 });
  });
}
