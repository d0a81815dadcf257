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

export interface RequestOptions {
  /** Sent without the login: what a member of the public would be answered. */
  anonymous?: boolean;
}

function send(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer && !options.anonymous) headers.authorization = `Bearer ${bearer}`;
  return fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function failure(res: Response, data: unknown): ApiError {
  return new ApiError(
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

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const res = await send(method, path, body, options);
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw failure(res, data);
  return data as T;
}

/**
 * A file the API renders (CSV, XLSX, DOCX), fetched with the login a plain link would not
 * carry, and the name the server gave it.
 */
export async function file(
  path: string,
  fallbackName: string,
  options: RequestOptions = {},
): Promise<{ blob: Blob; name: string }> {
  const res = await send('GET', path, undefined, options);
  if (!res.ok) {
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // not a JSON error body: the status line says enough
    }
    throw failure(res, data);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  return { blob: await res.blob(), name };
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
