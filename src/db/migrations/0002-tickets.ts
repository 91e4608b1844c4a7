// Tickets and what keeps GET /tickets exact and fast on millions of rows. docs/tickets.md explains each index
// with the query plans that use it. TicketsRepository is the only writer of these tables and keeps the
// derived ones (links, guests, counts) in step in the same transaction.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

/** The ticket fields a link row repeats, so that agent_id and tags filters count inside one index. */
const LINK_FIELDS = ['status', 'ticket_type', 'channel', 'solve', 'score', 'updated_at'];

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Pages are ordered by ticket_id after created_at: PostgreSQL must compare ids bytewise, as SQLite does.
  const idType = postgres ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('tickets')
    .addColumn('ticket_id', idType, (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('guest_id', 'text', (c) => c.notNull().references('users.open_id'))
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
  // The list's order with every small-valued field and updated_at: walking a time range, skipping an offset and
  // counting the edges of a time range never touch the table.
  await index(db, 'tickets_by_created', 'tickets', ['helpdesk_id', 'created_at', 'ticket_id', 'status', 'ticket_type', 'channel', 'solve', 'score', 'updated_at']);
  // "Updated since my last sync": the matches of an update-time range, without walking all of history.
  await index(db, 'tickets_by_updated', 'tickets', ['helpdesk_id', 'updated_at', 'status', 'ticket_type', 'channel', 'solve', 'score', 'created_at', 'ticket_id']);
  // One status in creation order: a rare status (created, queued) is paged without walking every other ticket.
  await index(db, 'tickets_by_status', 'tickets', ['helpdesk_id', 'status', 'created_at', 'ticket_id']);
  await index(db, 'tickets_by_guest', 'tickets', ['helpdesk_id', 'guest_id', 'created_at', 'ticket_id']);
  await db.schema
    .createIndex('tickets_by_closer')
    .on('tickets')
    .columns(['helpdesk_id', 'closed_by_id', 'created_at', 'ticket_id'])
    .where(sql.ref('closed_by_id'), 'is not', null)
    .execute();

  // A ticket's agents, and its tags (its own tag names and its guest's tags, one row per distinct tag).
  await linkTable(db, postgres, idType, 'ticket_agents', 'agent_id');
  await linkTable(db, postgres, idType, 'ticket_tags', 'tag');

  // The guests of a helpdesk with what its search needs: guest_name matches here and then tickets by guest_id,
  // instead of scanning a million tickets. name_lower is lowered in JavaScript so that case folding is
  // Unicode's on both databases; `tags` is the guest's tags as last copied into ticket_tags.
  await withoutRowid(
    postgres,
    db.schema
      .createTable('ticket_guests')
      .addColumn('helpdesk_id', 'text', (c) => c.notNull())
      .addColumn('guest_id', 'text', (c) => c.notNull())
      .addColumn('name_lower', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ticket_guests_pk', ['helpdesk_id', 'guest_id']),
  ).execute();
  // Every two- and three-character piece of each guest's lowered name, with the name: a needle of two or more
  // characters reads the guests holding its first piece (a few hundred rows in key order) and checks the whole
  // needle against the name there, rather than matching it against every guest.
  await withoutRowid(
    postgres,
    db.schema
      .createTable('ticket_guest_grams')
      .addColumn('helpdesk_id', 'text', (c) => c.notNull())
      .addColumn('gram', 'text', (c) => c.notNull())
      .addColumn('guest_id', 'text', (c) => c.notNull())
      .addColumn('name_lower', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ticket_guest_grams_pk', ['helpdesk_id', 'gram', 'guest_id']),
  ).execute();

  // Ticket counts by creation time, so that `total` over a long range adds a few buckets instead of counting
  // rows. Per status in week, day and hour buckets; per status and every small-valued field in week and day
  // buckets. A range is covered by whole buckets from the coarsest down, and only its two ragged ends (under an
  // hour, or under a day with small-valued fields) are counted from tickets_by_created.
  await withoutRowid(
    postgres,
    db.schema
      .createTable('ticket_status_counts')
      .addColumn('helpdesk_id', 'text', (c) => c.notNull())
      .addColumn('span_ms', 'integer', (c) => c.notNull())
      .addColumn('bucket', 'integer', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('ticket_status_counts_pk', ['helpdesk_id', 'span_ms', 'bucket', 'status']),
  ).execute();
  await withoutRowid(
    postgres,
    db.schema
      .createTable('ticket_counts')
      .addColumn('helpdesk_id', 'text', (c) => c.notNull())
      .addColumn('span_ms', 'integer', (c) => c.notNull())
      .addColumn('bucket', 'integer', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('ticket_type', 'integer', (c) => c.notNull())
      .addColumn('channel', 'integer', (c) => c.notNull())
      .addColumn('solve', 'integer', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('ticket_counts_pk', ['helpdesk_id', 'span_ms', 'bucket', 'status', 'ticket_type', 'channel', 'solve', 'score']),
  ).execute();
  // The same per status for one agent or one tag, in week and day buckets: "this agent's open tickets" and
  // "vip tickets this quarter" count like the status filters do. The ragged ends come from the link tables.
  await withoutRowid(
    postgres,
    db.schema
      .createTable('ticket_link_counts')
      .addColumn('helpdesk_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('span_ms', 'integer', (c) => c.notNull())
      .addColumn('bucket', 'integer', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('ticket_link_counts_pk', ['helpdesk_id', 'kind', 'value', 'span_ms', 'bucket', 'status']),
  ).execute();
}

function index(db: Kysely<any>, name: string, table: string, columns: string[]) {
  return db.schema.createIndex(name).on(table).columns(columns).execute();
}

/** SQLite stores a table without rowid as its primary-key index: small tables that are all key. */
function withoutRowid<T extends { modifyEnd(s: any): T }>(postgres: boolean, builder: T): T {
  return postgres ? builder : builder.modifyEnd(sql`without rowid`);
}

/**
 * A link from tickets to one of their many-valued fields, keyed for "this value, in creation order" and carrying
 * the ticket's small-valued fields. SQLite clusters the rows on that key (without rowid); PostgreSQL indexes the
 * key with the fields included, for index-only scans. "Does ticket T have value V" is a seek on the same key,
 * as T's helpdesk_id and created_at are known. No foreign key: TicketsRepository writes links with their ticket.
 */
async function linkTable(db: Kysely<any>, postgres: boolean, idType: any, table: string, value: string) {
  let builder = db.schema
    .createTable(table)
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn(value, 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ticket_id', idType, (c) => c.notNull());
  for (const field of LINK_FIELDS) builder = builder.addColumn(field, field === 'updated_at' ? 'bigint' : 'integer', (c) => c.notNull());
  const key = ['helpdesk_id', value, 'created_at', 'ticket_id'];
  if (!postgres) return builder.addPrimaryKeyConstraint(`${table}_pk`, key).modifyEnd(sql`without rowid`).execute();
  await builder.execute();
  await sql.raw(`alter table ${table} add constraint ${table}_pk primary key (${key.join(', ')}) include (${LINK_FIELDS.join(', ')})`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ticket_link_counts', 'ticket_counts', 'ticket_status_counts', 'ticket_guest_grams', 'ticket_guests', 'ticket_tags', 'ticket_agents', 'tickets']) {
    await db.schema.dropTable(table).execute();
  }
}
