import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from a key. Obligations and problems are found again by their id
 * whenever a subject is judged anew, in ingestion, in the sweep, in a preview, on any node:
 * the same key always gives the same id (version nibble 8, RFC 9562 "custom").
 */
const known = new Map<string, string>();

export function deterministicId(key: string): string {
  const hit = known.get(key);
  if (hit) return hit;
  if (known.size > 500_000) known.clear();
  const id = hashId(key);
  known.set(key, id);
  return id;
}

function hashId(key: string): string {
  const h = createHash('sha256').update(key).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export const obligationIdOf = (ruleId: string, openedByEventId: string) =>
  deterministicId(`obligation|${ruleId}|${openedByEventId}`);
export const obligationProblemIdOf = (obligationId: string) =>
  deterministicId(`problem|obligation|${obligationId}`);
export const eventProblemIdOf = (ruleId: string, eventId: string) =>
  deterministicId(`problem|event|${ruleId}|${eventId}`);
export const rectificationProblemIdOf = (problemId: string) =>
  deterministicId(`problem|rectification|${problemId}`);
