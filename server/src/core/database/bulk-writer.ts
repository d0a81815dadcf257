import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { insertRows } from './insert-rows';

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
  opts: {
    upsertOn?: string[];
    update?: string[];
    /** Updated columns that keep the smaller of the stored and the new value. */
    least?: string[];
  } = {},
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
        // `least` columns keep the stored value here and are lowered after (keepLeast).
        const update = (
          opts.update ?? meta.columns.map((c) => c.propertyName).filter((p) => !opts.upsertOn!.includes(p))
        ).filter((p) => !opts.least?.includes(p));
        await q
          .orUpdate(
            update.map((p) => meta.findColumnWithPropertyName(p)!.databaseName),
            opts.upsertOn,
          )
          .execute();
      }
      if (opts.least?.length) await keepLeast(m, entity, rows, opts.upsertOn, opts.least);
    } else
      await insertRows(
        m,
        entity,
        rows.map((r) => ({ ...r })),
      );
    return;
  }
  const meta = m.connection.getMetadata(entity);
  // An upsert locks each existing row (and each new key's index entry) as it reaches it:
  // writers upserting overlapping keys in different orders would wait on each other in a
  // circle. In one order — the keys' — the later writer only ever waits for the earlier.
  const insert = unnestInsert(m, entity, opts.upsertOn ? inKeyOrder(rows, opts.upsertOn) : rows);
  let sql = insert.sql;
  if (opts.upsertOn) {
    const keys = opts.upsertOn.map((p) => meta.findColumnWithPropertyName(p)!.databaseName);
    const set = insert.columns
      .filter((c) => !keys.includes(c.databaseName) && (!opts.update || opts.update.includes(c.propertyName)))
      .map((c) =>
        opts.least?.includes(c.propertyName)
          ? `"${c.databaseName}" = LEAST("${meta.tableName}"."${c.databaseName}", EXCLUDED."${c.databaseName}")`
          : `"${c.databaseName}" = EXCLUDED."${c.databaseName}"`,
      )
      .join(', ');
    sql += ` ON CONFLICT (${keys.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${set}`;
  }
  await m.query(sql, insert.params);
}

/** Rows sorted by their key columns (compared as text: any one total order serves). */
function inKeyOrder<T extends ObjectLiteral>(rows: T[], keys: string[]): T[] {
  const keyOf = (r: T) => keys.map((k) => String(r[k])).join('\u0000');
  return rows
    .map((r) => [keyOf(r), r] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => r);
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

/** SQLite's upsert above kept the stored `least` columns; lower them to the new value where smaller. */
async function keepLeast<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
  keys: string[],
  least: string[],
): Promise<void> {
  const meta = m.connection.getMetadata(entity);
  const col = (p: string) => `"${meta.findColumnWithPropertyName(p)!.databaseName}"`;
  const set = least.map((p) => `${col(p)} = MIN(${col(p)}, ?)`).join(', ');
  const where = keys.map((p) => `${col(p)} = ?`).join(' AND ');
  for (const r of rows)
    await m.query(`UPDATE "${meta.tableName}" SET ${set} WHERE ${where}`, [
      ...least.map((p) => r[p] as unknown),
      ...keys.map((p) => r[p] as unknown),
    ]);
}
