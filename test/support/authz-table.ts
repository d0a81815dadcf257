import { OFFICERS, UNITS } from '../factories/org';

/**
 * Who may do what: the one table the authorization matrix test runs
 * (test/integration/authz-matrix.test.ts) and docs/AUTHORIZATION.md shows. A REST endpoint
 * without a row here fails the test, and a doc that differs from this table fails it too.
 */

/** Every kind of caller the matrix tries, as the test sets them up. */
export const CALLERS = [
  'admin',
  'supervisor.in',
  'supervisor.out',
  'officer.own',
  'officer.other',
  'display',
  'ingest.scoped',
  'ingest.unscoped',
  'none',
  'expired',
  'revoked',
] as const;
export type Caller = (typeof CALLERS)[number];

export const CALLER_NOTES: Record<Caller, string> = {
  admin: 'administrator (whole organisation)',
  'supervisor.in': 'supervisor of S1, the unit the resource belongs to',
  'supervisor.out': 'supervisor of S2, a sibling unit',
  'officer.own': 'officer 100001 (S1), the one the resource names',
  'officer.other': 'officer 100002 (S1), another officer of the same unit',
  display: "kiosk token of S1's wall (it sits in the wall's URL)",
  'ingest.scoped': 'source-system token for S1',
  'ingest.unscoped': 'source-system token for the whole organisation',
  none: 'no token',
  expired: 'an administrator session past its expiry',
  revoked: 'a revoked kiosk token',
};

/**
 * What a call needs that the fixture makes: a shared one for reads and refusals, a fresh
 * one for each write that is expected to succeed (so that one caller's write does not
 * change what the next one is answered).
 */
export type FixtureKind =
  'problem' | 'problem.rectifying' | 'problem.rectified' | 'appeal' | 'token' | 'wall' | 'webhook' | 'user';

export interface Fixture {
  id: string;
  version?: number;
  body?: unknown;
}

export interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as the server declares it. */
  route: string;
  /** What `:param` is taken from. */
  fixture?: FixtureKind;
  /** The concrete path when the route has no fixture (query strings, fixed periods). */
  path?: string;
  body?: (f: Fixture | undefined, n: number) => unknown;
  expect: Record<Caller, number>;
  /** Why a caller gets what it gets, where the status alone does not say. */
  note?: string;
  /** A refusal that is itself recorded (a failed login): one audit row, nothing else written. */
  auditsRefusal?: boolean;
}

const UNAUTHENTICATED: Partial<Record<Caller, number>> = { none: 401, expired: 401, revoked: 401 };
const PEOPLE = (status: number): Partial<Record<Caller, number>> => ({
  admin: status,
  'supervisor.in': status,
  'supervisor.out': status,
  'officer.own': status,
  'officer.other': status,
});

/** Everyone not named is refused: 401 without a valid token, 403 with one. */
function row(r: Omit<Row, 'expect'> & { allow: Partial<Record<Caller, number>> }): Row {
  const expect = Object.fromEntries(
    CALLERS.map((c) => [c, r.allow[c] ?? UNAUTHENTICATED[c] ?? 403]),
  ) as Record<Caller, number>;
  const { allow: _allow, ...rest } = r;
  return { ...rest, expect };
}

/** No token needed: every caller gets the same answer, whatever it sends. */
function open(r: Omit<Row, 'expect'>, status: number): Row {
  return { ...r, expect: Object.fromEntries(CALLERS.map((c) => [c, status])) as Record<Caller, number> };
}

const STEP = (note: string) => ({ note });

export const REST: Row[] = [
  open({ method: 'GET', route: '/api/health' }, 200),
  open({ method: 'GET', route: '/metrics' }, 200),
  open(
    {
      method: 'POST',
      route: '/api/auth/login',
      // A name of its own per call: eleven failures of one name would lock it out (429).
      body: (_f, n) => ({ username: `nobody-${n}`, password: 'not-the-password' }),
      note: 'a wrong password answers the same to everyone, and is audited',
      auditsRefusal: true,
    },
    401,
  ),
  row({
    method: 'POST',
    route: '/api/auth/refresh',
    allow: PEOPLE(200),
    note: 'people refresh their own session; kiosk and source tokens are rotated instead',
  }),
  row({ method: 'GET', route: '/api/me', allow: PEOPLE(200) }),
  row({
    method: 'POST',
    route: '/api/users',
    body: (_f, n) => ({
      username: `matrix-${n}`,
      password: 'a-long-password',
      role: 'officer',
      badgeNo: '100003',
    }),
    allow: { admin: 201 },
  }),
  row({ method: 'GET', route: '/api/users', allow: { admin: 200 } }),
  row({
    method: 'POST',
    route: '/api/tokens',
    body: () => ({ kind: 'display', unitCode: 'S1', label: 'matrix wall' }),
    allow: { admin: 201, 'supervisor.in': 201 },
    note: 'a supervisor creates kiosk tokens inside his scope only',
  }),
  row({
    method: 'GET',
    route: '/api/tokens',
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 200 },
  }),
  row({
    method: 'DELETE',
    route: '/api/tokens/:id',
    fixture: 'token',
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({
    method: 'POST',
    route: '/api/tokens/:id/rotate',
    fixture: 'token',
    body: () => ({}),
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({ method: 'GET', route: '/api/rules', allow: PEOPLE(200) }),
  row({ method: 'GET', route: '/api/rules/versions', allow: { admin: 200 } }),
  row({
    method: 'GET',
    route: '/api/rules/versions/:version',
    path: '/api/rules/versions/1',
    allow: { admin: 200 },
  }),
  row({
    method: 'PUT',
    route: '/api/rules',
    body: () => ({ catalogue: 'not a catalogue', note: 'matrix' }),
    allow: { admin: 400 },
    note: 'the administrator gets as far as the catalogue check',
  }),
  row({
    method: 'POST',
    route: '/api/rules/preview',
    body: () => ({ catalogue: 'not a catalogue', period: '2026-11' }),
    allow: { admin: 400 },
    note: 'the administrator gets as far as the catalogue check',
  }),
  row({ method: 'GET', route: '/api/rates', allow: { ...PEOPLE(200), display: 200 } }),
  row({ method: 'GET', route: '/api/queues', allow: { admin: 200 } }),
  row({ method: 'POST', route: '/api/queues/board-session', allow: { admin: 200 } }),
  row({
    method: 'POST',
    route: '/api/org/import',
    body: () => ({ units: UNITS, officers: OFFICERS }),
    allow: { admin: 200 },
  }),
  row({ method: 'GET', route: '/api/units', allow: PEOPLE(200) }),
  row({ method: 'GET', route: '/api/officers', allow: PEOPLE(200) }),
  row({ method: 'GET', route: '/api/alerts', allow: PEOPLE(200) }),
  row({ method: 'GET', route: '/api/alerts/counts', allow: PEOPLE(200) }),
  row({
    method: 'GET',
    route: '/api/alerts/:id',
    fixture: 'problem',
    allow: {
      admin: 200,
      'supervisor.in': 200,
      'supervisor.out': 404,
      'officer.own': 200,
      'officer.other': 404,
    },
    note: 'outside the scope a problem does not exist',
  }),
  row({
    method: 'POST',
    route: '/api/alerts/:id/ack',
    fixture: 'problem',
    body: (f) => ({ version: f?.version }),
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({
    method: 'POST',
    route: '/api/alerts/:id/assign',
    fixture: 'problem',
    body: (f) => ({ badgeNo: '100001', version: f?.version }),
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({
    method: 'POST',
    route: '/api/alerts/:id/rectified',
    fixture: 'problem.rectifying',
    body: () => ({ note: 'done' }),
    allow: {
      admin: 200,
      'supervisor.in': 200,
      'supervisor.out': 404,
      'officer.own': 200,
      'officer.other': 404,
    },
    ...STEP('the assignee (officer.own) reports his own rectification'),
  }),
  row({
    method: 'POST',
    route: '/api/alerts/:id/verify',
    fixture: 'problem.rectified',
    body: () => ({ note: 'checked' }),
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({
    method: 'POST',
    route: '/api/alerts/:id/dismiss',
    fixture: 'problem',
    body: () => ({ reason: 'entered by mistake' }),
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({
    method: 'POST',
    route: '/api/alerts/:id/escalate',
    fixture: 'problem',
    body: () => ({ note: 'needs the bureau' }),
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({
    method: 'POST',
    route: '/api/alerts/:id/appeal',
    fixture: 'problem',
    body: () => ({ reason: 'the case was handled by someone else' }),
    allow: { 'officer.own': 201, 'officer.other': 404 },
    note: 'only an officer the problem names appeals it',
  }),
  row({ method: 'GET', route: '/api/appeals', allow: PEOPLE(200) }),
  row({
    method: 'POST',
    route: '/api/appeals/:id/decide',
    fixture: 'appeal',
    body: () => ({ upheld: false, note: 'the record is right' }),
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({ method: 'GET', route: '/api/holidays', allow: PEOPLE(200) }),
  row({
    method: 'PUT',
    route: '/api/holidays',
    body: () => ({ year: 2027, dates: ['2027-01-01'] }),
    allow: { admin: 200 },
  }),
  row({ method: 'GET', route: '/api/audit', allow: { admin: 200 } }),
  row({ method: 'GET', route: '/api/notifications', allow: PEOPLE(200) }),
  row({ method: 'GET', route: '/api/notifications/unread-count', allow: PEOPLE(200) }),
  row({ method: 'POST', route: '/api/notifications/read-all', allow: PEOPLE(200) }),
  row({
    method: 'POST',
    route: '/api/notifications/:id/read',
    path: '/api/notifications/999999999/read',
    allow: PEOPLE(404),
    note: 'nobody reads another person’s notification: it is not in their inbox',
  }),
  row({ method: 'GET', route: '/api/notifications/preferences', allow: PEOPLE(200) }),
  row({
    method: 'PUT',
    route: '/api/notifications/preferences',
    body: () => ({ locale: 'en' }),
    allow: PEOPLE(200),
  }),
  row({ method: 'GET', route: '/api/notifications/deliveries', allow: { admin: 200 } }),
  row({ method: 'GET', route: '/api/webhooks', allow: { admin: 200 } }),
  row({
    method: 'POST',
    route: '/api/webhooks',
    body: () => ({ label: 'matrix', url: 'http://127.0.0.1:9/hook', triggers: ['problem.raised'] }),
    allow: { admin: 201 },
  }),
  row({
    method: 'PATCH',
    route: '/api/webhooks/:id',
    fixture: 'webhook',
    body: () => ({ label: 'renamed' }),
    allow: { admin: 200 },
  }),
  row({ method: 'DELETE', route: '/api/webhooks/:id', fixture: 'webhook', allow: { admin: 200 } }),
  row({ method: 'GET', route: '/api/webhooks/:id/deliveries', fixture: 'webhook', allow: { admin: 200 } }),
  row({ method: 'GET', route: '/api/publications/settings', allow: { admin: 200 } }),
  row({
    method: 'PUT',
    route: '/api/publications/settings',
    body: () => ({
      commendedOfficers: 10,
      commendedUnits: 3,
      ineligibleShare: 0.05,
      recommendedShare: 0.1,
      publicAccess: false,
      privacy: true,
    }),
    allow: { admin: 200 },
  }),
  row({
    method: 'GET',
    route: '/api/publications',
    allow: { ...PEOPLE(200), display: 200, none: 401 },
    note: 'without a token only when the bureau opens its publications to the public',
  }),
  row({
    method: 'GET',
    route: '/api/publications/:kind/:period',
    path: '/api/publications/monthly/2026-10',
    allow: { ...PEOPLE(404), display: 404, none: 401 },
    note: 'nothing is published for the period: a reader gets as far as 404',
  }),
  row({
    method: 'POST',
    route: '/api/publications/:kind/:period/run',
    path: '/api/publications/monthly/2026-10/run',
    allow: { admin: 202 },
  }),
  row({
    method: 'POST',
    route: '/api/events',
    body: (_f, n) => ({
      events: [{ ...MATRIX_EVENT, eventId: `matrix-${n}`, subject: { kind: 'case', ref: `MX-${n}` } }],
    }),
    allow: { admin: 200, 'ingest.scoped': 200, 'ingest.unscoped': 200 },
  }),
  row({ method: 'GET', route: '/api/leaderboard', allow: PEOPLE(200) }),
  row({
    method: 'GET',
    route: '/api/officers/:badgeNo/score',
    path: '/api/officers/100001/score',
    allow: { admin: 200, 'supervisor.in': 200, 'officer.own': 200 },
    note: "an officer's ledger: himself and the supervisors over him",
  }),
  row({
    method: 'POST',
    route: '/api/adjustments',
    body: () => ({
      badgeNo: '100001',
      points: 1,
      dimension: 'quality',
      reason: 'good work on the night shift',
    }),
    allow: { admin: 201, 'supervisor.in': 201 },
  }),
  row({
    method: 'GET',
    route: '/api/wall',
    allow: { display: 200 },
    note: 'the kiosk token reads its own wall; nobody else has one',
  }),
  row({
    method: 'GET',
    route: '/api/walls',
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 200 },
  }),
  row({
    method: 'GET',
    route: '/api/walls/:tokenId',
    fixture: 'wall',
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
  row({
    method: 'PUT',
    route: '/api/walls/:tokenId',
    fixture: 'wall',
    body: (f) => f?.body,
    allow: { admin: 200, 'supervisor.in': 200, 'supervisor.out': 404 },
  }),
];

/** A valid event of S1 naming officer 100001; each call gets its own id and case. */
export const MATRIX_EVENT = {
  type: 'case.accepted',
  occurredAt: '2026-11-23T08:15:00+08:00',
  unitCode: 'S1',
  officers: [{ badgeNo: '100001', role: 'primary' }],
  data: { caseKind: 'administrative' },
};

/** Writes into another scope: each must be refused whole (or per event) and leave nothing behind. */
export interface CrossScopeWrite {
  /** One of the callers, or the bureau's supervisor (above both S1 and S2). */
  caller: Caller | 'supervisor.bureau';
  what: string;
  expect: string;
}

export const CROSS_SCOPE: CrossScopeWrite[] = [
  {
    caller: 'ingest.scoped',
    what: 'POST /api/events with an event of S2',
    expect: 'the event is rejected, naming unit S2; its valid S1 sibling is kept',
  },
  {
    caller: 'supervisor.in',
    what: 'assign a problem of S1 to officer 200001 of S2',
    expect: '403 naming the officer; the problem is unchanged',
  },
  {
    caller: 'supervisor.bureau',
    what: 'assign a problem of S1 to officer 200001 of S2, whom the problem does not name',
    expect: '403 naming the officer and the unit; the problem is unchanged (nobody there could act on it)',
  },
  {
    caller: 'supervisor.out',
    what: 'assign a problem of S1 to officer 200001 of his own unit',
    expect: '404; the problem is unchanged',
  },
  {
    caller: 'supervisor.in',
    what: 'POST /api/adjustments for officer 200001 of S2',
    expect: '403; no ledger row',
  },
  {
    caller: 'supervisor.in',
    what: 'POST /api/tokens for a kiosk of S2',
    expect: '403; no token',
  },
];

/** Live (Socket.IO) messages: the handshake, and `resume` on an open socket. */
export interface LiveRow {
  message: 'handshake' | 'resume';
  expect: Record<Caller, string>;
}

const LIVE_PEOPLE: Partial<Record<Caller, string>> = {
  admin: 'ok',
  'supervisor.in': 'ok',
  'supervisor.out': 'ok',
  'officer.own': 'ok',
  'officer.other': 'ok',
  display: 'ok',
};

function liveRow(message: LiveRow['message'], refused: Partial<Record<Caller, string>>): LiveRow {
  return {
    message,
    expect: Object.fromEntries(
      CALLERS.map((c) => [c, LIVE_PEOPLE[c] ?? refused[c] ?? 'AUTH.UNAUTHORIZED']),
    ) as Record<Caller, string>,
  };
}

export const LIVE: LiveRow[] = [
  liveRow('handshake', {
    'ingest.scoped': 'AUTH.FORBIDDEN',
    'ingest.unscoped': 'AUTH.FORBIDDEN',
    expired: 'AUTH.EXPIRED',
  }),
  liveRow('resume', {
    'ingest.scoped': 'AUTH.FORBIDDEN',
    'ingest.unscoped': 'AUTH.FORBIDDEN',
    expired: 'AUTH.EXPIRED',
  }),
];

/** The matrix as docs/AUTHORIZATION.md shows it. */
export function authorizationDoc(): string {
  const head = `| Endpoint | ${CALLERS.join(' | ')} |\n|---|${CALLERS.map(() => '---').join('|')}|`;
  const rest = REST.map(
    (r) =>
      `| \`${r.method} ${r.route}\`${r.note ? ` — ${r.note}` : ''} | ${CALLERS.map((c) => r.expect[c]).join(' | ')} |`,
  ).join('\n');
  const live = LIVE.map((r) => `| \`${r.message}\` | ${CALLERS.map((c) => r.expect[c]).join(' | ')} |`).join(
    '\n',
  );
  const callers = CALLERS.map((c) => `- **${c}**: ${CALLER_NOTES[c]}`).join('\n');
  const cross = CROSS_SCOPE.map((w) => `| ${w.caller} | ${w.what} | ${w.expect} |`).join('\n');
  return `# Authorization

Generated from \`test/support/authz-table.ts\` by \`WRITE_AUTHZ_DOC=1 npx jest --selectProjects integration
test/integration/authz-matrix.test.ts\`; the same test calls every endpoint and live message with
every caller and fails when an answer, or this page, differs from the table. A REST endpoint the
server declares without a row in the table fails it too.

## Callers

${callers}

A kiosk (display) token reads only what its wall shows: the endpoints marked \`@WallReadable()\`
(its wall, the rates, the publications); every other endpoint refuses it, since the token sits in
the wall's URL. Its live sockets are closed within seconds of its revocation or expiry: on
revocation at once on every node, and by a periodic re-check of every open socket's token
(\`JIFEN_LIVE_TOKEN_RECHECK_SECONDS\`). Expired tokens are answered 401 with code \`AUTH.EXPIRED\`.

## REST

Statuses as answered; 404 for a resource outside the caller's scope (it does not exist for him),
400 where the caller is let in and the test stops at the body check.

${head}
${rest}

## Live messages

${head.replace('Endpoint', 'Message')}
${live}

## Writes into another scope

| Caller | Write | Answer |
|---|---|---|
${cross}
`;
}
