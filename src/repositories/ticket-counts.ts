// `total` without counting a million rows: the count tables (migrations/0002-tickets.ts) hold tickets per bucket of
// creation time, and a range is covered by whole buckets from the coarsest down; only its two ragged ends are
// counted row by row. docs/tickets.md explains the tables and shows the plans.
import { and, placeholders, SMALL_FIELDS, type Dialect, type Part, type TicketFilter, type TimeRange } from './ticket-filter.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
/** Bucket sizes of ticket_status_counts, and of ticket_counts and ticket_link_counts, coarsest first; each divides the one before. */
export const STATUS_SPANS = [WEEK_MS, DAY_MS, HOUR_MS] as const;
export const DETAIL_SPANS = [WEEK_MS, DAY_MS] as const;

/** Where whole buckets of a filter's count are kept, and the rows that count the ragged ends of its range. */
export interface BucketSource {
  table: string;
  spans: readonly number[];
  buckets: Part[];
  rows: string;
  rowConditions: Part[];
}

/**
 * Statuses and creation time alone: ticket_status_counts. With small-valued fields: ticket_counts. With one
 * agent or one tag: ticket_link_counts. Anything else is counted from an index (undefined).
 */
export function bucketSource(dialect: Dialect, f: TicketFilter): BucketSource | undefined {
  if ([f.ticket_id, f.closed_by_id, f.guest_id, f.guest_name, f.updated].some((v) => v !== undefined)) return undefined;
  const small = SMALL_FIELDS.filter((key) => f[key] !== undefined);
  const statuses: Part[] = f.statuses ? [[`status in (${placeholders(f.statuses)})`, [...f.statuses]]] : [];
  const helpdesk: Part = ['helpdesk_id = ?', [f.helpdesk_id]];
  if (f.agent_id === undefined && f.tags === undefined) {
    const same: Part[] = [helpdesk, ...statuses, ...small.map((key): Part => [`${key} = ?`, [f[key]]])];
    const rows = dialect === 'sqlite' ? 'tickets indexed by tickets_by_created' : 'tickets';
    const [table, spans] = small.length > 0 ? ['ticket_counts', DETAIL_SPANS] : ['ticket_status_counts', STATUS_SPANS];
    return { table, spans, buckets: same, rows, rowConditions: same };
  }
  const single = f.agent_id === undefined ? f.tags?.length === 1 : f.tags === undefined;
  if (!single || small.length > 0) return undefined;
  const [kind, value, rows, column] = f.agent_id !== undefined ? ['agent', f.agent_id, 'ticket_agents', 'agent_id'] : ['tag', f.tags![0], 'ticket_tags', 'tag'];
  return {
    table: 'ticket_link_counts',
    spans: DETAIL_SPANS,
    buckets: [helpdesk, ['kind = ? and value = ?', [kind, value]], ...statuses],
    rows,
    rowConditions: [helpdesk, [`${column} = ?`, [value]], ...statuses],
  };
}

/** An SQL sum: whole buckets from the count table, plus the ragged ends of the creation range counted row by row. */
export function bucketCount(source: BucketSource, created: TimeRange | undefined): Part {
  const { whole, edges } = bucketTerms(source, created);
  return sum([...whole, ...edges]);
}

/** bucketCount's two halves: the sum of whole buckets, and the sum of the ragged ends' rows ('0' when none). */
export function bucketTerms(source: BucketSource, created: TimeRange | undefined): { whole: Part[]; edges: Part[] } {
  const { buckets, edges } = created ? coverRange(created.from, created.to, source.spans) : { buckets: [{ span: source.spans[0] }], edges: [] };
  const whole = buckets.map((b): Part => {
    const range: Part[] = 'first' in b ? [['bucket between ? and ?', [b.first, b.last]]] : [];
    const where = and([...source.buckets, ['span_ms = ?', [b.span]], ...range]);
    return [`(select coalesce(sum(n), 0) from ${source.table} where ${where[0]})`, where[1]];
  });
  const ends = edges.map((e): Part => {
    const where = and([...source.rowConditions, ['created_at between ? and ?', [e.from, e.to]]]);
    return [`(select count(*) from ${source.rows} where ${where[0]})`, where[1]];
  });
  return { whole, edges: ends };
}

/** Terms added up in SQL ('0' for none). */
export function sum(terms: readonly Part[]): Part {
  return terms.length === 0 ? ['0', []] : [terms.map((t) => t[0]).join(' + '), terms.flatMap((t) => t[1])];
}

/**
 * Several tags, and otherwise only statuses and creation time. |A ∪ B ∪ C| = |A| + |B − A| + |C − A − B|: the
 * largest tag comes from its buckets, each other tag's rows are read once and kept when they hold none of the
 * tags before it (a seek each). A ticket with two of the tags is counted once without sorting every match.
 */
export function tagUnion(dialect: Dialect, f: TicketFilter): { sizes: Part; remainder(order: readonly string[]): Part } | undefined {
  if (!f.tags || f.tags.length < 2 || f.agent_id !== undefined || SMALL_FIELDS.some((key) => f[key] !== undefined)) return undefined;
  if ([f.ticket_id, f.closed_by_id, f.guest_id, f.guest_name, f.updated].some((v) => v !== undefined)) return undefined;
  const sizes = f.tags.map((tag, i) => {
    const [sum, params] = bucketCount(bucketSource(dialect, { ...f, tags: [tag] })!, f.created);
    return [`${sum} as n${i}`, params] as Part;
  });
  return {
    sizes: [`select ${sizes.map((s) => s[0]).join(', ')}`, sizes.flatMap((s) => s[1])],
    remainder(order) {
      const terms = order.slice(1).map((tag, i): Part => {
        const before = order.slice(0, i + 1);
        const conditions: Part[] = [['l.helpdesk_id = ? and l.tag = ?', [f.helpdesk_id, tag]]];
        if (f.statuses) conditions.push([`l.status in (${placeholders(f.statuses)})`, [...f.statuses]]);
        if (f.created) conditions.push(['l.created_at between ? and ?', [f.created.from, f.created.to]]);
        conditions.push([
          `not exists (select 1 from ticket_tags x where x.helpdesk_id = l.helpdesk_id and x.tag in (${placeholders(before)}) and x.created_at = l.created_at and x.ticket_id = l.ticket_id)`,
          [...before],
        ]);
        const [where, params] = and(conditions);
        return [`(select count(*) from ticket_tags l where ${where})`, params];
      });
      return [`select ${terms.map((t) => t[0]).join(' + ')} as n`, terms.flatMap((t) => t[1])];
    },
  };
}

export interface RangeCover {
  /** Whole buckets: bucket b of `span` holds [b * span, (b + 1) * span - 1]. */
  buckets: { span: number; first: number; last: number }[];
  /** What no whole bucket of the finest span covers. */
  edges: TimeRange[];
}

/** Covers [from, to] with the fewest whole buckets, coarsest first, leaving at most two ragged edges. */
export function coverRange(from: number, to: number, spans: readonly number[]): RangeCover {
  const cover: RangeCover = { buckets: [], edges: [] };
  const visit = (a: number, b: number, level: number): void => {
    if (a > b) return;
    if (level === spans.length) {
      cover.edges.push({ from: a, to: b });
      return;
    }
    const span = spans[level];
    const first = Math.ceil(a / span);
    const last = Math.floor((b + 1) / span) - 1;
    if (first > last) return visit(a, b, level + 1);
    cover.buckets.push({ span, first, last });
    visit(a, first * span - 1, level + 1);
    visit((last + 1) * span, b, level + 1);
  };
  visit(from, to, 0);
  return cover;
}
