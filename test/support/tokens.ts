import type { CreatedToken, CreateTokenBody } from '@jifen/shared';
import type { TestServer } from './test-server';

/** A display or ingest token created by the administrator, secret included. */
export async function createToken(s: TestServer, body: CreateTokenBody): Promise<CreatedToken> {
  const r = await s.api<CreatedToken>('POST', '/api/tokens', body, s.adminToken);
  if (r.status !== 201) throw new Error(`token ${body.label}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
