import type { Insertable } from 'kysely';
import type { TicketTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type NewTicket = Insertable<TicketTable> & { tags_for_search: string[]; agent_id_list: string[] };

export class TicketsRepository {
  constructor(private readonly db: Executor) {}

  /** Inserts tickets with their search rows; a ticket that exists already is left as it is (fixtures load twice). */
  async insertMany(tickets: readonly NewTicket[]): Promise<void> {
    if (tickets.length === 0) return;
    // Chunks keep each statement under SQLite's and PostgreSQL's bound-parameter limits.
    for (let i = 0; i < tickets.length; i += 200) {
      const chunk = tickets.slice(i, i + 200);
      await this.db
        .insertInto('tickets')
        .values(chunk.map(({ tags_for_search, agent_id_list, ...row }) => row))
        .onConflict((oc) => oc.column('ticket_id').doNothing())
        .execute();
      const agentRows = chunk.flatMap((t) =>
        [...new Set(t.agent_id_list)].map((agent_id) => ({ ticket_id: t.ticket_id, agent_id, helpdesk_id: t.helpdesk_id, created_at: t.created_at })),
      );
      for (let j = 0; j < agentRows.length; j += 500) {
        await this.db.insertInto('ticket_agents').values(agentRows.slice(j, j + 500)).onConflict((oc) => oc.doNothing()).execute();
      }
      const tagRows = chunk.flatMap((t) =>
        [...new Set(t.tags_for_search)].map((tag) => ({ ticket_id: t.ticket_id, tag, helpdesk_id: t.helpdesk_id, created_at: t.created_at })),
      );
      for (let j = 0; j < tagRows.length; j += 500) {
        await this.db.insertInto('ticket_tags').values(tagRows.slice(j, j + 500)).onConflict((oc) => oc.doNothing()).execute();
      }
    }
  }

  async countByHelpdesk(helpdesk_id: string): Promise<number> {
    const row = await this.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('helpdesk_id', '=', helpdesk_id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
