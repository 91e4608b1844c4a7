// What the lifecycle keeps of a ticket beyond the list's columns (migrations/0004-lifecycle.ts).
import { sql, type Insertable, type Selectable } from 'kysely';
import type { TicketLifeTable, TicketTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { rowLocksApply } from './skills-repository.js';

export type TicketLife = Selectable<TicketLifeTable>;

export class TicketLivesRepository {
  constructor(private readonly db: Executor) {}

  async find(ticket_id: string): Promise<TicketLife | undefined> {
    return this.db.selectFrom('ticket_lives').selectAll().where('ticket_id', '=', ticket_id).executeTakeFirst();
  }

  async upsert(life: Insertable<TicketLifeTable>): Promise<void> {
    const { ticket_id, ...rest } = life;
    await this.db.insertInto('ticket_lives').values(life).onConflict((oc) => oc.column('ticket_id').doUpdateSet(rest)).execute();
  }

  /** The guest's open ticket (status 1-5) in the helpdesk, if any: there is at most one (lifecycle.md). */
  async openTicketOfGuest(helpdesk_id: string, guest_id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('tickets')
      .select('ticket_id')
      .where('helpdesk_id', '=', helpdesk_id)
      .where('guest_id', '=', guest_id)
      // `+status` keeps the status out of index choice: without statistics SQLite otherwise walks tickets_by_status
      // (every open ticket of the helpdesk) instead of the guest's own tickets, newest first, where the open one is.
      .where(sql<number>`+${sql.ref('status')}`, '<=', 5)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row?.ticket_id;
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
    return this.db
      .selectFrom('tickets')
      .selectAll()
      .where('helpdesk_id', '=', helpdesk_id)
      .where('ticket_id', '=', ticket_id)
      .$if(rowLocksApply(this.db), (qb) => qb.forUpdate())
      .executeTakeFirst();
  }
}
