import { vi } from 'vitest';

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

/**
 * Answers the stores' fetches from a table of routes, and records every call, so a store
 * test can say what was asked and what came back without a server.
 */
export function fakeApi(routes: Record<string, unknown | ((body: unknown) => unknown)>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    const key = Object.keys(routes).find((k) => `${method} ${path}`.startsWith(k));
    if (!key)
      return new Response(JSON.stringify({ code: 'HTTP.404', message: 'no route', messageZh: '无' }), {
        status: 404,
      });
    const r = routes[key];
    return new Response(JSON.stringify(typeof r === 'function' ? r(body) : r), { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls };
}
