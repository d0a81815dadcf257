/**
 * Deterministic job ids read like `airing:2026-10` or `notify:<cause>:in_app:<user>`, but
 * BullMQ refuses ':' in custom ids (it reserves them for its own repeat ids) and ids that
 * look like integers. Ids are therefore segments of [A-Za-z0-9_.@-] joined by ':', stored
 * with '|' as the separator; the mapping is one-to-one because no segment holds a '|'.
 */
const SEGMENT = /^[A-Za-z0-9_.@-]+$/;
const MAX_LENGTH = 240;

export class JobIdError extends Error {}

export function toQueueJobId(id: string): string {
  if (id.length > MAX_LENGTH) throw new JobIdError(`job id is longer than ${MAX_LENGTH} characters: ${id}`);
  const segments = id.split(':');
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    throw new JobIdError(
      `job id "${id}" must be segments of letters, digits, _ . @ - separated by ':' (bad segment "${bad}")`,
    );
  }
  if (/^\d+$/.test(id)) throw new JobIdError(`job id "${id}" must not be a bare number`);
  return segments.join('|');
}

export function fromQueueJobId(stored: string): string {
  return stored.split('|').join(':');
}
