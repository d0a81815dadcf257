import type { ErrorBody, SessionUser } from '@jifen/shared';
import { OFFICERS, UNITS } from '../factories/org';
import { startTestServer, type TestServer } from '../support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.api('POST', '/api/org/import', { units: UNITS, officers: OFFICERS }, s.adminToken);
  await s.api(
    'POST',
    '/api/users',
    { username: 'sup-s1', password: 'supervisor-s1-pw', role: 'supervisor', unitCode: 'S1' },
    s.adminToken,
  );
  await s.api(
    'POST',
    '/api/users',
    { username: 'off-1', password: 'officer-one-pw', role: 'officer', badgeNo: '100001' },
    s.adminToken,
  );
});
afterAll(() => s.stop());

test('an administrator lists every login with its role and scope, never a password hash', async () => {
  const r = await s.api<SessionUser[]>('GET', '/api/users', undefined, s.adminToken);
  expect(r.status).toBe(200);
  expect(r.body.map((u) => [u.username, u.role, u.unitCode, u.badgeNo])).toEqual([
    ['admin', 'admin', null, null],
    ['off-1', 'officer', 'S1', '100001'],
    ['sup-s1', 'supervisor', 'S1', null],
  ]);
  expect(JSON.stringify(r.body)).not.toMatch(/password|\$2[aby]\$/i);
});

test('a supervisor may not list users: 403 in both languages', async () => {
  const token = await s.login('sup-s1', 'supervisor-s1-pw');
  const r = await s.api<ErrorBody>('GET', '/api/users', undefined, token);
  expect(r.status).toBe(403);
  expect(r.body.message).toMatch(/admin/);
  expect(r.body.messageZh).toMatch(/角色/);
});
