// Event delivery: each app's event subscription (Feishu's developer console), the helpdesks an app called
// events/subscribe for, and one delivery row per outbox event and app (its own header event_id, its attempts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The encrypt key is kept as given: Kefu encrypts with it, so a digest would not do.
  await db.schema
    .createTable('event_subscriptions')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('apps.app_id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('request_url', 'text')
    .addColumn('encrypt_key', 'text')
    .addColumn('verification_token', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The event types an app's subscription lists, one row each, so fan-out is a join.
  await db.schema
    .createTable('event_subscription_types')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.app_id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_subscription_types_pk', ['app_id', 'event_type'])
    .execute();
  // events/subscribe: the ticket event types an app wants from a helpdesk.
  await db.schema
    .createTable('helpdesk_event_subscriptions')
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.app_id'))
    .addPrimaryKeyConstraint('helpdesk_event_subscriptions_pk', ['helpdesk_id', 'event_type', 'app_id'])
    .execute();
  // One row per outbox event and app. status: pending, delivered or failed. attempts counts finished attempts;
  // lease_until (ms) marks an attempt under way in some process: another process claims it only once it passed.
  await db.schema
    .createTable('event_deliveries')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint', (c) => c.notNull())
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_outcome', 'text')
    .addColumn('delivered_at', 'bigint')
    .addUniqueConstraint('event_deliveries_by_event_and_app', ['seq', 'app_id'])
    .execute();
  await db.schema.createIndex('event_deliveries_due').on('event_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('event_deliveries_by_app').on('event_deliveries').columns(['app_id', 'status', 'seq']).execute();
  await db.schema.createIndex('event_deliveries_by_ticket').on('event_deliveries').columns(['app_id', 'ticket_id', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['event_deliveries', 'helpdesk_event_subscriptions', 'event_subscription_types', 'event_subscriptions']) {
    await db.schema.dropTable(table).execute();
  }
}
