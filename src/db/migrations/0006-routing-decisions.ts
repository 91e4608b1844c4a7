// Routing's record (docs/routing.md): every decision, as GET /kefu/v1/tickets/:ticket_id/routing answers it, and
// when each agent was last assigned a ticket (the pick rule's second key). Two partial indexes on tickets keep the
// decision's reads small on a helpdesk with a long history: the open tickets an agent owns (the cap) and the queue;
// a third keeps the timers' look for silent bot-stage tickets small.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('routing_decisions')
    .addColumn('seq', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    // JSON: the whole decision, answered as it was made.
    .addColumn('decision', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('routing_decisions_by_ticket').on('routing_decisions').columns(['ticket_id', 'seq']).execute();

  await db.schema
    .createTable('routing_agent_turns')
    .addColumn('helpdesk_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('last_assigned_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('routing_agent_turns_pk', ['helpdesk_id', 'agent_id'])
    .execute();

  await sql`create index tickets_open_by_owner on tickets (helpdesk_id, agent_owner_id) where status in (1, 2, 4, 5)`.execute(db);
  await sql`create index tickets_queued on tickets (helpdesk_id, agent_entry_time, ticket_id) where status = 3`.execute(db);
  // The timers look for silent bot-stage tickets every second: without it that is a scan of every ticket. It holds
  // every column that look reads, or SQLite prefers scanning a covering index of all tickets.
  await sql`create index tickets_open_bot on tickets (ticket_id, helpdesk_id, created_at, ticket_type, status) where ticket_type = 1 and status <= 5`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_open_bot').execute();
  await db.schema.dropIndex('tickets_queued').execute();
  await db.schema.dropIndex('tickets_open_by_owner').execute();
  await db.schema.dropTable('routing_agent_turns').execute();
  await db.schema.dropTable('routing_decisions').execute();
}
