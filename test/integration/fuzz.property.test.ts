import { type ErrorBody, type EventType, type IngestAnswer, type ResumeAnswer } from '@jifen/shared';
import fc from 'fast-check';
import { Client } from 'pg';
import { event, type RawEvent } from '../factories/events';
import { OFFICERS, UNITS } from '../factories/org';
import { openSocket } from '../support/live-client';
import { createToken } from '../support/tokens';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Item 5 of issue 10, generated: hostile events, hostile bodies for every endpoint the
 * OpenAPI document lists, hostile live messages. Whatever comes, the answer is a clear 4xx
 * (or a per-event rejection) naming the problem, never a 500; valid siblings are kept; a
 * refused event writes nothing; the server stays up. Each run draws a fresh seed, so the
 * inputs differ from run to run; a failure prints the seed and the shrunk input to replay.
 */
const NOW = '2026-11-23T12:00:00+08:00';
let s: TestServer;
let ingest: string;
/** Read-only look at what was stored, to prove an answer's counts were written as sent. */
let db: Client;
const run = `${process.pid}-${Date.now().toString(36)}`;
let serial = 0;
let executions = 0;

beforeAll(async () => {
  s = await startTestServer({
    now: NOW,
    env: {
      // Generated traffic is not a person guessing or a wall looping: the limits have their own tests.
      JIFEN_LOGIN_MAX_FAILURES: '1000',
      JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE: '100000',
    },
  });
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  ingest = (await createToken(s, { kind: 'ingest', label: 'fuzz' })).token;
  db = new Client({ connectionString: (s.config.database as { url: string }).url });
  await db.connect();
}, 60_000);
afterAll(async () => {
  await db.end();
  await s.stop();
});

/** Which of these event ids are stored, exactly as spelled. */
async function storedIds(ids: string[]): Promise<Set<string>> {
  const rows = await db.query<{ eventId: string }>(
    'SELECT "eventId" FROM "events" WHERE "eventId" = ANY($1)',
    [ids],
  );
  return new Set(rows.rows.map((r) => r.eventId));
}

/** Text that has broken servers: NUL, lone surrogates, bidi and zero-width marks, dates outside any sane window. */
const EDGE_TEXT = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  '\ud83d\ude93',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u001b[31m',
  '盗窃',
  '__proto__',
  'constructor',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-02-30T08:00:00+08:00',
  '2026-11-23T24:00:00+08:00',
  '+275760-09-13T00:00:00Z',
  'S1',
  's1',
  '100001',
  'x'.repeat(300),
  "'; DROP TABLE events; --",
];
const nastyString = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...EDGE_TEXT), weight: 3 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 1 },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => parts.join(''));
const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 2 ** 53, -(2 ** 63), 1e308, true, false, null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A valid event of any type, unit and officer of the test bureau, dated inside the window. */
const DATA: Partial<Record<EventType, Record<string, unknown>>> = {
  'case.accepted': { caseKind: 'criminal' },
  'case.deadline_extended': { obligation: 'CRIM_FILING_DECISION_3D', days: 4 },
  'case.review.passed': { firstTime: true },
  'measure.started': { measure: 'bail', personRef: 'P1' },
  'measure.ended': { measure: 'bail', personRef: 'P1' },
  'arrest.requested': { personRef: 'P1' },
  'evidence.seized': { itemRef: 'I1' },
  'complaint.rated': { satisfied: false },
};
const TYPES: EventType[] = [
  'case.accepted',
  'case.filed',
  'case.deadline_extended',
  'case.review.passed',
  'measure.started',
  'measure.ended',
  'arrest.requested',
  'evidence.seized',
  'incident.received',
  'incident.handled',
  'complaint.received',
  'complaint.rated',
];
const validEvent: fc.Arbitrary<RawEvent> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    officer: fc.constantFrom(...OFFICERS),
    minutesAgo: fc.integer({ min: 0, max: 20 * 24 * 60 }),
    ref: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ type, officer, minutesAgo, ref }) => {
    const e = event(type, {
      unitCode: officer.unitCode,
      officers: [{ badgeNo: officer.badgeNo, role: 'primary' }],
      occurredAt: new Date(Date.parse(NOW) - minutesAgo * 60_000).toISOString(),
      data: DATA[type] ?? {},
    });
    e.eventId = `fz-${run}-${++serial}`;
    e.subject = { ...e.subject, ref: `${e.subject.kind}-${run}-${ref}` };
    return e;
  });

/** Where a mutation strikes, and what it leaves there (undefined: the field is gone). */
const FIELDS = [
  'eventId',
  'type',
  'occurredAt',
  'unitCode',
  'subject',
  'subject.kind',
  'subject.ref',
  'officers',
  'officers.0',
  'officers.0.badgeNo',
  'officers.0.role',
  'data',
  'data.x',
  'data.caseKind',
  'data.days',
] as const;
interface Mutant {
  event: unknown;
  base: RawEvent;
  field: string | null;
}
const mutant: fc.Arbitrary<Mutant> = fc.oneof(
  fc
    .record({
      base: validEvent,
      field: fc.constantFrom(...FIELDS),
      value: fc.oneof(
        { arbitrary: nastyString, weight: 3 },
        { arbitrary: nastyValue, weight: 2 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      ),
    })
    .map(({ base, field, value }) => {
      const copy = structuredClone(base) as unknown as Record<string, unknown>;
      const path = field.split('.');
      let at: Record<string, unknown> = copy;
      for (const k of path.slice(0, -1)) {
        if (at[k] === null || typeof at[k] !== 'object') at[k] = {};
        at = at[k] as Record<string, unknown>;
      }
      if (value === undefined) delete at[path[path.length - 1]];
      else at[path[path.length - 1]] = value;
      return { event: copy, base, field };
    }),
  fc
    .record({ base: validEvent, value: nastyValue })
    .map(({ base, value }) => ({ event: value, base, field: '' })),
);

/** Pieces of text that have broken storage or display. */
const TEXT_EDGES = [
  '\u0000',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d\ude93',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u001b',
  '\u007f',
  '盗窃',
  ' ',
];
/** The realistic hostile case: a valid identifier or note with one bad piece of text in it. */
const textMutant: fc.Arbitrary<Mutant> = fc
  .record({
    base: validEvent,
    field: fc.constantFrom('eventId', 'unitCode', 'subject.ref', 'officers.0.badgeNo', 'data.note'),
    piece: fc.constantFrom(...TEXT_EDGES),
    prefix: fc.boolean(),
  })
  .map(({ base, field, piece, prefix }) => {
    const copy = structuredClone(base) as unknown as Record<string, unknown>;
    const path = field.split('.');
    const holder = path
      .slice(0, -1)
      .reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, copy);
    const key = path[path.length - 1];
    const was = typeof holder[key] === 'string' ? (holder[key] as string) : '';
    holder[key] = prefix ? piece + was : was + piece;
    return { event: copy, base, field };
  });

const post = (events: unknown[]) =>
  s.api<IngestAnswer & ErrorBody>('POST', '/api/events', { events }, ingest);

function expectClearError(status: number, body: unknown): void {
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  const e = body as ErrorBody;
  expect(typeof e.code).toBe('string');
  expect(e.message.length).toBeGreaterThan(0);
  expect(e.messageZh.length).toBeGreaterThan(0);
}

describe('POST /api/events, generated', () => {
  it('valid events are kept whatever their siblings; refusals name a field; nothing refused is written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { arbitrary: validEvent.map((e) => ({ event: e, base: e, field: null }) as Mutant), weight: 2 },
            { arbitrary: mutant, weight: 1 },
            { arbitrary: textMutant, weight: 2 },
          ),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        async (drawn) => {
          // Fresh ids on every execution: fast-check runs a failing input again while shrinking.
          const tag = `fz-${run}-x${++executions}-`;
          const fresh = <T>(v: T): T => JSON.parse(JSON.stringify(v).split(`fz-${run}-`).join(tag)) as T;
          const items = drawn.map((i) => ({ ...i, event: fresh(i.event), base: fresh(i.base) }));
          const batch = items.map((i) => i.event);
          const first = await post(batch);
          expect(first.status).toBe(200);
          const rejected = new Map(first.body.rejected.map((r) => [r.index, r]));
          for (const r of first.body.rejected) {
            expect(r.errors.length).toBeGreaterThan(0);
            for (const e of r.errors) {
              expect(typeof e.field).toBe('string');
              expect(e.field.length).toBeGreaterThan(0);
              expect(e.message.length).toBeGreaterThan(0);
            }
          }
          // Untouched valid events are never refused, whatever else the batch holds.
          items.forEach((item, index) => {
            if (item.field === null) expect(rejected.get(index)).toBeUndefined();
          });
          expect(first.body.accepted + first.body.duplicates + first.body.rejected.length).toBe(items.length);
          // Whatever was not refused is stored under the id it was sent with (trimmed, as the contract says), not a mangled one.
          const kept = [
            ...new Set(
              items.filter((_, i) => !rejected.has(i)).map((i) => (i.event as RawEvent).eventId.trim()),
            ),
          ];
          const stored = await storedIds(kept);
          expect(kept.filter((id) => !stored.has(id))).toEqual([]);

          // Everything accepted was stored: sent again it is a duplicate, and the refusals repeat word for word.
          const again = await post(batch);
          expect(again.status).toBe(200);
          expect(again.body.accepted).toBe(0);
          expect(again.body.duplicates).toBe(first.body.accepted + first.body.duplicates);
          expect(again.body.rejected).toEqual(first.body.rejected);

          // A refused event claimed nothing: its valid original, sent now, is accepted.
          const ids = new Set(
            items.filter((_, i) => !rejected.has(i)).map((i) => (i.event as RawEvent).eventId),
          );
          const originals = items
            .filter((item, i) => rejected.has(i) && item.field !== 'eventId' && !ids.has(item.base.eventId))
            .map((item) => item.base);
          const unique = [...new Map(originals.map((e) => [e.eventId, e])).values()];
          if (unique.length) {
            const third = await post(unique);
            expect(third.body).toEqual({ accepted: unique.length, duplicates: 0, rejected: [] });
          }
        },
      ),
      { numRuns: 40 },
    );
    expect((await s.api('GET', '/api/health')).status).toBe(200);
  });

  it('a body that is not a batch is a clear 400 or 415, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nastyValue.map((v) => ({ body: JSON.stringify(v) ?? 'null', type: 'application/json' })),
          nastyValue.map((v) => ({
            body: JSON.stringify({ events: v, backfill: v }) ?? '{}',
            type: 'application/json',
          })),
          nastyString.map((t) => ({ body: t, type: 'application/json' })),
          fc.record({
            body: nastyString,
            type: fc.constantFrom('text/plain', 'application/xml', 'application/json; charset=ebcdic'),
          }),
        ),
        async ({ body, type }) => {
          const r = await fetch(s.url + '/api/events', {
            method: 'POST',
            headers: { authorization: `Bearer ${ingest}`, 'content-type': type },
            body,
          });
          const text = await r.text();
          if (r.status === 200) return; // a generated value can happen to be a valid batch
          expectClearError(r.status, JSON.parse(text));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('every other JSON body endpoint, generated', () => {
  let routes: { method: string; path: string }[] = [];
  beforeAll(async () => {
    const doc = await s.api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/docs-json');
    routes = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .filter(() => path !== '/api/events')
        .map((method) => ({ method: method.toUpperCase(), path })),
    );
  });

  it('the OpenAPI document lists the endpoints to fuzz', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContainEqual({ method: 'POST', path: '/api/auth/login' });
    expect(routes).toContainEqual({ method: 'POST', path: '/api/org/import' });
  });

  const segment = nastyString.map((t) => {
    try {
      return encodeURIComponent(t) || 'x';
    } catch {
      return '%ED%A0%80'; // a lone surrogate, percent-encoded as a careless client would
    }
  });

  it('answers each a clear 4xx or a success, never a 500, and a refusal writes no audit row', async () => {
    const latestAudit = async () =>
      (await s.api<{ items: { id: string }[] }>('GET', '/api/audit?limit=1', undefined, s.adminToken)).body
        .items[0]?.id;
    for (const route of routes) {
      const before = await latestAudit();
      let succeeded = false;
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            params: fc.array(segment, { minLength: 4, maxLength: 4 }),
            body: fc.oneof(
              nastyValue.map((v) => JSON.stringify(v) ?? 'null'),
              fc.dictionary(nastyString, nastyValue, { maxKeys: 5 }).map((v) => JSON.stringify(v)),
              nastyString,
            ),
          }),
          async ({ params, body }) => {
            let i = 0;
            const path = route.path.replace(/\{[^}]+\}/g, () => params[i++]);
            const r = await fetch(s.url + path, {
              method: route.method,
              headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' },
              body,
            });
            const text = await r.text();
            if (r.status < 300) {
              succeeded = true;
              return;
            }
            expect({ route, status: r.status }).toEqual({ route, status: expect.any(Number) });
            expectClearError(r.status, JSON.parse(text));
          },
        ),
        { numRuns: 12 },
      );
      if (!succeeded && route.path !== '/api/auth/login') expect(await latestAudit()).toBe(before);
    }
    expect((await s.api('GET', '/api/health')).status).toBe(200);
  });
});

describe('valid bodies with one hostile piece of text, generated', () => {
  const piece = fc.record({
    piece: fc.constantFrom(...TEXT_EDGES),
    around: fc.tuple(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    ),
  });
  const unstorable = (t: string) => t.includes('\u0000') || /[\uD800-\uDFFF]/u.test(t);

  it('a token label is refused naming the field when it cannot be stored, else read back as sent', async () => {
    await fc.assert(
      fc.asyncProperty(piece, async ({ piece, around: [a, b] }) => {
        const label = `${a}${piece}${b}`;
        const r = await s.api<ErrorBody & { id: string }>(
          'POST',
          '/api/tokens',
          { kind: 'display', label },
          s.adminToken,
        );
        if (unstorable(label)) {
          expect(r.status).toBe(400);
          expect(r.body).toMatchObject({
            code: 'REQUEST.INVALID_TEXT',
            details: { fields: [{ field: 'label' }] },
          });
          return;
        }
        if (r.status === 400) {
          // Only an empty label (all of it whitespace) may be refused otherwise.
          expect(label.trim()).toBe('');
          return;
        }
        expect(r.status).toBe(201);
        const list = await s.api<{ id: string; label: string }[]>(
          'GET',
          '/api/tokens',
          undefined,
          s.adminToken,
        );
        expect(list.body.find((t) => t.id === r.body.id)?.label).toBe(label.trim());
      }),
      { numRuns: 40 },
    );
  });

  it('a password is refused naming the field when it cannot be stored, else it logs in', async () => {
    await fc.assert(
      fc.asyncProperty(piece, async ({ piece, around: [a, b] }) => {
        const password = `long-enough-${a}${piece}${b}`;
        const username = `fz.${++serial}`;
        const r = await s.api<ErrorBody>(
          'POST',
          '/api/users',
          { username, password, role: 'supervisor', unitCode: 'S1' },
          s.adminToken,
        );
        if (unstorable(password)) {
          expect(r.status).toBe(400);
          expect(r.body).toMatchObject({
            code: 'REQUEST.INVALID_TEXT',
            details: { fields: [{ field: 'password' }] },
          });
          return;
        }
        expect(r.status).toBe(201);
        expect(
          (await s.api('POST', '/api/auth/login', { username: username.toUpperCase(), password })).status,
        ).toBe(200);
      }),
      { numRuns: 15 },
    );
  });
});

describe('live messages, generated', () => {
  const RESERVED = new Set([
    'connect',
    'connect_error',
    'disconnect',
    'disconnecting',
    'newListener',
    'removeListener',
  ]);

  it('every message is answered ok or with the reason, and the socket and the server stay up', async () => {
    const token = (await createToken(s, { kind: 'display', label: 'fuzzed wall' })).token;
    const socket = await openSocket(s.url, token);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constant('resume'),
            nastyString.filter((e) => !RESERVED.has(e)),
          ),
          fc.oneof(
            nastyValue,
            fc.record({
              afterSeq: fc.oneof(nastyValue, fc.integer({ min: -5, max: 5 }), fc.constant(2 ** 60)),
            }),
          ),
          async (name, payload) => {
            const answer = (await socket.timeout(5000).emitWithAck(name, payload)) as ResumeAnswer;
            expect(typeof answer.ok).toBe('boolean');
            if (!answer.ok) expect(answer.error!.length).toBeGreaterThan(0);
            else {
              expect(name).toBe('resume');
              const afterSeq = (payload as { afterSeq?: unknown } | null)?.afterSeq;
              expect(Number.isSafeInteger(afterSeq) && (afterSeq as number) >= 0).toBe(true);
            }
          },
        ),
        { numRuns: 150 },
      );
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
    }
    expect((await s.api('GET', '/api/health')).status).toBe(200);
  });
});
