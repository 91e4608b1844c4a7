// Every delivery attempt, kept (Svix's vocabulary: a message, its endpoint, its attempts): when it started, how it
// ended, how long it took, and the answer's HTTP status or why there was none. event_deliveries keeps only the
// current state; this is the history operators read (the console's event page, `kefu events tail`).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // attempt_id is random: two processes may record attempts of one event at once (a lease that ran out), so a
  // per-event counter would race. The order is started_at, then recorded_at.
  await db.schema
    .createTable('event_attempts')
    .addColumn('attempt_id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    // 'delivered' or 'failed'
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    // Without an HTTP answer: 'timeout', 'refused', 'unreachable', 'bad answer' or 'not deliverable'.
    .addColumn('error', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_attempts_by_event').on('event_attempts').columns(['event_id', 'started_at']).execute();
  // `kefu events tail` reads the newest recorded attempts.
  await db.schema.createIndex('event_attempts_by_recorded_at').on('event_attempts').columns(['recorded_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_attempts').execute();
}
