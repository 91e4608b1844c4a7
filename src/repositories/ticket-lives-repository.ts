// What the lifecycle keeps of a ticket beyond the list's columns (migrations/0004-lifecycle.ts).
import type { Insertable, Selectable } from 'kysely';
import type { TicketLifeTable } from '../db/schema.js';
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
      .where('status', '<=', 5)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row?.ticket_id;
  }

  /** Which helpdesk a ticket is in (routing's calls name the ticket alone). */
  async helpdeskOf(ticket_id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('tickets').select('helpdesk_id').where('ticket_id', '=', ticket_id).executeTakeFirst())?.helpdesk_id;
  }

  /** The ticket row, locked for a change until the transaction ends (PostgreSQL). */
  async lockTicket(helpdesk_id: string, ticket_id: string) {
    return this.db
      .selectFrom('tickets')
      .selectAll()
      .where('helpdesk_id', '=', helpdesk_id)
      .where('ticket_id', '=', ticket_id)
      .$if(rowLocksApply(this.db), (qb) => qb.forUpdate())
      .executeTakeFirst();
  }
}
