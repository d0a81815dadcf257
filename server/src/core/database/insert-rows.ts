import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Multi-row INSERTs in chunks that stay under both drivers' bound-parameter limits.
 * (TypeORM's deep-partial type rejects JSON columns typed `unknown`; rows here are whole
 * entities, so the cast is sound.)
 */
export async function insertRows<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
  chunk = 250,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await m.insert(entity, rows.slice(i, i + chunk) as QueryDeepPartialEntity<T>[]);
  }
}

/** `WHERE key IN (...)` in chunks, for lookups over a whole batch. */
export async function inChunks<K, R>(
  keys: K[],
  chunk: number,
  load: (slice: K[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < keys.length; i += chunk) out.push(...(await load(keys.slice(i, i + chunk))));
  return out;
}
