// GET /tickets and /tickets/:ticket_id: the rules across query parameters, the filter the repository runs, and
// tickets assembled as seed 003 answers them (people from the users table, durations from the timestamps).
import { ticketDurations } from '../domain/ticket-durations.js';
import { personJson, ticketJson, unknownPersonJson } from '../domain/ticket-json.js';
import type { FieldViolation } from '../domain/field-violation.js';
import { badField, badRequest } from '../platform/errors.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { PersonRow, TicketFilter, TicketPosition, TicketRow } from '../repositories/tickets-repository.js';
import { MAX_REACHABLE_TICKETS, type ListTicketsQuery, type TicketUser, type TicketView } from '../schemas/tickets.js';
import { StampedMemo } from './list-memo.js';
import type { Store } from './store.js';

const TIME_PAIRS = [
  ['create_time_start', 'create_time_end'],
  ['update_time_start', 'update_time_end'],
] as const;


export class TicketsService {
  private readonly memo: StampedMemo;

  constructor(private readonly store: Store) {
    this.memo = new StampedMemo(store);
  }

  async list(helpdesk: Helpdesk, query: ListTicketsQuery): Promise<{ total: number; tickets: TicketView[] }> {
    const { total, rows } = await this.page(helpdesk, query);
    return { total, tickets: await this.views(helpdesk, rows) };
  }

  /** As list(), each ticket as the API answers it: its JSON (domain/ticket-json.ts). */
  async listJson(helpdesk: Helpdesk, query: ListTicketsQuery): Promise<{ total: number; tickets: string[] }> {
    const { total, rows } = await this.page(helpdesk, query);
    return { total, tickets: await this.jsons(helpdesk, rows) };
  }

  /** The query's page of rows and its exact total. */
  private page(helpdesk: Helpdesk, query: ListTicketsQuery): Promise<{ total: number; rows: TicketRow[] }> {
    const filter = toFilter(helpdesk.helpdesk_id, query);
    return this.store.repos.tickets.list(filter, (query.page - 1) * query.page_size, query.page_size, this.memo.view());
  }

  /** How many tickets match the query: the list's exact total. */
  async count(helpdesk: Helpdesk, query: ListTicketsQuery): Promise<number> {
    return (await this.store.repos.tickets.list(toFilter(helpdesk.helpdesk_id, query), 0, 1, this.memo.view())).total;
  }

  /**
   * Every ticket matching the query, oldest first, `batch` at a time, each assembled as the list answers it, with
   * the position of the batch's last ticket (kefu export resumes from there). Holds one batch at a time.
   */
  async *walk(helpdesk: Helpdesk, query: ListTicketsQuery, after: TicketPosition | undefined, batch: number): AsyncGenerator<{ tickets: TicketView[]; last: TicketPosition }> {
    const filter = toFilter(helpdesk.helpdesk_id, query);
    for (;;) {
      const rows = await this.store.repos.tickets.walk(filter, after, batch);
      if (rows.length === 0) return;
      const final = rows[rows.length - 1]!;
      after = { created_at: final.created_at, ticket_id: final.ticket_id };
      yield { tickets: await this.views(helpdesk, rows), last: after };
      if (rows.length < batch) return;
    }
  }

  async get(helpdesk: Helpdesk, ticket_id: string): Promise<TicketView> {
    return (await this.views(helpdesk, [await this.find(helpdesk, ticket_id)]))[0];
  }

  /** One ticket's JSON, as listJson() answers it. */
  async getJson(helpdesk: Helpdesk, ticket_id: string): Promise<string> {
    return (await this.jsons(helpdesk, [await this.find(helpdesk, ticket_id)]))[0];
  }

  private async find(helpdesk: Helpdesk, ticket_id: string): Promise<TicketRow> {
    const row = await this.store.repos.tickets.find(helpdesk.helpdesk_id, ticket_id);
    if (!row) throw badField('ticket_id', 'no such ticket in this helpdesk', ticket_id);
    return row;
  }

  private async views(helpdesk: Helpdesk, rows: readonly TicketRow[]): Promise<TicketView[]> {
    const { parsed, people } = await this.gather(helpdesk, rows);
    const views = new People(people);
    return parsed.map((t) => toView(t, views));
  }

  private async jsons(helpdesk: Helpdesk, rows: readonly TicketRow[]): Promise<string[]> {
    const { parsed, people } = await this.gather(helpdesk, rows);
    const person = (id: unknown) => people(id)?.json ?? unknownPersonJson(id);
    return parsed.map((t) => ticketJson(t.row, t.agentIds, t.collaboratorIds, person));
  }

  /** The rows with their id lists parsed, and the people they name who are users of the helpdesk's tenant. */
  private async gather(helpdesk: Helpdesk, rows: readonly TicketRow[]): Promise<{ parsed: ParsedTicket[]; people: (id: unknown) => KeptPerson | undefined }> {
    if (rows.length === 0) return { parsed: [], people: () => undefined };
    const parsed = rows.map(parseRow);
    const ids = new Set<string>();
    for (const t of parsed) {
      ids.add(t.row.guest_id);
      if (t.row.agent_owner_id) ids.add(t.row.agent_owner_id);
      if (t.row.closed_by_id) ids.add(t.row.closed_by_id);
      for (const id of t.agentIds) ids.add(id);
      for (const id of t.collaboratorIds) ids.add(id);
    }
    const users = await this.peopleOf(ids);
    const tenant = helpdesk.tenant_key;
    return {
      parsed,
      people: (id) => {
        const u = users.get(id as string);
        return u && u.row.tenant_key === tenant ? u : undefined;
      },
    };
  }

  /**
   * The users with these ids (those that exist). A page of 50 tickets names about 75 people, and reading them by
   * primary key was a fifth of an uncached list's SQLite time (docs/benchmarks.md): they are kept in the list's
   * memo, beside the database's change stamp, for the pages that name them again (SQLite only).
   */
  private async peopleOf(ids: ReadonlySet<string>): Promise<ReadonlyMap<string, KeptPerson>> {
    const memo = this.memo.view();
    const known = new Map<string, KeptPerson>();
    const missing: string[] = [];
    for (const id of ids) {
      const kept = memo?.get(`person ${id}`) as KeptPerson | null | undefined;
      if (kept === undefined) missing.push(id);
      else if (kept) known.set(id, kept);
    }
    if (missing.length > 0) {
      for (const u of await this.store.repos.tickets.people(missing)) known.set(u.open_id, new KeptPerson(u));
      // null: no such user, so that an id naming nobody is not looked up again either.
      for (const id of missing) memo?.set(`person ${id}`, known.get(id) ?? null, 1);
    }
    return known;
  }
}

/** Checks what one parameter's schema cannot (pairs, order, the depth cap) and names the parameters at fault. */
export function toFilter(helpdesk_id: string, q: ListTicketsQuery): TicketFilter {
  const violations: FieldViolation[] = [];
  for (const [start, end] of TIME_PAIRS) {
    if (q[start] !== undefined && q[end] === undefined) violations.push({ field: end, description: `is required with ${start}` });
    if (q[end] !== undefined && q[start] === undefined) violations.push({ field: start, description: `is required with ${end}` });
    if (q[start] !== undefined && q[end] !== undefined && q[start]! > q[end]!) {
      violations.push({ field: start, value: q[start], description: `must not be after ${end} (${q[end]})` });
    }
  }
  const reach = q.page * q.page_size;
  if (reach > MAX_REACHABLE_TICKETS) {
    violations.push({
      field: 'page',
      value: q.page,
      description: `page * page_size is ${reach}, beyond the ${MAX_REACHABLE_TICKETS} tickets one query may page through: narrow the query, for example by time (create_time_start, create_time_end)`,
    });
  }
  if (violations.length > 0) throw badRequest(violations);
  // An empty string is how clients leave a parameter unset; it filters nothing.
  const text = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const range = (from: number | undefined, to: number | undefined) => (from === undefined ? undefined : { from, to: to! });
  const tags = q.tags ? [...new Set(q.tags.filter((t) => t !== ''))] : [];
  return {
    helpdesk_id,
    ticket_id: text(q.ticket_id),
    agent_id: text(q.agent_id),
    closed_by_id: text(q.closed_by_id),
    guest_id: text(q.guest_id),
    guest_name: text(q.guest_name)?.toLowerCase(),
    ticket_type: q.type,
    channel: q.channel,
    solve: q.solved,
    score: q.score,
    statuses: q.status_list && q.status_list.length > 0 ? [...new Set(q.status_list)] : undefined,
    tags: tags.length > 0 ? tags : undefined,
    created: range(q.create_time_start, q.create_time_end),
    updated: range(q.update_time_start, q.update_time_end),
  };
}

interface ParsedTicket {
  row: TicketRow;
  agentIds: string[];
  collaboratorIds: string[];
}

// Most tickets hold empty lists and no comment: skip JSON.parse for those, it runs for every ticket of a page.
const parseList = (text: string): string[] => (text === '[]' ? [] : JSON.parse(text));
const parseOptional = <T>(text: string | null): T | undefined => (text === null ? undefined : JSON.parse(text));

function parseRow(row: TicketRow): ParsedTicket {
  return { row, agentIds: parseList(row.agent_ids), collaboratorIds: parseList(row.collaborator_ids) };
}

/** A user the people cache keeps, with its JSON as a ticket names it, written when first needed and kept with it. */
class KeptPerson {
  private text: string | undefined;

  constructor(readonly row: PersonRow) {}

  get json(): string {
    return (this.text ??= personJson(this.row));
  }
}

/** The people of a page, each answered as one shared object. */
class People {
  private readonly views = new Map<string, TicketUser>();

  constructor(private readonly users: (id: unknown) => KeptPerson | undefined) {}

  of(id: string): TicketUser {
    let view = this.views.get(id);
    if (!view) {
      const u = this.users(id)?.row;
      view = u ? { id: u.open_id, avatar_url: u.avatar_url, name: u.name, email: u.email, department: u.department, city: u.city, country: u.country } : { id };
      this.views.set(id, view);
    }
    return view;
  }
}

function toView({ row, agentIds, collaboratorIds }: ParsedTicket, people: People): TicketView {
  const customized = row.customized_fields === '[]' ? undefined : (JSON.parse(row.customized_fields) as TicketView['customized_fields']);
  const durations = ticketDurations(row);
  return {
    ticket_id: row.ticket_id,
    helpdesk_id: row.helpdesk_id,
    guest: people.of(row.guest_id),
    comments: parseOptional(row.comments),
    ticket_type: row.ticket_type,
    status: row.status,
    score: row.score,
    created_at: row.created_at,
    updated_at: row.updated_at,
    closed_at: row.closed_at,
    dissatisfaction_reason: parseOptional(row.dissatisfaction_reason),
    agents: agentIds.map((id) => people.of(id)),
    channel: row.channel,
    solve: row.solve,
    closed_by: row.closed_by_id ? people.of(row.closed_by_id) : undefined,
    collaborators: collaboratorIds.map((id) => people.of(id)),
    customized_fields: customized && customized.length > 0 ? customized : undefined,
    agent_service_duration: durations.agent_service_duration,
    agent_first_response_duration: durations.agent_first_response_duration,
    bot_service_duration: durations.bot_service_duration,
    agent_resolution_time: durations.agent_resolution_time,
    actual_processing_time: durations.actual_processing_time,
    agent_entry_time: row.agent_entry_time,
    agent_first_response_time: row.agent_first_response_time,
    agent_last_response_time: row.agent_last_response_time,
    agent_owner: row.agent_owner_id ? people.of(row.agent_owner_id) : undefined,
  };
}
