// Tickets: the only writer of tickets and of the tables derived from them (links, guests, counts), which it keeps
// in step in the caller's transaction; and the list query of GET /tickets (ticket-list-query.ts builds its SQL).
import { CompiledQuery, PostgresAdapter, sql, type Insertable, type Selectable } from 'kysely';
import type { TicketTable, UserTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { toStatement, type Dialect, type ListMemo, type Statement, type TicketFilter, type TicketPosition } from './ticket-filter.js';
import { guestNameStatement, TICKET_COLUMNS, TicketListQuery } from './ticket-list-query.js';
import { listSlots, listValues, prepared, PreparedByShape } from './prepared.js';
import { CountChanges, gramRows, guestRow, linkRows, searchTags, shapes, tagsKey, ticketRow, type GuestProfile, type NewTicket, type RowShape } from './ticket-rows.js';

export type { ListMemo, TicketFilter, TicketPosition } from './ticket-filter.js';
export type { GuestProfile, NewTicket } from './ticket-rows.js';
export type TicketRow = Selectable<TicketTable>;

export type PersonRow = Pick<Selectable<UserTable>, 'open_id' | 'tenant_key' | 'name' | 'email' | 'avatar_url' | 'department' | 'city' | 'country'>;

export interface GuestCandidate extends GuestProfile {
  open_id: string;
}

/** A page row: SQLite answers the JSON array as text, PostgreSQL's driver has parsed it already. */
function ticketFromJson(j: string | unknown[]): TicketRow {
  const v = (typeof j === 'string' ? JSON.parse(j) : j) as any[];
  // One object literal in TICKET_COLUMNS order: every row gets the same shape, which V8 handles fastest.
  return {
    ticket_id: v[0], helpdesk_id: v[1], guest_id: v[2], agent_owner_id: v[3], closed_by_id: v[4], ticket_type: v[5], status: v[6],
    score: v[7], solve: v[8], channel: v[9], created_at: v[10], updated_at: v[11], closed_at: v[12], agent_entry_time: v[13],
    agent_first_response_time: v[14], agent_last_response_time: v[15], pending_seconds: v[16], agent_ids: v[17],
    collaborator_ids: v[18], tag_names: v[19], comments: v[20], dissatisfaction_reason: v[21], customized_fields: v[22],
  };
}

/** Values per INSERT statement: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const VALUES_PER_STATEMENT = 15_000;

/** The ticket fields a link row repeats (the columns after its key). */
const LINK_FIELDS = shapes.agent.columns.slice(4) as readonly ('status' | 'ticket_type' | 'channel' | 'solve' | 'score' | 'updated_at')[];

// The write path's reads, compiled once (prepared.ts).
const ticketById = prepared<{ helpdesk_id: string; ticket_id: string }, TicketRow>((db, v) =>
  db.selectFrom('tickets').selectAll().where('helpdesk_id', '=', v.helpdesk_id).where('ticket_id', '=', v.ticket_id),
);
const guestTagsOf = prepared<{ helpdesk_id: string; guest_id: string }, { tags: string }>((db, v) =>
  db.selectFrom('ticket_guests').select('tags').where('helpdesk_id', '=', v.helpdesk_id).where('guest_id', '=', v.guest_id),
);

/** Range sizes kept for choosing page plans (rangeSize), at most this many, all dropped when there would be more. */
const MAX_KEPT_RANGE_SIZES = 1_000;

type LinkTable = 'ticket_agents' | 'ticket_tags';
type LinkColumn = 'agent_id' | 'tag';
type Values = Record<string, unknown>;
/** A ticket change's UPDATE, one statement per set of changed columns (a message sets two, a close five). */
const updateTicket = new PreparedByShape<readonly string[], Values, never>(
  (columns) => columns.join(),
  (columns) => (db, v) => db.updateTable('tickets').set(Object.fromEntries(columns.map((c) => [c, v[c]]))).where('ticket_id', '=', v.ticket_id as string),
);
/** Which of `n` candidate tags the ticket has tag rows for. */
const storedTagsOf = new PreparedByShape<number, Values, { tag: string }>(String, (n) => (db, v) =>
  db.selectFrom('ticket_tags').select('tag').where('helpdesk_id', '=', v.helpdesk_id as string).where('tag', 'in', listSlots('v', n).map((k) => v[k] as string))
    .where('created_at', '=', v.created_at as number).where('ticket_id', '=', v.ticket_id as string),
);
/** A ticket's link rows of `n` values deleted, or updated with the changed `fields`. */
const linkShape = (s: { table: LinkTable; column: LinkColumn; n: number; fields?: readonly string[] }) => `${s.table} ${s.column} ${s.n} ${s.fields?.join() ?? '-'}`;
const deleteLinks = new PreparedByShape<{ table: LinkTable; column: LinkColumn; n: number }, Values, never>(linkShape, (s) => (db, v) =>
  db.deleteFrom(s.table).where('helpdesk_id', '=', v.helpdesk_id as string).where(s.column as 'agent_id', 'in', listSlots('v', s.n).map((k) => v[k] as string))
    .where('created_at', '=', v.created_at as number).where('ticket_id', '=', v.ticket_id as string),
);
const updateLinks = new PreparedByShape<{ table: LinkTable; column: LinkColumn; n: number; fields: readonly string[] }, Values, never>(linkShape, (s) => (db, v) =>
  db.updateTable(s.table).set(Object.fromEntries(s.fields.map((f) => [f, v[f]]))).where('helpdesk_id', '=', v.helpdesk_id as string)
    .where(s.column as 'agent_id', 'in', listSlots('v', s.n).map((k) => v[k] as string)).where('created_at', '=', v.created_at as number).where('ticket_id', '=', v.ticket_id as string),
);

export class TicketsRepository {
  private readonly rangeSizes = new Map<string, number>();

  constructor(private readonly db: Executor) {}

  private get dialect(): Dialect {
    return this.db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  }

  private async run<R>(statement: Statement): Promise<R[]> {
    return (await this.db.executeQuery<R>(CompiledQuery.raw(statement.sql, statement.params))).rows;
  }

  /**
   * Inserts tickets with their links, guests and counts; a ticket that exists already is left as it is
   * (fixtures load twice). Run it in a transaction: a ticket and what is derived from it belong together.
   * Answers how many tickets were new. (kefu generate on SQLite uses SqliteTicketLoader, which writes the same rows.)
   */
  async insertMany(tickets: readonly NewTicket[]): Promise<number> {
    const fresh = new Set((await this.insertRows<{ ticket_id: string }>(shapes.ticket, tickets.map(ticketRow), 'returning ticket_id')).map((r) => r.ticket_id));
    const added = fresh.size === tickets.length ? tickets : tickets.filter((t) => fresh.has(t.ticket.ticket_id));
    await this.insertRows(shapes.agent, added.flatMap((t) => linkRows(t.ticket, t.agents)));
    await this.insertRows(shapes.tag, added.flatMap((t) => linkRows(t.ticket, searchTags(t))));
    const guests = new Map(added.map((t) => [`${t.ticket.helpdesk_id} ${t.ticket.guest_id}`, guestRow(t)]));
    const newGuests = await this.insertRows<{ helpdesk_id: string; guest_id: string; name_lower: string }>(shapes.guest, [...guests.values()], 'returning helpdesk_id, guest_id, name_lower');
    await this.insertRows(shapes.gram, newGuests.flatMap((g) => gramRows(g.helpdesk_id, g.guest_id, g.name_lower)));
    const counts = new CountChanges();
    for (const t of added) counts.add(t.ticket, t.agents, searchTags(t));
    for (const [shape, rows] of counts.rows()) await this.insertRows(shape, rows);
    return added.length;
  }

  /**
   * Rewrites a stored ticket (same id, helpdesk, guest and created_at) and everything derived from it: its agent
   * and tag rows repeat its small-valued fields, and the count tables file it under its status. Only what changed
   * is written: the ticket's changed columns (an index is rewritten only when a column of it is set), link rows
   * updated in place, and counts moved only when the ticket moves between count rows. Run it in a transaction.
   * `knownGuestTags` is the guest's ticket_guests.tags (null: no row) when the caller read it in this transaction.
   */
  async replace(old: TicketRow, next: Insertable<TicketTable>, knownGuestTags?: string | null): Promise<void> {
    const { helpdesk_id, ticket_id, created_at, guest_id } = old;
    const changed: Partial<Insertable<TicketTable>> = {};
    for (const column of TICKET_COLUMNS) {
      if (column !== 'ticket_id' && next[column] !== undefined && next[column] !== old[column]) (changed as Record<string, unknown>)[column] = next[column];
    }
    const columns = Object.keys(changed);
    if (columns.length > 0) await updateTicket.of(columns).execute(this.db, { ...changed, ticket_id });
    const oldAgents = [...new Set(JSON.parse(old.agent_ids) as string[])];
    const newAgents = [...new Set(JSON.parse(next.agent_ids) as string[])];
    // The guest's tags as ticket_guests last copied them into every ticket of theirs (syncGuests keeps them so).
    const guestTagsText = knownGuestTags !== undefined ? knownGuestTags : ((await guestTagsOf.first(this.db, { helpdesk_id, guest_id }))?.tags ?? null);
    const guestTags = guestTagsText === null ? [] : (JSON.parse(guestTagsText) as string[]);
    const candidates = [...new Set([...(JSON.parse(old.tag_names) as string[]), ...(JSON.parse(next.tag_names) as string[]), ...guestTags])];
    const storedTags =
      candidates.length === 0
        ? []
        : (await storedTagsOf.of(candidates.length).execute(this.db, listValues('v', candidates, { helpdesk_id, created_at, ticket_id }))).map((r) => r.tag);
    const newTags = [...new Set([...(JSON.parse(next.tag_names) as string[]), ...guestTags])];
    const full = { ...old, ...next };
    const linkFields = LINK_FIELDS.filter((f) => full[f] !== old[f]);
    for (const [shape, column, before, after] of [[shapes.agent, 'agent_id', oldAgents, newAgents], [shapes.tag, 'tag', storedTags, newTags]] as const) {
      const gone = before.filter((v) => !after.includes(v));
      const kept = before.filter((v) => after.includes(v));
      const table = shape.table as LinkTable;
      const key = { helpdesk_id, created_at, ticket_id };
      if (gone.length > 0) await deleteLinks.of({ table, column, n: gone.length }).execute(this.db, listValues('v', gone, { ...key }));
      if (kept.length > 0 && linkFields.length > 0) {
        const fields = Object.fromEntries(linkFields.map((f) => [f, full[f]]));
        await updateLinks.of({ table, column, n: kept.length, fields: linkFields }).execute(this.db, listValues('v', kept, { ...key, ...fields }));
      }
      await this.insertRows(shape, linkRows(full, after.filter((v) => !before.includes(v))));
    }
    const counts = new CountChanges();
    counts.add(old, oldAgents, storedTags, -1);
    counts.add(full, newAgents, newTags, 1);
    // A change that leaves the ticket in the same count rows (a message, a comment) adds nothing to any of them.
    for (const [shape, rows] of counts.rows()) await this.insertRows(shape, rows.filter((r) => r[r.length - 1] !== 0));
  }

  /** Multi-row INSERTs of VALUES_PER_STATEMENT values each. */
  private async insertRows<R = unknown>(shape: RowShape, rows: readonly unknown[][], returning = ''): Promise<R[]> {
    const answers: R[] = [];
    const perStatement = Math.floor(VALUES_PER_STATEMENT / shape.columns.length);
    const tuple = `(${shape.columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += perStatement) {
      const part = rows.slice(i, i + perStatement);
      // A plain loop: Array.prototype.flat is an order of magnitude slower on arrays this size.
      const params: unknown[] = [];
      for (const row of part) for (const value of row) params.push(value);
      const values = Array(part.length).fill(tuple).join(', ');
      const text = `insert into ${shape.table} (${shape.columns.join(', ')}) values ${values} ${shape.onConflict} ${returning}`;
      answers.push(...(await this.run<R>(toStatement(this.dialect, [text, params]))));
    }
    return answers;
  }

  /**
   * Brings the helpdesk's guest search up to date with the users table after users were rewritten (a fixture
   * loaded again): new names for guest_name, and the tag rows of the tickets of guests whose tags changed.
   */
  async syncGuests(helpdesk_id: string): Promise<number> {
    const guests = await this.db
      .selectFrom('ticket_guests as g')
      .innerJoin('users as u', 'u.open_id', 'g.guest_id')
      .select(['g.guest_id', 'g.name_lower', 'g.tags', 'u.name', 'u.tags as user_tags'])
      .where('g.helpdesk_id', '=', helpdesk_id)
      .execute();
    let changed = 0;
    for (const g of guests) {
      const name_lower = g.name.toLowerCase();
      const tags = tagsKey(JSON.parse(g.user_tags) as string[]);
      if (name_lower === g.name_lower && tags === g.tags) continue;
      changed++;
      await this.db.updateTable('ticket_guests').set({ name_lower, tags }).where('helpdesk_id', '=', helpdesk_id).where('guest_id', '=', g.guest_id).execute();
      if (name_lower !== g.name_lower) {
        await this.db.deleteFrom('ticket_guest_grams').where('helpdesk_id', '=', helpdesk_id).where('guest_id', '=', g.guest_id).execute();
        await this.insertRows(shapes.gram, gramRows(helpdesk_id, g.guest_id, name_lower));
      }
      if (tags !== g.tags) await this.retagGuestTickets(helpdesk_id, g.guest_id, JSON.parse(g.tags), JSON.parse(tags));
    }
    return changed;
  }

  /**
   * Gives the guest's tickets the tag rows their own tag names and the guest's new tags call for. Rows are compared
   * with what is stored, not with the old tags: tickets added since the last sync already carry the new ones.
   */
  private async retagGuestTickets(helpdesk_id: string, guest_id: string, oldGuestTags: string[], newGuestTags: string[]) {
    const tickets = await this.db.selectFrom('tickets').selectAll().where('helpdesk_id', '=', helpdesk_id).where('guest_id', '=', guest_id).execute();
    const counts = new CountChanges();
    const added: unknown[][] = [];
    for (const t of tickets) {
      const own = JSON.parse(t.tag_names) as string[];
      const wanted = new Set([...own, ...newGuestTags]);
      const stored = await this.db
        .selectFrom('ticket_tags')
        .select('tag')
        .where('helpdesk_id', '=', helpdesk_id)
        .where('tag', 'in', [...new Set([...own, ...oldGuestTags, ...newGuestTags])])
        .where('created_at', '=', t.created_at)
        .where('ticket_id', '=', t.ticket_id)
        .execute();
      const has = new Set(stored.map((r) => r.tag));
      for (const tag of has) {
        if (wanted.has(tag)) continue;
        await this.db.deleteFrom('ticket_tags').where('helpdesk_id', '=', helpdesk_id).where('tag', '=', tag).where('created_at', '=', t.created_at).where('ticket_id', '=', t.ticket_id).execute();
        counts.addLink(t, 'tag', tag, -1);
      }
      const fresh = [...wanted].filter((tag) => !has.has(tag));
      added.push(...linkRows(t, fresh));
      for (const tag of fresh) counts.addLink(t, 'tag', tag, 1);
    }
    await this.insertRows(shapes.tag, added);
    for (const [shape, rows] of counts.rows()) await this.insertRows(shape, rows);
  }

  async find(helpdesk_id: string, ticket_id: string): Promise<TicketRow | undefined> {
    return ticketById.first(this.db, { helpdesk_id, ticket_id });
  }

  /**
   * One page of the filtered list in list order (created_at desc, ticket_id desc) and the exact number of matches.
   * `memo`: where the guests a name matches and whole bucket sums may be kept while the database does not change.
   */
  async list(filter: TicketFilter, offset: number, limit: number, memo?: ListMemo): Promise<{ total: number; rows: TicketRow[] }> {
    const plan = await this.plan(filter, memo);
    if (!plan) return { total: 0, rows: [] };
    const total = await this.count(plan.query, memo);
    const page = await this.pageStatement(plan.query, offset, limit, total);
    return { total, rows: page ? (await this.run<{ j: string | unknown[] }>(page)).map((r) => ticketFromJson(r.j)) : [] };
  }

  /**
   * The matches after `after` in creation order (created_at, ticket_id ascending), `limit` at most: one step of a
   * keyset walk through every match, past the list's 10,000 cap (kefu export).
   */
  async walk(filter: TicketFilter, after: TicketPosition | undefined, limit: number): Promise<TicketRow[]> {
    const plan = await this.plan(filter);
    if (!plan) return [];
    return (await this.run<{ j: string | unknown[] }>(plan.query.walk(after, limit))).map((r) => ticketFromJson(r.j));
  }

  private async count(query: TicketListQuery, memo?: ListMemo): Promise<number> {
    // From the count tables: the whole buckets' sum is kept, and only the ragged ends' rows are read again (the
    // buckets are an index search per span, 0.015-0.045 ms each on cold pages; docs/benchmarks.md).
    const halves = memo && query.countHalves();
    if (halves) {
      const whole = memo.get(halves.key) as number | undefined;
      if (whole !== undefined) return whole + (halves.ends ? Number((await this.run<{ ends: number | string }>(halves.ends))[0].ends) : 0);
      const [row] = await this.run<{ whole: number | string; ends: number | string }>(halves.both);
      memo.set(halves.key, Number(row.whole), 1);
      return Number(row.whole) + Number(row.ends);
    }
    const union = query.tagUnion();
    if (!union) return Number((await this.run<{ n: number | string }>(query.count()))[0].n);
    const [sizes] = await this.run<Record<string, number | string>>(union.sizes);
    const order = query.tags!.map((tag, i) => ({ tag, n: Number(sizes[`n${i}`]) })).sort((a, b) => b.n - a.n);
    const [rest] = await this.run<{ n: number | string }>(union.remainder(order.map((t) => t.tag)));
    return order[0].n + Number(rest.n);
  }

  /** The statements list() runs for a filter, with the database's plan for each (docs and benchmarks). */
  async explainList(filter: TicketFilter, offset: number, limit: number): Promise<{ step: string; sql: string; plan: string[] }[]> {
    const plan = await this.plan(filter);
    if (!plan) return [];
    const total = await this.count(plan.query);
    const union = plan.query.tagUnion();
    const counting: [string, Statement][] = union ? [['count sizes', union.sizes], ['count remainder', union.remainder(plan.query.tags!)]] : [['count', plan.query.count()]];
    const steps: [string, Statement | null][] = [...plan.steps, ...counting, ['page', await this.pageStatement(plan.query, offset, limit, total)]];
    const explained = [];
    for (const [step, statement] of steps) {
      if (!statement) continue;
      const prefix = this.dialect === 'sqlite' ? 'explain query plan ' : 'explain (analyze, costs off, timing off, summary off) ';
      const rows = await this.run<Record<string, unknown>>({ sql: prefix + statement.sql, params: statement.params });
      explained.push({ step, sql: statement.sql, plan: rows.map((r) => String(r.detail ?? r['QUERY PLAN'])) });
    }
    return explained;
  }

  private async plan(filter: TicketFilter, memo?: ListMemo) {
    const steps: [string, Statement][] = [];
    let guestIds: readonly string[] | undefined;
    if (filter.guest_name !== undefined) {
      const statement = guestNameStatement(this.dialect, filter.helpdesk_id, filter.guest_name);
      steps.push(['guests', statement]);
      // Kept: reading them was a tenth of a ms of an uncached search in the server, and a client paging through a
      // search or moving its range asks for the same needle again.
      const key = `guests ${filter.helpdesk_id} ${filter.guest_name}`;
      guestIds = memo?.get(key) as readonly string[] | undefined;
      if (!guestIds) {
        guestIds = (await this.run<{ guest_id: string }>(statement)).map((r) => r.guest_id);
        memo?.set(key, guestIds, guestIds.length);
      }
      if (guestIds.length === 0) return undefined;
    }
    return { query: new TicketListQuery(this.dialect, filter, guestIds), steps };
  }

  private async pageStatement(query: TicketListQuery, offset: number, limit: number, total: number): Promise<Statement | null> {
    if (offset >= total) return null;
    return query.page(offset, limit, total, query.sorts() ? await this.rangeSize(query) : undefined);
  }

  /**
   * The estimate of the creation range's size that a sorting driver's page plan is chosen by, kept per widened
   * range: reading it cost 0.11-0.15 ms with the CPU's caches cold, as they are in the server, about as much as
   * the page's own index walk. Not dropped on writes: a stale size can only choose the other plan, and both
   * answer the same rows.
   */
  private async rangeSize(query: TicketListQuery): Promise<number> {
    const { key, statement } = query.rangeEstimate();
    let n = this.rangeSizes.get(key);
    if (n === undefined) {
      n = Number((await this.run<{ n: number | string }>(statement))[0].n);
      if (this.rangeSizes.size >= MAX_KEPT_RANGE_SIZES) this.rangeSizes.clear();
      this.rangeSizes.set(key, n);
    }
    return n;
  }

  /** The tenant's users who are not agents of the helpdesk, in a stable order: whom generated tickets come from. */
  async guestCandidates(helpdesk_id: string, tenant_key: string): Promise<GuestCandidate[]> {
    const rows = await this.db
      .selectFrom('users')
      .select(['open_id', 'name', 'tags'])
      .where('tenant_key', '=', tenant_key)
      .where('open_id', 'not in', (eb) => eb.selectFrom('agents').select('open_id').where('helpdesk_id', '=', helpdesk_id))
      .orderBy('open_id')
      .execute();
    return rows.map((r) => ({ open_id: r.open_id, name: r.name, tags: JSON.parse(r.tags) as string[] }));
  }

  /** How many tickets already hold ids in [first, last] (ids of equal length compare as numbers). */
  async countIdsBetween(first: string, last: string): Promise<number> {
    const row = await this.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ticket_id', '>=', first)
      .where('ticket_id', '<=', last)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * After a bulk load on PostgreSQL: planner statistics, and pages marked all-visible for index-only scans.
   * SQLite gets none: Kefu's ticket queries name their index, and SQLite's sampled statistics (stat4) would
   * make every statement's preparation re-plan against samples, costing more than the queries themselves.
   */
  async refreshStatistics(): Promise<void> {
    if (this.dialect === 'postgres') {
      await sql`vacuum analyze tickets, ticket_agents, ticket_tags, ticket_guests, ticket_guest_grams, ticket_status_counts, ticket_counts, ticket_link_counts`.execute(this.db);
    }
  }

  /**
   * The users a page of tickets names, by primary key alone (whatever statistics the planner has, it cannot
   * prefer scanning a tenant's users); the caller keeps those of the helpdesk's tenant.
   */
  async people(open_ids: readonly string[]): Promise<PersonRow[]> {
    if (open_ids.length === 0) return [];
    const array = this.dialect === 'sqlite' ? 'json_array' : 'json_build_array';
    const text = `select ${array}(open_id, tenant_key, name, email, avatar_url, department, city, country) as j from users where open_id in (${open_ids.map(() => '?').join(', ')})`;
    const rows = await this.run<{ j: string | string[] }>(toStatement(this.dialect, [text, [...open_ids]]));
    return rows.map(({ j }) => {
      const v = typeof j === 'string' ? (JSON.parse(j) as string[]) : j;
      return { open_id: v[0], tenant_key: v[1], name: v[2], email: v[3], avatar_url: v[4], department: v[5], city: v[6], country: v[7] };
    });
  }
}
