// GET /tickets' filter as the repository takes it, and the small SQL-building helpers its query modules share.

export type Dialect = 'sqlite' | 'postgres';

/** A validated GET /tickets query, in the repository's words. Absent fields do not filter. */
export interface TicketFilter {
  helpdesk_id: string;
  ticket_id?: string;
  agent_id?: string;
  closed_by_id?: string;
  guest_id?: string;
  /** Lower-cased (String.prototype.toLowerCase) substring of the guest's name. */
  guest_name?: string;
  ticket_type?: number;
  channel?: number;
  solve?: number;
  score?: number;
  statuses?: readonly number[];
  tags?: readonly string[];
  /** Inclusive ranges of milliseconds. */
  created?: TimeRange;
  updated?: TimeRange;
}

/** A ticket's place in creation order: where kefu export's walk stands. */
export interface TicketPosition {
  created_at: number;
  ticket_id: string;
}

export interface TimeRange {
  from: number;
  to: number;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

export type Part = [sql: string, params: unknown[]];

/**
 * What the list may keep between requests while the database stays as it was (its owner drops everything on any
 * change): the guests a name matches, sums of whole count buckets. `size` counts towards the owner's bound.
 */
export interface ListMemo {
  get(key: string): unknown;
  set(key: string, value: unknown, size: number): void;
}

export const SMALL_FIELDS = ['ticket_type', 'channel', 'solve', 'score'] as const;

export const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

export function toStatement(dialect: Dialect, [text, params]: Part): Statement {
  return { sql: dialect === 'postgres' ? numberPlaceholders(text) : text, params };
}

function numberPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export function and(parts: Part[]): Part {
  return [parts.map((p) => p[0]).join(' and '), parts.flatMap((p) => p[1])];
}

