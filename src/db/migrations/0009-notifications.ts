// The push centre (docs/notifications.md): a helpdesk's notifications with their state, and one row per user a
// notification was sent to, naming the message it became, so counts are exact and a recall finds what to take back.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('notification_id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn('job_name', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('push_content', 'text', (c) => c.notNull())
    .addColumn('push_type', 'integer', (c) => c.notNull())
    .addColumn('push_scope_type', 'integer', (c) => c.notNull())
    .addColumn('new_staff_scope_type', 'integer')
    // JSON arrays, as given ({department_id, name} / {chat_id, name}); user_list holds open ids only.
    .addColumn('new_staff_scope_department_list', 'text', (c) => c.notNull())
    .addColumn('user_ids', 'text', (c) => c.notNull())
    .addColumn('department_list', 'text', (c) => c.notNull())
    .addColumn('chat_list', 'text', (c) => c.notNull())
    .addColumn('ext', 'text')
    // The caller's proposed time until execute_send sets the one the timers fire at (ms).
    .addColumn('send_at', 'bigint')
    .addColumn('submit_reason', 'text')
    .addColumn('target_user_count', 'integer', (c) => c.notNull())
    .addColumn('create_user_id', 'text', (c) => c.notNull())
    .addColumn('update_user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The timers look for scheduled notifications that fall due.
  await db.schema.createIndex('notifications_scheduled').on('notifications').columns(['status', 'send_at']).execute();

  await db.schema
    .createTable('notification_recipients')
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('open_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('recalled_at', 'bigint')
    .addPrimaryKeyConstraint('notification_recipients_pk', ['notification_id', 'open_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_recipients').execute();
  await db.schema.dropIndex('notifications_scheduled').execute();
  await db.schema.dropTable('notifications').execute();
}
