import { vi } from 'vitest';

export interface Call {
  method: string;
  path: string;
  body: unknown;
  /** The login sent, if any. */
  authorization: string | null;
}

type Answer = unknown | ((body: unknown, path: string) => unknown);

/**
 * Answers the stores' fetches from a table of routes, and records every call, so a store
 * test can say what was asked and what came back without a server. A route answers JSON,
 * or a whole `Response` when the test needs a status or a file.
 */
export function fakeApi(routes: Record<string, Answer>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body, authorization: new Headers(init.headers).get('authorization') });
    const key = Object.keys(routes).find((k) => `${method} ${path}`.startsWith(k));
    if (!key)
      return new Response(JSON.stringify({ code: 'HTTP.404', message: 'no route', messageZh: '无' }), {
        status: 404,
      });
    const r = routes[key];
    const answer = typeof r === 'function' ? r(body, path) : r;
    return answer instanceof Response ? answer : new Response(JSON.stringify(answer), { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls };
}
