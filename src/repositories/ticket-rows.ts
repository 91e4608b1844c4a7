// What storing a ticket writes: its row, and the rows derived from it (links, guest search, counts). Shared by
// TicketsRepository (multi-row statements through Kysely) and the SQLite bulk loader (prepared statements).
import type { Insertable } from 'kysely';
import type { TicketTable } from '../db/schema.js';
import { DAY_MS, DETAIL_SPANS, HOUR_MS, STATUS_SPANS } from './ticket-counts.js';
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

/**
 * Count changes gathered over many tickets, written as one row per bucket touched. Each ticket is added at the
 * finest bucket of each table only (hour, or day); coarser buckets are summed from those when the rows are taken:
 * this runs a million times in kefu generate.
 */
export class CountChanges {
  /** helpdesk, status, hour -> n */
  private readonly perStatus = new Map<string, [string, number, number, number]>();
  /** helpdesk, status, day, ticket_type, channel, solve, score -> n */
  private readonly perFields = new Map<string, [string, number, number, number, number, number, number, number]>();
  /** helpdesk, kind, value, day, status -> n */
  private readonly perLink = new Map<string, [string, string, string, number, number, number]>();

  /** A ticket with its agents and its search tags (sign -1 takes it away). */
  add(t: Insertable<TicketTable>, agents: readonly string[], tags: readonly string[], sign: 1 | -1 = 1): void {
    const { helpdesk_id, status, created_at, ticket_type, channel, solve, score } = t;
    const hour = Math.floor(created_at / HOUR_MS);
    const statusKey = `${helpdesk_id} ${status} ${hour}`;
    const counted = this.perStatus.get(statusKey);
    if (counted) counted[3] += sign;
    else this.perStatus.set(statusKey, [helpdesk_id, status, hour, sign]);
    const day = Math.floor(created_at / DAY_MS);
    const fieldsKey = `${helpdesk_id} ${status} ${day} ${ticket_type} ${channel} ${solve} ${score}`;
    const fields = this.perFields.get(fieldsKey);
    if (fields) fields[7] += sign;
    else this.perFields.set(fieldsKey, [helpdesk_id, status, day, ticket_type, channel, solve, score, sign]);
    for (const agent of new Set(agents)) this.addLink(t, 'agent', agent, sign);
    for (const tag of new Set(tags)) this.addLink(t, 'tag', tag, sign);
  }

  /** One link row of a ticket, added or taken away on its own (a guest's tags changed). */
  addLink(t: Insertable<TicketTable>, kind: 'agent' | 'tag', value: string, sign: 1 | -1): void {
    const day = Math.floor(t.created_at / DAY_MS);
    const key = `${t.helpdesk_id} ${kind} ${value} ${day} ${t.status}`;
    const link = this.perLink.get(key);
    if (link) link[5] += sign;
    else this.perLink.set(key, [t.helpdesk_id, kind, value, day, t.status, sign]);
  }

  /** The rows to add to each count table, every span of it. */
  rows(): [RowShape, unknown[][]][] {
    const status = rollUp([...this.perStatus.values()].map(([h, st, hour, n]) => ({ key: [h], bucket: hour * HOUR_MS, rest: [st], n })), STATUS_SPANS);
    const fields = rollUp([...this.perFields.values()].map(([h, st, day, ...f]) => ({ key: [h], bucket: day * DAY_MS, rest: [st, ...f.slice(0, 4)], n: f[4] })), DETAIL_SPANS);
    const links = rollUp([...this.perLink.values()].map(([h, kind, value, day, st, n]) => ({ key: [h, kind, value], bucket: day * DAY_MS, rest: [st], n })), DETAIL_SPANS);
    // In key order: concurrent writers then lock shared count rows in one order (PostgreSQL), so they cannot deadlock.
    return [
      [shapes.statusCount, status.sort(byKey)],
      [shapes.count, fields.sort(byKey)],
      [shapes.linkCount, links.sort(byKey)],
    ];
  }
}

/** Orders count rows by their key (every column but the last, n). */
function byKey(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length - 1; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Count rows for every span from counts at the finest one: [...key, span, bucket, ...rest, n], the column order of
 * the count tables. `bucket` is the start of the finest bucket, in ms.
 */
function rollUp(counts: { key: unknown[]; bucket: number; rest: unknown[]; n: number }[], spans: readonly number[]): unknown[][] {
  const rows = new Map<string, unknown[]>();
  for (const c of counts) {
    for (const span of spans) {
      const bucket = Math.floor(c.bucket / span);
      const id = `${c.key.join(' ')} ${span} ${bucket} ${c.rest.join(' ')}`;
      const row = rows.get(id);
      if (row) (row[row.length - 1] as number) += c.n;
      else rows.set(id, [...c.key, span, bucket, ...c.rest, c.n]);
    }
  }
  return [...rows.values()];
}
