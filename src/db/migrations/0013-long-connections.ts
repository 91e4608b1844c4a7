// Long connections (WSClient) open in any process: how every process knows whether an app has a connection
// somewhere, how many (at most 50 per app), and so which process may claim the app's long-connection deliveries.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('long_connections')
    .addColumn('connection_id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.app_id'))
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('alive_until', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('long_connections_by_app').on('long_connections').columns(['app_id', 'alive_until']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('long_connections').execute();
}
