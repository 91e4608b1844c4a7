// The living helpdesk (docs/lifecycle.md): service chats, ticket messages, what the lifecycle keeps of a ticket
// beyond the list's columns, the event outbox, and each helpdesk's settings. The list's own tables (0002) are left
// as they are: the hot paths of GET /tickets and kefu generate never read these.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  // One chat per guest, helpdesk and kind ('service': the helpdesk's service chat, reused for all the guest's
  // tickets; 'bot': the guest's private chat with the helpdesk bot, for POST /message receive_type user).
  await db.schema
    .createTable('chats')
    .addColumn('chat_id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('guest_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('chats_by_guest', ['helpdesk_id', 'guest_id', 'kind'])
    .execute();
  await db.schema.createIndex('chats_by_guest_id').on('chats').columns(['guest_id']).execute();

  // What the lifecycle keeps of a ticket it runs: its chat, how it was started, its message count (the next
  // message's position), the last message's time (bot idle close), and when it entered pending (status 4).
  // Tickets loaded as history (fixtures, kefu generate) have no row until the lifecycle first touches them.
  await db.schema
    .createTable('ticket_lives')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chats.chat_id'))
    .addColumn('customized_info', 'text')
    .addColumn('appointed_agent_ids', 'text', (c) => c.notNull())
    .addColumn('faq_categories', 'text', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('last_message_at', 'bigint', (c) => c.notNull())
    .addColumn('pending_since', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_lives_by_chat').on('ticket_lives').columns(['chat_id']).execute();

  // Messages of a chat; ticket_id is null for a bot message sent while the guest had no open ticket.
  await db.schema
    .createTable('messages')
    .addColumn('ticket_message_id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chats.chat_id'))
    .addColumn('ticket_id', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('sender_type', 'integer', (c) => c.notNull())
    .addColumn('sender_id', 'text')
    .addColumn('msg_type', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_by_ticket').on('messages').columns(['ticket_id', 'position']).execute();
  await db.schema.createIndex('messages_by_chat').on('messages').columns(['chat_id', 'created_at', 'ticket_message_id']).execute();

  // The event outbox: each change's Feishu event, written in the change's transaction. seq orders the events of
  // a helpdesk (and so of a ticket) as they happened; delivery reads from here.
  await db.schema
    .createTable('event_outbox')
    .addColumn('seq', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('tenant_key', 'text', (c) => c.notNull())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_outbox_by_helpdesk').on('event_outbox').columns(['helpdesk_id', 'seq']).execute();
  await db.schema.createIndex('event_outbox_by_ticket').on('event_outbox').columns(['ticket_id', 'seq']).execute();

  // Kefu's own helpdesk settings; a helpdesk without a row has the defaults (lifecycle.md).
  await db.schema
    .createTable('helpdesk_settings')
    .addColumn('helpdesk_id', 'text', (c) => c.primaryKey().references('helpdesks.helpdesk_id'))
    .addColumn('bot_idle_close_s', 'integer', (c) => c.notNull())
    .addColumn('max_open_tickets_per_agent', 'integer', (c) => c.notNull())
    .addColumn('bot_auto_answer', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // A guest's open ticket is found by its chat; this index finds it from the tickets side too (status 1-5).
  await db.schema
    .createIndex('tickets_open_by_guest')
    .on('tickets')
    .columns(['helpdesk_id', 'guest_id'])
    .where(sql.ref('status'), '<=', sql.lit(5))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_open_by_guest').execute();
  for (const table of ['helpdesk_settings', 'event_outbox', 'messages', 'ticket_lives', 'chats']) {
    await db.schema.dropTable(table).execute();
  }
}
