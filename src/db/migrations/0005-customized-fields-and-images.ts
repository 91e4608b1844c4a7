// Customized fields (a helpdesk's ticket fields, defined through the Open API, and its user fields, defined in
// fixtures) and uploaded images, whose bytes live in the database so that every process serving it sees them.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('customized_fields')
    .addColumn('field_id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    // 'ticket' or 'user': the two kinds GET /customized_fields answers side by side.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key_name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('field_type', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('visible', 'integer', (c) => c.notNull())
    .addColumn('editable', 'integer', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('dropdown_allow_multiple', 'integer', (c) => c.notNull())
    // JSON {children: [...]} as given, or null: only ever answered.
    .addColumn('dropdown_options', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text')
    .execute();
  // A key_name names one field of its kind in a helpdesk (the ticket's customized_fields carry it); the list pages
  // walk this index in id order.
  await db.schema.createIndex('customized_fields_by_key').on('customized_fields').columns(['helpdesk_id', 'kind', 'key_name']).unique().execute();
  await db.schema.createIndex('customized_fields_in_order').on('customized_fields').columns(['helpdesk_id', 'kind', 'field_id']).execute();

  await db.schema
    .createTable('images')
    .addColumn('image_key', 'text', (c) => c.primaryKey())
    // Images belong to a tenant: a key from another tenant answers as if it did not exist.
    .addColumn('tenant_key', 'text', (c) => c.notNull().references('tenants.tenant_key'))
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bytes', postgres ? sql`bytea` : sql`blob`, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('images').execute();
  await db.schema.dropTable('customized_fields').execute();
}
