import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tickets')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('guest_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addColumn('guest_name_lower', 'text', (c) => c.notNull())
    .addColumn('agent_owner_id', 'text')
    .addColumn('closed_by_id', 'text')
    .addColumn('ticket_type', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('solve', 'integer', (c) => c.notNull())
    .addColumn('channel', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint', (c) => c.notNull())
    .addColumn('agent_entry_time', 'bigint', (c) => c.notNull())
    .addColumn('agent_first_response_time', 'bigint', (c) => c.notNull())
    .addColumn('agent_last_response_time', 'bigint', (c) => c.notNull())
    .addColumn('pending_seconds', 'integer', (c) => c.notNull())
    .addColumn('agent_ids', 'text', (c) => c.notNull())
    .addColumn('collaborator_ids', 'text', (c) => c.notNull())
    .addColumn('tag_names', 'text', (c) => c.notNull())
    .addColumn('comments', 'text')
    .addColumn('dissatisfaction_reason', 'text')
    .addColumn('customized_fields', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tickets_by_helpdesk_created')
    .on('tickets')
    .columns(['helpdesk_id', 'created_at', 'ticket_id'])
    .execute();

  await db.schema
    .createTable('ticket_agents')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.ticket_id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_agents_pk', ['ticket_id', 'agent_id'])
    .execute();
  await db.schema
    .createIndex('ticket_agents_by_agent')
    .on('ticket_agents')
    .columns(['helpdesk_id', 'agent_id', 'created_at', 'ticket_id'])
    .execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.ticket_id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('ticket_tags_by_tag')
    .on('ticket_tags')
    .columns(['helpdesk_id', 'tag', 'created_at', 'ticket_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ticket_tags', 'ticket_agents', 'tickets']) await db.schema.dropTable(table).execute();
}
