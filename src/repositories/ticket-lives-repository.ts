// What the lifecycle keeps of a ticket beyond the list's columns (migrations/0004-lifecycle.ts).
import { sql, type Selectable } from 'kysely';
import type { TicketLifeTable, TicketTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared.js';
import { rowLocksApply } from './skills-repository.js';

export type TicketLife = Selectable<TicketLifeTable>;

// The write path's statements, compiled once (prepared.ts).
const lifeById = prepared<{ ticket_id: string }, TicketLife>((db, v) => db.selectFrom('ticket_lives').selectAll().where('ticket_id', '=', v.ticket_id));
const upsertLife = prepared<TicketLife, never>((db, v) => {
  const rest = {
    helpdesk_id: v.helpdesk_id, chat_id: v.chat_id, customized_info: v.customized_info, appointed_agent_ids: v.appointed_agent_ids,
    faq_categories: v.faq_categories, message_count: v.message_count, last_message_at: v.last_message_at, pending_since: v.pending_since,
  };
  return db.insertInto('ticket_lives').values({ ticket_id: v.ticket_id, ...rest }).onConflict((oc) => oc.column('ticket_id').doUpdateSet(rest));
});
const openTicketOfGuest = prepared<{ helpdesk_id: string; guest_id: string }, { ticket_id: string }>((db, v) =>
  db
    .selectFrom('tickets')
    .select('ticket_id')
    .where('helpdesk_id', '=', v.helpdesk_id)
    .where('guest_id', '=', v.guest_id)
    // `+status` keeps the status out of index choice: without statistics SQLite otherwise walks tickets_by_status
    // (every open ticket of the helpdesk) instead of the guest's own tickets, newest first, where the open one is.
    .where(sql<number>`+${sql.ref('status')}`, '<=', 5)
    .orderBy('created_at', 'desc')
    .limit(1),
);
const lockedTicket = prepared<{ helpdesk_id: string; ticket_id: string }, Selectable<TicketTable>>((db, v) =>
  db.selectFrom('tickets').selectAll().where('helpdesk_id', '=', v.helpdesk_id).where('ticket_id', '=', v.ticket_id).$if(rowLocksApply(db), (qb) => qb.forUpdate()),
);

export class TicketLivesRepository {
  constructor(private readonly db: Executor) {}

  async find(ticket_id: string): Promise<TicketLife | undefined> {
    return lifeById.first(this.db, { ticket_id });
  }

  async upsert(life: TicketLife): Promise<void> {
    await upsertLife.execute(this.db, life);
  }

  /** The guest's open ticket (status 1-5) in the helpdesk, if any: there is at most one (lifecycle.md). */
  async openTicketOfGuest(helpdesk_id: string, guest_id: string): Promise<string | undefined> {
    return (await openTicketOfGuest.first(this.db, { helpdesk_id, guest_id }))?.ticket_id;
  }

  /** The helpdesk's queued tickets (status 3) in queue order: agent_entry_time, then ticket_id (lifecycle.md). */
  async queuedTickets(helpdesk_id: string): Promise<{ ticket_id: string; guest_id: string; channel: number; appointed_agent_ids: string[] }[]> {
    const rows = await this.db
      .selectFrom('tickets as t')
      .leftJoin('ticket_lives as l', 'l.ticket_id', 't.ticket_id')
      .select(['t.ticket_id', 't.guest_id', 't.channel', 'l.appointed_agent_ids'])
      .where('t.helpdesk_id', '=', helpdesk_id)
      .where('t.status', '=', 3)
      .orderBy('t.agent_entry_time')
      .orderBy('t.ticket_id')
      .execute();
    return rows.map((r) => ({ ticket_id: r.ticket_id, guest_id: r.guest_id, channel: r.channel, appointed_agent_ids: JSON.parse(r.appointed_agent_ids ?? '[]') }));
  }

  /**
   * Open bot-stage tickets the lifecycle runs whose last message is at or before `silentSince` (bot idle close).
   * Tickets loaded as history have no lifecycle row and are left alone.
   */
  async idleBotTickets(helpdesk_id: string, silentSince: number): Promise<{ ticket_id: string; last_message_at: number }[]> {
    return this.db
      .selectFrom('ticket_lives as l')
      .innerJoin('tickets as t', 't.ticket_id', 'l.ticket_id')
      .select(['t.ticket_id', 'l.last_message_at'])
      .where('l.helpdesk_id', '=', helpdesk_id)
      .where('t.ticket_type', '=', 1)
      .where('t.status', '<=', 5)
      .where('l.last_message_at', '<=', silentSince)
      .orderBy('l.last_message_at')
      .orderBy('t.ticket_id')
      .execute();
  }

  /** Which helpdesk a ticket is in (routing's calls name the ticket alone). */
  async helpdeskOf(ticket_id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('tickets').select('helpdesk_id').where('ticket_id', '=', ticket_id).executeTakeFirst())?.helpdesk_id;
  }

  /**
   * The ticket row, locked for a change until the transaction ends (PostgreSQL). `read` is the row as this
   * transaction already read it: SQLite's transaction holds the only write lock, so the row cannot have changed.
   */
  async lockTicket(helpdesk_id: string, ticket_id: string, read?: Selectable<TicketTable>) {
    if (read !== undefined && !rowLocksApply(this.db)) return read;
    return lockedTicket.first(this.db, { helpdesk_id, ticket_id });
  }
}
