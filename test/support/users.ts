import type { SessionUser } from '@jifen/shared';
import type { TestServer } from './test-server';

export type LoggedInUser = SessionUser & { token: string };

/** Creates a user through the API as the administrator and logs them in. */
export async function createUser(
  s: TestServer,
  username: string,
  body: Record<string, unknown>,
): Promise<LoggedInUser> {
  const r = await s.api<SessionUser>(
    'POST',
    '/api/users',
    { username, password: 'a-long-password', ...body },
    s.adminToken,
  );
  if (r.status !== 201) throw new Error(`user ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...r.body, token: await s.login(username, 'a-long-password') };
}
