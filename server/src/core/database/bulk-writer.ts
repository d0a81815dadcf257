import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { In } from 'typeorm';
import { inChunks, insertRows } from './insert-rows';

/** Postgres array element type of a column, for `unnest($n::type[])`. */
function arrayType(c: ColumnMetadata): string {
  switch (c.type) {
    case 'bigint':
      return 'int8';
    case 'integer':
    case 'int':
      return 'int4';
    case 'boolean':
      return 'bool';
    case 'varchar':
    case 'character varying':
      return 'varchar';
    case 'text':
    case 'simple-json':
      return 'text';
    default:
      throw new Error(`bulk writer: no array type for column ${c.propertyName} (${String(c.type)})`);
  }
}

/** A row's value for a column as the database stores it (JSON text, transformer applied). */
function stored(c: ColumnMetadata, row: ObjectLiteral): unknown {
  let v = row[c.propertyName];
  if (v === undefined) v = null;
  if (c.transformer && !Array.isArray(c.transformer)) v = c.transformer.to(v);
  if (c.type === 'simple-json' && v !== null) v = JSON.stringify(v);
  return v;
}

/**
 * Multi-row writes in one statement with one parameter per column. On Postgres,
 * `INSERT … SELECT * FROM unnest($1::type[], $2::type[], …)` sends a batch of a thousand rows
 * as a handful of arrays: no per-value placeholders to build and parse, which was most of the
 * time a batch spent in the ORM. The embedded SQLite database takes the ORM's multi-row insert.
 */
export async function bulkInsert<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
  opts: { upsertOn?: string[]; update?: string[] } = {},
): Promise<void> {
  if (!rows.length) return;
  if (m.connection.options.type !== 'postgres') {
    if (opts.upsertOn) {
      for (let i = 0; i < rows.length; i += 200) {
        const q = m
          .createQueryBuilder()
          .insert()
          .into(entity)
          .values(rows.slice(i, i + 200).map((r) => ({ ...r })) as never[]);
        const meta = m.connection.getMetadata(entity);
        const update =
          opts.update ?? meta.columns.map((c) => c.propertyName).filter((p) => !opts.upsertOn!.includes(p));
        await q
          .orUpdate(
            update.map((p) => meta.findColumnWithPropertyName(p)!.databaseName),
            opts.upsertOn,
          )
          .execute();
      }
    } else
      await insertRows(
        m,
        entity,
        rows.map((r) => ({ ...r })),
      );
    return;
  }
  const meta = m.connection.getMetadata(entity);
  const insert = unnestInsert(m, entity, rows);
  let sql = insert.sql;
  if (opts.upsertOn) {
    const keys = opts.upsertOn.map((p) => meta.findColumnWithPropertyName(p)!.databaseName);
    const set = insert.columns
      .filter((c) => !keys.includes(c.databaseName) && (!opts.update || opts.update.includes(c.propertyName)))
      .map((c) => `"${c.databaseName}" = EXCLUDED."${c.databaseName}"`)
      .join(', ');
    sql += ` ON CONFLICT (${keys.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${set}`;
  }
  await m.query(sql, insert.params);
}

function unnestInsert<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, rows: T[]) {
  const meta = m.connection.getMetadata(entity);
  const columns = meta.columns.filter((c) => !(c.isGenerated && rows[0][c.propertyName] === undefined));
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${arrayType(c)}[]`).join(', ');
  const params = columns.map((c) => rows.map((r) => stored(c, r)));
  return {
    sql: `INSERT INTO "${meta.tableName}" (${names}) SELECT * FROM unnest(${arrays})`,
    params,
    columns,
  };
}

/**
 * Inserts the rows whose unique `key` is not stored yet and answers which keys it inserted.
 * Concurrent writers may insert the same key at once (a batch posted twice to two API
 * processes): on Postgres the second waits for the first and skips the row if it committed,
 * so each key is inserted by exactly one transaction. Rows go in key order, so two writers
 * inserting overlapping keys never wait on each other in a circle.
 */
export async function insertAbsent<T extends ObjectLiteral, K extends keyof T & string>(
  m: EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
  key: K,
): Promise<Set<T[K]>> {
  if (!rows.length) return new Set();
  const sorted = [...rows].sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
  const meta = m.connection.getMetadata(entity);
  const column = meta.findColumnWithPropertyName(key)!.databaseName;
  if (m.connection.options.type !== 'postgres') {
    // One writer at a time on SQLite: what is not found now cannot be inserted by anyone else.
    const found = await inChunks(
      sorted.map((r) => r[key]),
      500,
      (keys) =>
        m
          .getRepository(entity)
          .find({ select: { [key]: true } as never, where: { [key]: In(keys) } as never }),
    );
    const existing = new Set(found.map((r) => r[key]));
    const absent = sorted.filter((r) => !existing.has(r[key]));
    await insertRows(
      m,
      entity,
      absent.map((r) => ({ ...r })),
    );
    return new Set(absent.map((r) => r[key]));
  }
  const { sql, params } = unnestInsert(m, entity, sorted);
  const inserted: Record<string, T[K]>[] = await m.query(
    `${sql} ON CONFLICT ("${column}") DO NOTHING RETURNING "${column}" AS k`,
    params,
  );
  return new Set(inserted.map((r) => r.k));
}
