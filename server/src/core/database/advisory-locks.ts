import type { EntityManager } from 'typeorm';

/**
 * Narrow locks for the few things concurrent writers must take turns on — one officer's
 * monthly cap, one month being closed, the rule catalogue's version numbers — instead of one
 * lock for every write in the cluster. Transaction-scoped Postgres advisory locks, taken in
 * sorted order so two writers never wait on each other in a circle. The embedded SQLite
 * database has one writer at a time already.
 */
async function take(m: EntityManager, fn: string, namespace: string, keys: Iterable<string>): Promise<void> {
  if (m.connection.options.type !== 'postgres') return;
  const sorted = [...new Set(keys)].sort();
  if (!sorted.length) return;
  await m.query(
    `SELECT ${fn}(hashtext($1), hashtext(k)) FROM unnest($2::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i`,
    [namespace, sorted],
  );
}

/** Exclusive locks on `keys` of a namespace until the transaction ends. */
export const lockExclusive = (m: EntityManager, namespace: string, keys: Iterable<string>) =>
  take(m, 'pg_advisory_xact_lock', namespace, keys);

/** Shared locks: many holders at once, none while an exclusive holder has the key. */
export const lockShared = (m: EntityManager, namespace: string, keys: Iterable<string>) =>
  take(m, 'pg_advisory_xact_lock_shared', namespace, keys);

/** Lock namespaces, in one place so no two features pick the same name by accident. */
export const LOCKS = {
  /** `badge|rule|month`: the claims of one officer under one capped rule in one month. */
  capGroup: 'jifen.cap-group',
  /** `YYYY-MM`: writers booking into a month share it; closing the month takes it alone. */
  month: 'jifen.month',
  catalogue: 'jifen.catalogue',
  organisation: 'jifen.organisation',
  holidays: 'jifen.holidays',
} as const;
