import type { ErrorBody } from '@jifen/shared';

/** An API error with the server's code and both messages. */
export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
  localized(locale: string): string {
    return locale.startsWith('zh') ? this.body.messageZh : this.body.message;
  }
}

let bearer: string | null = null;
export function setBearer(token: string | null): void {
  bearer = token;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    throw new ApiError(
      data && typeof data === 'object' && 'code' in data
        ? (data as ErrorBody)
        : {
            statusCode: res.status,
            code: `HTTP.${res.status}`,
            message: res.statusText,
            messageZh: res.statusText,
          },
    );
  }
  return data as T;
}

/** What to show a person for a failed request: the server's message in their language. */
export function errorText(e: unknown, locale: string): string {
  if (e instanceof ApiError) return e.localized(locale);
  return e instanceof Error ? e.message : String(e);
}

/** A query string from the parameters that are set. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
