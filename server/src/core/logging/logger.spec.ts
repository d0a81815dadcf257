import { Writable } from 'node:stream';
import { JifenLogger, createLogger, requestScope, type LogSettings } from './logger';
import { prettyLine } from './pretty-line';
import { redactUrl, requestIdOf } from './request-logging';

function capture(settings: LogSettings) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const root = createLogger(settings, sink);
  return { root, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the Nest logger on pino', () => {
  it("writes Nest's route mapping one level down, so the default level hides it", () => {
    const { root, entries } = capture({ logLevel: 'log', logFormat: 'json' });
    const nest = new JifenLogger(root);
    nest.log('Mapped {/api/events, POST} route', 'RouterExplorer');
    nest.log('relay leader from seq 0', 'relay');
    expect(entries()).toEqual([
      expect.objectContaining({ level: 'info', context: 'relay', msg: 'relay leader from seq 0' }),
    ]);
  });

  it('keeps the route mapping at JIFEN_LOG_LEVEL=debug', () => {
    const { root, entries } = capture({ logLevel: 'debug', logFormat: 'json' });
    new JifenLogger(root).log('Mapped {/api/events, POST} route', 'RouterExplorer');
    expect(entries()).toEqual([expect.objectContaining({ level: 'debug', context: 'RouterExplorer' })]);
  });

  it("tells an error's stack from its context", () => {
    const { root, entries } = capture({ logLevel: 'warn', logFormat: 'json' });
    const nest = new JifenLogger(root);
    nest.error('boom', 'Error: boom\n    at somewhere (file.ts:1:1)', 'http');
    nest.error('plain', 'jobs');
    nest.log('not shown at warn', 'relay');
    expect(entries()).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'boom',
        context: 'http',
        stack: expect.stringMatching(/at somewhere/),
      }),
      expect.objectContaining({ level: 'error', msg: 'plain', context: 'jobs' }),
    ]);
  });

  it("binds the request's logger, so a line logged while serving a request carries its id", () => {
    const { root, entries } = capture({ logLevel: 'log', logFormat: 'json' });
    const nest = new JifenLogger(root);
    requestScope.run(root.child({ requestId: 'req-7' }), () => nest.warn('slow query', 'ingest'));
    nest.warn('outside', 'ingest');
    expect(entries().map((e) => e.requestId)).toEqual(['req-7', undefined]);
  });

  it('writes one readable line per entry in the terminal format', () => {
    const { root, lines } = capture({ logLevel: 'log', logFormat: 'pretty' });
    new JifenLogger(root).warn('lease lost', 'relay');
    expect(lines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d WARN {2}relay: lease lost$/)]);
  });
});

describe('the terminal format', () => {
  it('leaves out what every line has and the request a request line already names', () => {
    const line = prettyLine(
      JSON.stringify({
        level: 'warn',
        time: '2026-11-23T08:15:02.123Z',
        pid: 1,
        requestId: 'abc',
        req: { method: 'GET', url: '/api/x' },
        res: { statusCode: 404 },
        ms: 3,
        msg: 'GET /api/x 404',
      }),
    );
    expect(line).toBe('08:15:02 WARN  GET /api/x 404  {"requestId":"abc","ms":3}\n');
  });

  it('puts a stack under its line and passes through what is not JSON', () => {
    const line = prettyLine(
      JSON.stringify({ level: 'error', msg: 'x', err: { stack: 'Error: x\n    at y' } }),
    );
    expect(line).toBe(' ERROR x\nError: x\n    at y\n');
    expect(prettyLine('plain text')).toBe('plain text\n');
  });
});

describe('request ids', () => {
  const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as never;

  it('keeps an id a proxy sent and makes one when there is none', () => {
    expect(requestIdOf(req('edge-1f3a:42'))).toBe('edge-1f3a:42');
    expect(requestIdOf(req())).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces an id that could forge log lines or flood them', () => {
    expect(requestIdOf(req('a"}\n{"level":"fatal'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(req('x'.repeat(129)))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes a token from a query string', () => {
    expect(redactUrl('/wall?token=jfd_secret&lang=en')).toBe('/wall?token=***&lang=en');
    expect(redactUrl('/x?a=1&access_token=abc')).toBe('/x?a=1&access_token=***');
  });
});
