// What the lifecycle keeps of a ticket beyond the list's columns (migrations/0004-lifecycle.ts).
import { sql, type Selectable } from 'kysely';
import type { TicketLifeTable, TicketTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared.js';
import { rowLocksApply } from './skills-repository.js';

export type TicketLife = Selectable<TicketLifeTable>;

/** A ticket's row and its lifecycle row, which a ticket loaded as history does not have yet. */
export interface TicketWithLife {
  row: Selectable<TicketTable>;
  life: TicketLife | undefined;
  /** The guest's tags as their tickets' tag rows carry them (ticket_guests.tags), null without a row: a change's replace needs them. */
  guestTags: string | null;
}

// The write path's statements, compiled once (prepared.ts).
const upsertLife = prepared<TicketLife, never>((db, v) => {
  const rest = {
    helpdesk_id: v.helpdesk_id, chat_id: v.chat_id, customized_info: v.customized_info, appointed_agent_ids: v.appointed_agent_ids,
    faq_categories: v.faq_categories, message_count: v.message_count, last_message_at: v.last_message_at, pending_since: v.pending_since,
  };
  return db.insertInto('ticket_lives').values({ ticket_id: v.ticket_id, ...rest }).onConflict((oc) => oc.column('ticket_id').doUpdateSet(rest));
});
/**
 * `status <= 5` as SQLite is to read it when it finds a guest's open tickets: through tickets_open_by_guest (the
 * guest's open tickets alone). Without statistics SQLite otherwise walks tickets_by_status (every open ticket of the
 * helpdesk) or, with the status kept out of index choice, every ticket of the guest newest first: a bench guest has
 * up to 283, and their open one is not always among the newest (150 µs a read where the open ones alone take 10 to
 * 50). `likely()` makes the condition look cheap to test, and it is still the one that implies the partial index;
 * ordering by `+created_at` (ties by ticket_id, as that index ordered them) stops SQLite choosing tickets_by_guest
 * for its order. PostgreSQL has statistics.
 */
const isOpenCondition = (db: Executor, status: 'status' | 'tickets.status') =>
  rowLocksApply(db) ? sql<boolean>`${sql.ref(status)} <= 5` : sql<boolean>`likely(${sql.ref(status)} <= 5)`;
const newestFirst = (db: Executor, created: 'created_at' | 'tickets.created_at') => (rowLocksApply(db) ? sql.ref(created) : sql`+${sql.ref(created)}`);
const openTicketOfGuest = prepared<{ helpdesk_id: string; guest_id: string }, { ticket_id: string }>((db, v) =>
  db
    .selectFrom('tickets')
    .select('ticket_id')
    .where('helpdesk_id', '=', v.helpdesk_id)
    .where('guest_id', '=', v.guest_id)
    .where(isOpenCondition(db, 'status'))
    .orderBy(newestFirst(db, 'created_at'), 'desc')
    .orderBy('ticket_id', 'desc')
    .limit(1),
);
// A ticket, its lifecycle row and its guest's tags in one read: every change needs the three.
const withLife = (db: Executor) =>
  db
    .selectFrom('tickets')
    .leftJoin('ticket_lives', 'ticket_lives.ticket_id', 'tickets.ticket_id')
    .leftJoin('ticket_guests', (join) => join.onRef('ticket_guests.helpdesk_id', '=', 'tickets.helpdesk_id').onRef('ticket_guests.guest_id', '=', 'tickets.guest_id'))
    .selectAll('tickets')
    .select([
      'ticket_guests.tags as guest_tags',
      'ticket_lives.ticket_id as life_of', 'ticket_lives.helpdesk_id as life_helpdesk_id', 'ticket_lives.chat_id', 'ticket_lives.customized_info',
      'ticket_lives.appointed_agent_ids', 'ticket_lives.faq_categories', 'ticket_lives.message_count', 'ticket_lives.last_message_at',
      'ticket_lives.pending_since',
    ]);
type WithLifeRow = Awaited<ReturnType<ReturnType<typeof withLife>['executeTakeFirstOrThrow']>>;
const ticketWithLife = prepared<{ helpdesk_id: string; ticket_id: string }, WithLifeRow>((db, v) =>
  withLife(db).where('tickets.helpdesk_id', '=', v.helpdesk_id).where('tickets.ticket_id', '=', v.ticket_id),
);
// PostgreSQL only (SQLite's write transaction holds the only lock): the ticket's row locked, its lifecycle row read under that lock.
const lockedTicketWithLife = prepared<{ helpdesk_id: string; ticket_id: string }, WithLifeRow>((db, v) =>
  withLife(db).where('tickets.helpdesk_id', '=', v.helpdesk_id).where('tickets.ticket_id', '=', v.ticket_id).forUpdate('tickets'),
);
const openTicketWithLife = prepared<{ helpdesk_id: string; guest_id: string }, WithLifeRow>((db, v) =>
  withLife(db)
    .where('tickets.helpdesk_id', '=', v.helpdesk_id)
    .where('tickets.guest_id', '=', v.guest_id)
    // As in openTicketOfGuest: the guest's open tickets alone, newest first.
    .where(isOpenCondition(db, 'tickets.status'))
    .orderBy(newestFirst(db, 'tickets.created_at'), 'desc')
    .orderBy('tickets.ticket_id', 'desc')
    .limit(1),
);

function splitLife(r: WithLifeRow | undefined): TicketWithLife | undefined {
  if (r === undefined) return undefined;
  const { guest_tags, life_of, life_helpdesk_id, chat_id, customized_info, appointed_agent_ids, faq_categories, message_count, last_message_at, pending_since, ...row } = r;
  const life =
    life_of === null
      ? undefined
      : { ticket_id: life_of, helpdesk_id: life_helpdesk_id!, chat_id: chat_id!, customized_info, appointed_agent_ids: appointed_agent_ids!,
          faq_categories: faq_categories!, message_count: message_count!, last_message_at: last_message_at!, pending_since: pending_since! };
  return { row, life, guestTags: guest_tags };
}


export class TicketLivesRepository {
  constructor(private readonly db: Executor) {}

  async upsert(life: TicketLife): Promise<void> {
    await upsertLife.execute(this.db, life);
  }

  /** The guest's open ticket (status 1-5) in the helpdesk, if any: there is at most one (lifecycle.md). */
  async openTicketOfGuest(helpdesk_id: string, guest_id: string): Promise<string | undefined> {
    return (await openTicketOfGuest.first(this.db, { helpdesk_id, guest_id }))?.ticket_id;
  }

  /** A ticket of the helpdesk with its lifecycle row, unlocked (a change locks its guest's chat, then lockWithLife). */
  async findWithLife(helpdesk_id: string, ticket_id: string): Promise<TicketWithLife | undefined> {
    return splitLife(await ticketWithLife.first(this.db, { helpdesk_id, ticket_id }));
  }

  /** The guest's open ticket (status 1-5) in the helpdesk with its lifecycle row, unlocked, like findWithLife. */
  async openTicketWithLife(helpdesk_id: string, guest_id: string): Promise<TicketWithLife | undefined> {
    return splitLife(await openTicketWithLife.first(this.db, { helpdesk_id, guest_id }));
  }

  /**
   * The ticket and its lifecycle row as they are under the ticket's row lock (PostgreSQL). `read` is what this
   * transaction already read: SQLite's transaction holds the only write lock, so neither can have changed.
   */
  async lockWithLife(read: TicketWithLife): Promise<TicketWithLife | undefined> {
    if (!rowLocksApply(this.db)) return read;
    return splitLife(await lockedTicketWithLife.first(this.db, { helpdesk_id: read.row.helpdesk_id, ticket_id: read.row.ticket_id }));
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
}
