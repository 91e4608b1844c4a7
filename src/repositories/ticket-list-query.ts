// The SQL of GET /tickets. Which index drives a query is decided here, from what the filter names, rather than
// left to each database's planner: the same filter then runs the same way on SQLite (INDEXED BY pins it) and
// PostgreSQL, on a fresh database as on one with statistics. docs/tickets.md shows the resulting plans.
import { bucketCount, bucketSource, bucketTerms, sum, tagUnion } from './ticket-counts.js';
import { and, placeholders, SMALL_FIELDS, toStatement, type Dialect, type Part, type Statement, type TicketFilter, type TicketPosition, type TimeRange } from './ticket-filter.js';

/** Every column of tickets, in the order page rows are answered (a JSON array per row). */
export const TICKET_COLUMNS = [
  'ticket_id', 'helpdesk_id', 'guest_id', 'agent_owner_id', 'closed_by_id', 'ticket_type', 'status', 'score', 'solve', 'channel',
  'created_at', 'updated_at', 'closed_at', 'agent_entry_time', 'agent_first_response_time', 'agent_last_response_time',
  'pending_seconds', 'agent_ids', 'collaborator_ids', 'tag_names', 'comments', 'dissatisfaction_reason', 'customized_fields',
] as const;

/** Guests matched by name are passed as an IN list up to this many, else re-selected by a subquery. */
export const GUEST_LIST_LIMIT = 500;
// Rough costs, in index entries stepped over, measured on a million tickets (docs/tickets.md): reading and
// sorting one match, and checking a ticket against a condition its walking index does not hold.
const SORT_COST = 3;
const LOOKUP_COST = 10;

/**
 * Where the rows of a query come from. Single-valued drivers read their index in creation order, so a page stops
 * after offset + limit rows. Multi-valued ones (several guests, several tags, an update-time range, several
 * statuses) must sort their matches: for a page they give way to walking creation order when that is cheaper.
 */
type Driver = 'id' | 'guest' | 'closer' | 'guests' | 'agent' | 'tag' | 'tags' | 'updated' | 'status' | 'time';

const INDEX_OF: Partial<Record<Driver, string>> = {
  guest: 'tickets_by_guest',
  closer: 'tickets_by_closer',
  guests: 'tickets_by_guest',
  updated: 'tickets_by_updated',
  status: 'tickets_by_status',
  time: 'tickets_by_created',
};

export class TicketListQuery {
  readonly driver: Driver;
  readonly tags: readonly string[] | undefined;

  /** `guestIds`: the guests whose names contain filter.guest_name (the caller looked them up first). */
  constructor(
    private readonly dialect: Dialect,
    private readonly filter: TicketFilter,
    private readonly guestIds?: readonly string[],
  ) {
    this.driver = chooseDriver(filter, guestIds);
    this.tags = filter.tags;
  }

  /** One statement answering { n }: the exact number of matches. */
  count(): Statement {
    const buckets = bucketSource(this.dialect, this.filter);
    if (buckets) {
      const [sum, params] = bucketCount(buckets, this.filter.created);
      return this.finish([`select ${sum} as n`, params]);
    }
    const { from, where } = this.source(this.driver);
    return this.finish([`select count(*) as n from ${from[0]} where ${where[0]}`, [...from[1], ...where[1]]]);
  }

  /**
   * count() in two halves when it comes from the count tables: `both` answers { whole, ends } (the range's whole
   * buckets, its ragged ends' rows), `ends` the ends alone as { ends } (none when the range has no ragged end).
   * `key` names the whole buckets' sum, which stays the same while a range's ends move within their finest buckets
   * (a range ending "now", say).
   */
  countHalves(): { key: string; both: Statement; ends: Statement | undefined } | undefined {
    const buckets = bucketSource(this.dialect, this.filter);
    if (!buckets) return undefined;
    const terms = bucketTerms(buckets, this.filter.created);
    const [whole, ends] = [sum(terms.whole), sum(terms.edges)];
    return {
      key: `buckets ${whole[0]} ${JSON.stringify(whole[1])}`,
      both: this.finish([`select ${whole[0]} as whole, ${ends[0]} as ends`, [...whole[1], ...ends[1]]]),
      ends: terms.edges.length > 0 ? this.finish([`select ${ends[0]} as ends`, ends[1]]) : undefined,
    };
  }

  /** Whether the driver sorts its matches; then page() wants the number of tickets in the creation range. */
  sorts(): boolean {
    const d = this.driver;
    return d === 'tags' || d === 'updated' || (d === 'guests' && this.guestIds!.length > 1) || (d === 'status' && this.filter.statuses!.length > 1);
  }

  /**
   * { n }: about how many tickets of the helpdesk lie in the filter's creation range, whatever else they are: the
   * range widened to whole buckets of the finest span, so only bucket rows are read and none of the range's ragged
   * ends row by row. Enough to choose a page's plan (every plan answers the same rows); `key` names the widened
   * range, which many ranges share (a range ending "now" moves every millisecond, its hour does not).
   */
  rangeEstimate(): { key: string; statement: Statement } {
    const source = bucketSource(this.dialect, { helpdesk_id: this.filter.helpdesk_id })!;
    const created = this.filter.created && widen(this.filter.created, source.spans[source.spans.length - 1]);
    const [sum, params] = bucketCount(source, created);
    return { key: `${this.filter.helpdesk_id} ${created?.from} ${created?.to}`, statement: this.finish([`select ${sum} as n`, params]) };
  }

  /**
   * Several tags and otherwise only statuses and creation time: the union is counted as the largest tag's
   * buckets plus, for each other tag, its rows that hold none of the tags before it. `sizes` answers one
   * column per tag (n0, n1, ...); `remainder(order)` answers { n } for the tags ordered largest first.
   */
  tagUnion(): { sizes: Statement; remainder(order: readonly string[]): Statement } | undefined {
    const union = tagUnion(this.dialect, this.filter);
    return union && { sizes: this.finish(union.sizes), remainder: (order) => this.finish(union.remainder(order)) };
  }

  /**
   * The page's tickets in list order, each row one JSON array of TICKET_COLUMNS (column { j }), or null when
   * `offset` is past the matches. A JSON array per row: the driver then builds one value per row instead of an
   * object of 23 properties, which costs SQLite's driver more than reading the rows does.
   */
  page(offset: number, limit: number, total: number, rangeTotal?: number): Statement | null {
    if (offset >= total) return null;
    const driver = this.sorts() && rangeTotal !== undefined && this.walkIsCheaper(offset + limit, total, rangeTotal) ? 'time' : this.driver;
    const { from, where, alias } = this.source(driver);
    // On SQLite, tickets is a rowid table keyed by its text ticket_id: joining on ticket_id descends that key's
    // index and then the table for every row, while each of its secondary indexes already holds the row's rowid.
    const byRowid = this.dialect === 'sqlite' && alias === 't';
    return this.finish([
      `select ${this.jsonArray}(${TICKET_COLUMNS.map((c) => `t.${c}`).join(', ')}) as j
       from (select ${byRowid ? 't.rowid as r, ' : ''}${alias}.ticket_id, ${alias}.created_at from ${from[0]} where ${where[0]}
         order by ${alias}.created_at desc, ${alias}.ticket_id desc limit ? offset ?) p
       ${this.join} tickets t on ${byRowid ? 't.rowid = p.r' : 't.ticket_id = p.ticket_id'}
       order by p.created_at desc, p.ticket_id desc`,
      [...from[1], ...where[1], limit, offset],
    ]);
  }

  /**
   * Up to `limit` matches after the position `after` in creation order, oldest first, each row one JSON array of
   * TICKET_COLUMNS (column { j }): kefu export's keyset walk. Always down tickets_by_created, whose key begins
   * (helpdesk_id, created_at, ticket_id), so each step seeks to `after` and reads on; no step sorts and none skips
   * rows with OFFSET, so the walk costs one pass over the helpdesk's tickets in the filter's range, however long.
   */
  walk(after: TicketPosition | undefined, limit: number): Statement {
    const { from, where } = this.source('time');
    const keyset: Part[] = after ? [['(t.created_at, t.ticket_id) > (?, ?)', [after.created_at, after.ticket_id]]] : [];
    const [conditions, params] = and([where, ...keyset]);
    return this.finish([
      `select ${this.jsonArray}(${TICKET_COLUMNS.map((c) => `t.${c}`).join(', ')}) as j from ${from[0]} where ${conditions}
       order by t.created_at, t.ticket_id limit ?`,
      [...from[1], ...params, limit],
    ]);
  }

  /** A walk down creation order passes about `needed / selectivity` tickets; sorting reads every match. */
  private walkIsCheaper(needed: number, total: number, rangeTotal: number): boolean {
    const f = this.filter;
    const inIndex = f.guest_name === undefined && f.tags === undefined;
    return (needed * rangeTotal) / total * (inIndex ? 1 : LOOKUP_COST) < total * SORT_COST;
  }

  private get jsonArray(): string {
    return this.dialect === 'sqlite' ? 'json_array' : 'json_build_array';
  }

  /** SQLite joins in the order written only with CROSS JOIN; PostgreSQL's planner orders joins itself. */
  private get join(): string {
    return this.dialect === 'sqlite' ? 'cross join' : 'join';
  }

  /** FROM and WHERE for a driver; `alias` names the table whose created_at and ticket_id order the rows. */
  private source(driver: Driver): { from: Part; where: Part; alias: string } {
    const f = this.filter;
    if (driver !== 'agent' && driver !== 'tag' && driver !== 'tags') {
      const index = INDEX_OF[driver];
      const from = this.dialect === 'sqlite' && index ? `tickets t indexed by ${index}` : 'tickets t';
      return { from: [from, []], where: and([...this.linkConditions('t', new Set()), ...this.ticketConditions()]), alias: 't' };
    }
    const own: Part =
      driver === 'agent' ? ['l.agent_id = ?', [f.agent_id]] : driver === 'tag' ? ['l.tag = ?', [f.tags![0]]] : [`l.tag in (${placeholders(f.tags!)})`, [...f.tags!]];
    const here = and([own, ...this.linkConditions('l', new Set([driver === 'agent' ? 'agent_id' : 'tags']))]);
    // Several tags: a ticket holding two of them has two rows, so the link rows are made distinct first.
    const [from, where]: [Part, Part] =
      driver === 'tags'
        ? [[`(select distinct l.ticket_id, l.created_at from ticket_tags l where ${here[0]}) l`, here[1]], ['1 = 1', []]]
        : [[driver === 'agent' ? 'ticket_agents l' : 'ticket_tags l', []], here];
    const residual = this.ticketConditions();
    if (residual.length === 0) return { from, where, alias: 'l' };
    return { from: [`${from[0]} ${this.join} tickets t on t.ticket_id = l.ticket_id`, from[1]], where: and([where, ...residual]), alias: 'l' };
  }

  /**
   * Conditions on a table holding ticket_id and the ticket's small-valued fields (tickets, or a link table),
   * except the link filters named in `except` (the driver applies them).
   */
  private linkConditions(a: string, except: ReadonlySet<'agent_id' | 'tags'>): Part[] {
    const f = this.filter;
    const parts: Part[] = [[`${a}.helpdesk_id = ?`, [f.helpdesk_id]]];
    if (f.ticket_id !== undefined) parts.push([`${a}.ticket_id = ?`, [f.ticket_id]]);
    if (f.statuses) parts.push([`${a}.status in (${placeholders(f.statuses)})`, [...f.statuses]]);
    for (const key of SMALL_FIELDS) if (f[key] !== undefined) parts.push([`${a}.${key} = ?`, [f[key]]]);
    if (f.created) parts.push([`${a}.created_at between ? and ?`, [f.created.from, f.created.to]]);
    if (f.updated) parts.push([`${a}.updated_at between ? and ?`, [f.updated.from, f.updated.to]]);
    // "Has this agent / one of these tags": a seek on the link table's key, which starts with the ticket's own
    // helpdesk_id and ends with its created_at and ticket_id.
    const linked = (table: string, condition: string) =>
      `exists (select 1 from ${table} x where x.helpdesk_id = ${a}.helpdesk_id and ${condition} and x.created_at = ${a}.created_at and x.ticket_id = ${a}.ticket_id)`;
    if (f.agent_id !== undefined && !except.has('agent_id')) parts.push([linked('ticket_agents', 'x.agent_id = ?'), [f.agent_id]]);
    if (f.tags && !except.has('tags')) parts.push([linked('ticket_tags', `x.tag in (${placeholders(f.tags)})`), [...f.tags]]);
    return parts;
  }

  /** Conditions on columns only tickets t holds. */
  private ticketConditions(): Part[] {
    const f = this.filter;
    const parts: Part[] = [];
    if (f.guest_id !== undefined) parts.push(['t.guest_id = ?', [f.guest_id]]);
    if (f.closed_by_id !== undefined) parts.push(['t.closed_by_id = ?', [f.closed_by_id]]);
    if (f.guest_name !== undefined) {
      const ids = this.guestIds;
      if (ids && ids.length <= GUEST_LIST_LIMIT) parts.push([`t.guest_id in (${placeholders(ids)})`, [...ids]]);
      else parts.push([`t.guest_id in (select guest_id from ticket_guests where ${containsName(this.dialect)})`, [f.helpdesk_id, f.guest_name]]);
    }
    return parts;
  }

  private finish(part: Part): Statement {
    return toStatement(this.dialect, part);
  }
}

function chooseDriver(f: TicketFilter, guestIds: readonly string[] | undefined): Driver {
  if (f.ticket_id !== undefined) return 'id';
  if (f.guest_id !== undefined) return 'guest';
  if (f.closed_by_id !== undefined) return 'closer';
  if (guestIds && guestIds.length <= GUEST_LIST_LIMIT) return 'guests';
  if (f.agent_id !== undefined) return 'agent';
  if (f.tags?.length === 1) return 'tag';
  if (f.updated && !f.created) return 'updated';
  if (f.tags) return 'tags';
  if (f.guest_name !== undefined) return 'guests';
  if (f.statuses && !f.created) return 'status';
  return 'time';
}

/** The range grown outwards to whole buckets of `span`. */
function widen(range: TimeRange, span: number): TimeRange {
  return { from: Math.floor(range.from / span) * span, to: Math.ceil((range.to + 1) / span) * span - 1 };
}

function containsName(dialect: Dialect): string {
  return `helpdesk_id = ? and ${dialect === 'sqlite' ? 'instr' : 'strpos'}(name_lower, ?) > 0`;
}

/**
 * The guests of a helpdesk whose lowered name contains the lowered needle. A needle of two or more characters
 * reads the guests whose names hold its first piece and checks the needle there; a single character (which
 * matches a good share of all guests anyway) is checked against every guest.
 */
export function guestNameStatement(dialect: Dialect, helpdesk_id: string, needle: string): Statement {
  const contains = `${dialect === 'sqlite' ? 'instr' : 'strpos'}(name_lower, ?) > 0`;
  const [gram] = needleGrams(needle);
  if (gram === undefined) return toStatement(dialect, [`select guest_id from ticket_guests where helpdesk_id = ? and ${contains}`, [helpdesk_id, needle]]);
  return toStatement(dialect, [`select guest_id from ticket_guest_grams where helpdesk_id = ? and gram = ? and ${contains}`, [helpdesk_id, gram, needle]]);
}

/** The pieces ticket_guest_grams holds for a lowered name: every distinct two- and three-character substring. */
export function nameGrams(nameLower: string): string[] {
  const chars = Array.from(nameLower);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    grams.add(chars[i] + chars[i + 1]);
    if (i + 2 < chars.length) grams.add(chars[i] + chars[i + 1] + chars[i + 2]);
  }
  return [...grams];
}

/** The pieces of a needle that ticket_guest_grams can look up: its trigrams, its bigram, or none for one character. */
export function needleGrams(needle: string): string[] {
  const chars = Array.from(needle);
  if (chars.length < 3) return chars.length === 2 ? [needle] : [];
  return [...new Set(chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join('')))];
}
