import type { ErrorBody, IngestAnswer } from '@jifen/shared';
import { gzipSync } from 'node:zlib';
import { event } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { createToken } from '../support/tokens';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Item 5 of issue 10, the deterministic half: every limit at its edge (one server with small
 * limits), every layer's refusal naming the problem, and the class of malformed event that
 * used to fail a whole batch with a 500. The generated half is fuzz.property.test.ts.
 */
const NOW = '2026-11-23T12:00:00+08:00';
const LIMITS = {
  JIFEN_BODY_MAX_BYTES: '4096',
  JIFEN_JSON_MAX_DEPTH: '8',
  JIFEN_JSON_MAX_KEYS: '20',
  JIFEN_BATCH_MAX_EVENTS: '5',
  JIFEN_EVENT_MAX_AGE_DAYS: '30',
  JIFEN_EVENT_MAX_AHEAD_MINUTES: '10',
};
let s: TestServer;
let ingest: string;

beforeAll(async () => {
  s = await startTestServer({ now: NOW, env: LIMITS });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (await createToken(s, { kind: 'ingest', label: 'source' })).token;
});
afterAll(() => s.stop());

const post = (events: unknown[]) =>
  s.api<IngestAnswer & ErrorBody>('POST', '/api/events', { events }, ingest);
function send(body: string | Buffer, headers: Record<string, string>, path = '/api/events') {
  return fetch(s.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingest}`, ...headers },
    body,
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as ErrorBody & IngestAnswer }));
}
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('HTTP framing', () => {
  it.each([
    ['text/plain', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['application/x-www-form-urlencoded', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['multipart/form-data; boundary=x', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['application/json; charset=latin1', 415, 'REQUEST.UNSUPPORTED_CHARSET'],
  ])('a body of type %s is a %i naming it', async (type, status, code) => {
    const r = await send(JSON.stringify({ events: [event('case.filed')] }), { 'content-type': type });
    expect(r.status).toBe(status);
    expect(r.body.code).toBe(code);
  });

  it('a body without a content type is a 415, not "events: required"', async () => {
    const r = await fetch(s.url + '/api/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${ingest}` },
      body: new Uint8Array(Buffer.from('{"events":[]}')),
    });
    expect(r.status).toBe(415);
    expect(((await r.json()) as ErrorBody).message).toMatch(/must be application\/json, not untyped/);
  });

  it('an unknown content encoding is a 415; gzip is read', async () => {
    const body = JSON.stringify({ events: [event('case.filed')] });
    const unknown = await send(body, { 'content-type': 'application/json', 'content-encoding': 'zstd-x' });
    expect(unknown.status).toBe(415);
    expect(unknown.body.code).toBe('REQUEST.UNSUPPORTED_ENCODING');
    const gz = await send(gzipSync(body), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(gz.status).toBe(200);
    expect(gz.body.accepted).toBe(1);
  });

  it('the body limit: exactly JIFEN_BODY_MAX_BYTES is read, one byte more is a 413 naming the limit', async () => {
    const json = JSON.stringify({ events: [event('case.filed')] });
    const exact = json + ' '.repeat(4096 - Buffer.byteLength(json));
    expect((await send(exact, { 'content-type': 'application/json' })).status).toBe(200);
    const over = await send(exact + ' ', { 'content-type': 'application/json' });
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({
      code: 'REQUEST.TOO_LARGE',
      message: expect.stringContaining('4096 bytes'),
    });
  });

  it('a gzip bomb is measured after inflating: a 413, not a full memory', async () => {
    const inflated = JSON.stringify({
      events: [event('case.filed', { data: { pad: ' '.repeat(1_000_000) } })],
    });
    const r = await send(gzipSync(inflated), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(r.status).toBe(413);
  });

  it('malformed JSON is a 400 saying so', async () => {
    const r = await send('{"events": [', { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('REQUEST.MALFORMED_JSON');
  });
});

describe('JSON structure', () => {
  const nested = (levels: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = [v];
    return v;
  };

  it('depth: JIFEN_JSON_MAX_DEPTH levels are read, one more is a 400 naming where', async () => {
    // The body object, events, the event and data are 4 levels; data.x adds the rest.
    const ok = await post([event('case.filed', { data: { x: nested(4) } })]);
    expect(ok.status).toBe(200);
    const deep = await post([event('case.filed', { data: { x: nested(5) } })]);
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({
      code: 'REQUEST.TOO_COMPLEX',
      message: 'events.0.data.x.0.0.0.0: nests arrays and objects deeper than 8 levels',
    });
  });

  it('keys: JIFEN_JSON_MAX_KEYS keys in one object are read, one more is a 400', async () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect((await post([event('case.filed', { data: keys(20) })])).status).toBe(200);
    const wide = await post([event('case.filed', { data: keys(21) })]);
    expect(wide.status).toBe(400);
    expect(wide.body.message).toBe('events.0.data: has 21 keys, more than 20');
  });

  it('batch size: JIFEN_BATCH_MAX_EVENTS events are read, one more is a 400', async () => {
    const batch = (n: number) => Array.from({ length: n }, () => event('case.filed'));
    const five = await post(batch(5));
    expect(five.status).toBe(200);
    expect(five.body.accepted).toBe(5);
    const six = await post(batch(6));
    expect(six.status).toBe(400);
    expect(six.body.message).toContain('events: a batch holds at most 5 events');
  });

  it.each([
    ['an array', []],
    ['a string', '"events"'],
    ['null', 'null'],
    ['events not an array', { events: { 0: {} } }],
  ])('a body that is %s is a 400 naming the field', async (_, body) => {
    const r = await s.api<ErrorBody>('POST', '/api/events', body, ingest);
    expect(r.status).toBe(400);
    expect(r.body.code).toMatch(/^REQUEST\./);
  });
});

describe('field values, per event, keeping the valid siblings', () => {
  async function rejectedWith(bad: unknown): Promise<{ field: string; message: string }[]> {
    const good = event('case.filed');
    const r = await post([good, bad, event('case.closed', { subject: good.subject })]);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.rejected).toHaveLength(1);
    expect(r.body.rejected[0].index).toBe(1);
    return r.body.rejected[0].errors;
  }

  it.each([
    ['a NUL in the eventId', { ...event('case.filed'), eventId: 'id\u0000x' }, 'eventId', /NUL/],
    [
      'a NUL in the subject ref',
      event('case.filed', { subject: { kind: 'case', ref: 'C\u0000' } }),
      'subject.ref',
      /NUL/,
    ],
    [
      'a lone surrogate in the eventId',
      { ...event('case.filed'), eventId: 'id\ud800' },
      'eventId',
      /surrogate/,
    ],
    [
      'a lone surrogate in data',
      event('case.filed', { data: { note: 'x\udc00' } }),
      'data.note',
      /surrogate/,
    ],
    ['a NUL in a data key', event('case.filed', { data: { 'k\u0000': 1 } }), 'data.k\\u0000', /NUL/],
    [
      'a control character in a unit code',
      { ...event('case.filed'), unitCode: 'S\u001b1' },
      'unitCode',
      /control/,
    ],
    [
      'year 1',
      { ...event('case.filed'), occurredAt: '0001-01-01T00:00:00Z' },
      'occurredAt',
      /days in the past/,
    ],
    [
      'year 9999',
      { ...event('case.filed'), occurredAt: '9999-12-31T23:59:59Z' },
      'occurredAt',
      /in the future/,
    ],
    [
      '30 February',
      { ...event('case.filed'), occurredAt: '2026-02-30T08:00:00+08:00' },
      'occurredAt',
      /datetime/i,
    ],
    [
      '31 April',
      { ...event('case.filed'), occurredAt: '2026-04-31T08:00:00+08:00' },
      'occurredAt',
      /datetime/i,
    ],
    [
      '29 February of a common year',
      { ...event('case.filed'), occurredAt: '2025-02-29T08:00:00Z' },
      'occurredAt',
      /datetime/i,
    ],
    [
      'hour 24',
      { ...event('case.filed'), occurredAt: '2026-11-23T24:00:00+08:00' },
      'occurredAt',
      /datetime/i,
    ],
    ['no offset', { ...event('case.filed'), occurredAt: '2026-11-23T08:00:00' }, 'occurredAt', /datetime/i],
    [
      'a number for a date',
      { ...event('case.filed'), occurredAt: 1_795_000_000_000 },
      'occurredAt',
      /string/,
    ],
    [
      'an unknown unit in another case',
      { ...event('case.filed'), unitCode: 's1' },
      'unitCode',
      /did you mean S1\?/,
    ],
    [
      'a string for hours',
      event('case.deadline_extended', { data: { obligation: 'X', hours: '4' } }),
      'data.hours',
      /number/,
    ],
    [
      'a negative day count',
      event('case.deadline_extended', { data: { obligation: 'X', days: -1 } }),
      'data.days',
      /0/,
    ],
    [
      'a huge day count',
      event('case.deadline_extended', { data: { obligation: 'X', days: 1e9 } }),
      'data.days',
      /366/,
    ],
    ['an eventId of 129 characters', { ...event('case.filed'), eventId: 'x'.repeat(129) }, 'eventId', /128/],
  ])('%s', async (_, bad, field, message) => {
    const errors = await rejectedWith(bad);
    expect(errors).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('a rejected event claims nothing: the same id sent valid afterwards is accepted', async () => {
    const e = event('case.filed');
    await post([{ ...e, data: { note: 'x\ud800' } }]);
    await post([{ ...e, occurredAt: '9999-01-01T00:00:00Z' }]);
    const r = await post([e]);
    expect(r.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('the date window at its edges: exactly JIFEN_EVENT_MAX_AGE_DAYS old and MAX_AHEAD_MINUTES ahead are accepted', async () => {
    const r = await post([
      { ...event('case.filed'), occurredAt: at(-30 * DAY) },
      { ...event('case.filed'), occurredAt: at(-30 * DAY - 1000) },
      { ...event('case.filed'), occurredAt: at(10 * MIN) },
      { ...event('case.filed'), occurredAt: at(10 * MIN + 1000) },
    ]);
    expect(r.body.accepted).toBe(2);
    expect(r.body.rejected.map((x) => [x.index, x.errors[0].message])).toEqual([
      [1, 'occurredAt is more than 30 days in the past'],
      [3, 'occurredAt is more than 10 minutes in the future'],
    ]);
  });

  it('Chinese, emoji, right-to-left and zero-width text is kept as sent', async () => {
    const e = event('case.accepted', {
      subject: { kind: 'case', ref: '案-🚓-\u202e\u200b' },
      data: { caseKind: 'criminal', category: '盗窃 🚲 \u05e9\u05dc\u05d5\u05dd' },
    });
    expect((await post([e])).body.accepted).toBe(1);
    expect((await post([e])).body.duplicates).toBe(1);
  });
});

describe('identifiers in paths and queries', () => {
  it.each([
    ['a NUL in a path id', '/api/alerts/abc%00def'],
    ['a lone surrogate in a path id', '/api/alerts/%ED%A0%80'],
    ['a broken escape', '/api/alerts/%E0%A4%A'],
    ['a NUL in a query', '/api/audit?action=a%00b'],
  ])('%s is a 400 naming the URL', async (_, path) => {
    const r = await s.api<ErrorBody>('GET', path, undefined, s.adminToken);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('REQUEST.MALFORMED_URL');
  });

  it('an unknown id is a 404, in any case', async () => {
    for (const id of ['no-such-alert', 'NO-SUCH-ALERT', 'x'.repeat(500)]) {
      const r = await s.api<ErrorBody>('GET', `/api/alerts/${id}`, undefined, s.adminToken);
      expect(r.status).toBe(404);
    }
  });

  it('other JSON bodies refuse unstorable text with a 400 naming the field', async () => {
    const r = await s.api<ErrorBody>(
      'POST',
      '/api/users',
      { username: 'ok.name', password: 'a-long-password\u0000', role: 'admin' },
      s.adminToken,
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      code: 'REQUEST.INVALID_TEXT',
      details: { fields: [{ field: 'password' }] },
    });
  });
});
