import { simpleParser, type ParsedMail } from 'mailparser';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A request as a webhook receiver saw it: raw body, headers, and when it arrived. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/**
 * A local HTTP server standing in for a webhook endpoint. `answer` decides each reply (by
 * the request and how many came before it); returning null leaves the request hanging,
 * like an endpoint that never answers.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly hanging: ServerResponse[] = [];
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedRequest = {
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const status = this.answer(r, this.requests.filter((x) => x.path === r.path).length);
      this.requests.push(r);
      if (status === null) {
        this.hanging.push(res);
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again');
    });
  });

  constructor(public answer: (r: ReceivedRequest, before: number) => number | null = () => 200) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A local SMTP server that accepts every message and keeps it, parsed. */
export class SmtpReceiver {
  readonly messages: (ParsedMail & { envelopeTo: string[] })[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream).then(
        (mail) => {
          this.messages.push({
            ...mail,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          } as ParsedMail & { envelopeTo: string[] });
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until `check` stops throwing (or returns a value), up to a limit. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
