import type { z } from 'zod';

/**
 * An error a person can act on: a stable code for machines, a message in English and in
 * Chinese, and the HTTP status it maps to. Thrown by services, answered by the filter.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, en: string, zh: string, details?: unknown) =>
  new DomainError(400, code, en, zh, details);
export const unauthorized = (en = 'a valid bearer token is required', zh = '需要有效的访问令牌') =>
  new DomainError(401, 'AUTH.UNAUTHORIZED', en, zh);
/** A token that was valid and ran out: the client should refresh or log in again, not retry. */
export const expired = (en: string, zh: string) => new DomainError(401, 'AUTH.EXPIRED', en, zh);
export const forbidden = (en: string, zh: string) => new DomainError(403, 'AUTH.FORBIDDEN', en, zh);
export const notFound = (code: string, en: string, zh: string) => new DomainError(404, code, en, zh);
export const conflict = (code: string, en: string, zh: string, details?: unknown) =>
  new DomainError(409, code, en, zh, details);

/** Turns a failed zod parse into a 400 that names every offending field. */
export function invalidBody(error: z.ZodError, what = 'request body'): DomainError {
  const fields = error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(body)',
    message: i.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return badRequest('REQUEST.INVALID', `invalid ${what}: ${summary}`, `请求参数有误：${summary}`, { fields });
}
