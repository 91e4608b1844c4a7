// The state an endpoint can change, read straight from the database in a canonical form, so "a refused write changes
// nothing" is a string comparison.
import type { Kysely } from 'kysely';
import type { Schema } from '../../src/db/schema.js';
import type { TableName } from './endpoints.js';

export const allTables: TableName[] = [
  'tenants', 'apps', 'users', 'access_tokens', 'settings', 'helpdesks', 'helpdesk_admins', 'skills', 'skill_agents', 'agents',
  'tickets', 'ticket_agents', 'ticket_tags', 'ticket_guests', 'ticket_counts', 'customized_fields', 'images',
];

/** Every row of the tables, each table's rows sorted, as one string. */
export async function snapshot(db: Kysely<Schema>, tables: readonly TableName[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute();
    parts.push(`${table}:${rows.map((r) => JSON.stringify(r)).sort().join('\n')}`);
  }
  return parts.join('\n\n');
}
