import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What global-setup started: the server URL and the credentials the specs use. */
export interface BrowserEnv {
  url: string;
  pid: number;
  database: string;
  redisPrefix: string;
  adminToken: string;
  ingestToken: string;
  displayToken: string;
  supervisors: { username: string; password: string }[];
}

/** Where global-setup leaves the environment; a bench run uses a file of its own, so it never tears down another run's server. */
export const ENV_FILE =
  process.env.JIFEN_BROWSER_ENV_FILE ?? path.join(__dirname, '..', '..', 'test-results', 'browser-env.json');

export function browserEnv(): BrowserEnv {
  return JSON.parse(readFileSync(ENV_FILE, 'utf8')) as BrowserEnv;
}

export async function call<T>(
  env: BrowserEnv,
  method: string,
  p: string,
  body: unknown,
  token: string,
): Promise<T> {
  const res = await fetch(env.url + p, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
