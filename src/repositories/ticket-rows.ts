// What storing a ticket writes: its row, and the rows derived from it (links, guest search, counts). Shared by
// TicketsRepository (multi-row statements through Kysely) and the SQLite bulk loader (prepared statements).
import type { Insertable } from 'kysely';
import type { TicketTable } from '../db/schema.js';
import { DETAIL_SPANS, STATUS_SPANS } from './ticket-counts.js';
import { nameGrams, TICKET_COLUMNS } from './ticket-list-query.js';

export interface NewTicket {
  ticket: Insertable<TicketTable>;
  /** The ticket's agents (agent_id filter); the JSON column keeps their order for the answer. */
  agents: readonly string[];
  /** The ticket's own tag names. */
  tags: readonly string[];
  /** The guest as the users table has it now: the name for guest_name, the tags for the tags filter. */
  guest: GuestProfile;
}

export interface GuestProfile {
  name: string;
  tags: readonly string[];
}

/** One table's insert: its columns, and what to do when the row exists already. */
export interface RowShape {
  table: string;
  columns: readonly string[];
  onConflict: string;
}

/** What a link row repeats of its ticket (migrations/0002-tickets.ts). */
const LINK_FIELDS = ['status', 'ticket_type', 'channel', 'solve', 'score', 'updated_at'] as const;
const STATUS_COUNT_KEY = ['helpdesk_id', 'span_ms', 'bucket', 'status'];
const COUNT_KEY = [...STATUS_COUNT_KEY, 'ticket_type', 'channel', 'solve', 'score'];
const LINK_COUNT_KEY = ['helpdesk_id', 'kind', 'value', 'span_ms', 'bucket', 'status'];
const addCounts = (table: string, key: string[]) => `on conflict (${key.join(', ')}) do update set n = ${table}.n + excluded.n`;

export const shapes = {
  ticket: { table: 'tickets', columns: TICKET_COLUMNS, onConflict: 'on conflict (ticket_id) do nothing' },
  agent: { table: 'ticket_agents', columns: ['helpdesk_id', 'agent_id', 'created_at', 'ticket_id', ...LINK_FIELDS], onConflict: 'on conflict do nothing' },
  tag: { table: 'ticket_tags', columns: ['helpdesk_id', 'tag', 'created_at', 'ticket_id', ...LINK_FIELDS], onConflict: 'on conflict do nothing' },
  guest: { table: 'ticket_guests', columns: ['helpdesk_id', 'guest_id', 'name_lower', 'tags'], onConflict: 'on conflict (helpdesk_id, guest_id) do nothing' },
  gram: { table: 'ticket_guest_grams', columns: ['helpdesk_id', 'gram', 'guest_id', 'name_lower'], onConflict: 'on conflict do nothing' },
  statusCount: { table: 'ticket_status_counts', columns: [...STATUS_COUNT_KEY, 'n'], onConflict: addCounts('ticket_status_counts', STATUS_COUNT_KEY) },
  count: { table: 'ticket_counts', columns: [...COUNT_KEY, 'n'], onConflict: addCounts('ticket_counts', COUNT_KEY) },
  linkCount: { table: 'ticket_link_counts', columns: [...LINK_COUNT_KEY, 'n'], onConflict: addCounts('ticket_link_counts', LINK_COUNT_KEY) },
} as const satisfies Record<string, RowShape>;

export function ticketRow(t: NewTicket): unknown[] {
  return TICKET_COLUMNS.map((c) => t.ticket[c] ?? null);
}

/** Link rows of one ticket: `values` are its agents, or its tags (own and guest's), each once. */
export function linkRows(ticket: Insertable<TicketTable>, values: readonly string[]): unknown[][] {
  const { helpdesk_id, created_at, ticket_id } = ticket;
  const fields = LINK_FIELDS.map((f) => ticket[f]);
  return [...new Set(values)].map((value) => [helpdesk_id, value, created_at, ticket_id, ...fields]);
}

export const searchTags = (t: NewTicket): readonly string[] => (t.guest.tags.length === 0 ? t.tags : [...t.tags, ...t.guest.tags]);

export function guestRow(t: NewTicket): unknown[] {
  return [t.ticket.helpdesk_id, t.ticket.guest_id, t.guest.name.toLowerCase(), tagsKey(t.guest.tags)];
}

export function gramRows(helpdesk_id: string, guest_id: string, name_lower: string): unknown[][] {
  return nameGrams(name_lower).map((gram) => [helpdesk_id, gram, guest_id, name_lower]);
}

/** A guest's tags as ticket_guests keeps them: sorted and distinct, so that equal sets compare equal. */
export function tagsKey(tags: readonly string[]): string {
  return JSON.stringify([...new Set(tags)].sort());
}

/** Count changes gathered over many tickets, written as one row per bucket touched. */
export class CountChanges {
  private readonly perStatus = new Map<string, unknown[]>();
  private readonly perFields = new Map<string, unknown[]>();
  private readonly perLink = new Map<string, unknown[]>();

  /** A ticket with its agents and its search tags (sign -1 takes it away). */
  add(t: Insertable<TicketTable>, agents: readonly string[], tags: readonly string[], sign: 1 | -1 = 1): void {
    const { helpdesk_id, status, created_at, ticket_type, channel, solve, score } = t;
    // Keys are built as strings once per bucket and ticket: this runs a million times in kefu generate.
    for (const span of STATUS_SPANS) {
      const bucket = Math.floor(created_at / span);
      bump(this.perStatus, `${helpdesk_id} ${span} ${bucket} ${status}`, () => [helpdesk_id, span, bucket, status], sign);
    }
    for (const span of DETAIL_SPANS) {
      const bucket = Math.floor(created_at / span);
      const key = `${helpdesk_id} ${span} ${bucket} ${status} ${ticket_type} ${channel} ${solve} ${score}`;
      bump(this.perFields, key, () => [helpdesk_id, span, bucket, status, ticket_type, channel, solve, score], sign);
    }
    for (const agent of new Set(agents)) this.addLink(t, 'agent', agent, sign);
    for (const tag of new Set(tags)) this.addLink(t, 'tag', tag, sign);
  }

  /** One link row of a ticket, added or taken away on its own (a guest's tags changed). */
  addLink(t: Insertable<TicketTable>, kind: 'agent' | 'tag', value: string, sign: 1 | -1): void {
    const { helpdesk_id, status, created_at } = t;
    for (const span of DETAIL_SPANS) {
      const bucket = Math.floor(created_at / span);
      bump(this.perLink, `${helpdesk_id} ${kind} ${value} ${span} ${bucket} ${status}`, () => [helpdesk_id, kind, value, span, bucket, status], sign);
    }
  }

  rows(): [RowShape, unknown[][]][] {
    return [
      [shapes.statusCount, [...this.perStatus.values()]],
      [shapes.count, [...this.perFields.values()]],
      [shapes.linkCount, [...this.perLink.values()]],
    ];
  }
}

function bump(buckets: Map<string, unknown[]>, key: string, row: () => unknown[], sign: number): void {
  const found = buckets.get(key);
  if (found) (found[found.length - 1] as number) += sign;
  else buckets.set(key, [...row(), sign]);
}
