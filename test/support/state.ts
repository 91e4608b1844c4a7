// The state an endpoint can change, read straight from the database in a canonical form, so "a refused write changes
// nothing" is a string comparison.
import type { Kysely } from 'kysely';
import type { Schema } from '../../src/db/schema.js';
import type { TableName } from './endpoints.js';

/**
 * Every table the database holds, read from its catalogue (Kysely's migration bookkeeping aside), so a table added by
 * a new migration is compared without anyone remembering to list it.
 */
export async function allTables(db: Kysely<Schema>): Promise<TableName[]> {
  const tables = await db.introspection.getTables();
  return tables.filter((t) => !t.isView).map((t) => t.name as TableName).sort();
}

/** Every row of the tables (all of them when none are named), each table's rows sorted, as one string. */
export async function snapshot(db: Kysely<Schema>, tables?: readonly TableName[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables ?? (await allTables(db))) {
    const rows = await db.selectFrom(table).selectAll().execute();
    parts.push(`${table}:${rows.map((r) => JSON.stringify(r)).sort().join('\n')}`);
  }
  return parts.join('\n\n');
}
