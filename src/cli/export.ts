// kefu export: every ticket matching the ticket list's filters, past its 10,000 cap, as NDJSON or CSV. Walks the
// database by (created_at, ticket_id), one batch in memory at a time, and says where it stopped so that a later
// run can go on from there (--since).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { openDatabase } from '../db/connect.js';
import { ApiError } from '../platform/errors.js';
import { validatorCompiler } from '../platform/validation.js';
import type { TicketPosition } from '../repositories/tickets-repository.js';
import { ListTicketsQuery, TicketView } from '../schemas/tickets.js';
import { FeishuTicketList } from './export-http.js';
import { Store } from '../services/store.js';
import { TicketsService } from '../services/tickets-service.js';
import { DEFAULT_DB, parseFlags, parseInteger, pick, UsageError } from './options.js';
import { chooseHelpdesk, Progress } from './progress.js';

export const exportHelp = `kefu export [options] [filters]
                            write every ticket matching the filters, past the list's 10,000 cap, each as
                            GET /tickets answers it, oldest first; at the end (or on Ctrl-C) stderr names the
                            cursor to go on from

  --db TARGET         SQLite file or postgres://...  (KEFU_DB, default ${DEFAULT_DB})
  --helpdesk ID       the helpdesk                   (default: the only one in the database)
  --format F          ndjson (one ticket a line, the default) or csv (nested values as JSON text)
  --output FILE       write there instead of stdout
  --since CURSOR      go on after the ticket a previous export stopped at
  --limit N           stop after N tickets (and name the cursor)
  --from URL --app-id ID --app-secret S --helpdesk-id ID --helpdesk-token T
                      read from any Feishu-compatible server's ticket list over HTTP instead of --db: the
                      creation range is walked in slices under its 10,000 cap, calls paced under its rate limit
  filters, named as GET /tickets names them: --ticket_id --agent_id --closed_by_id --guest_id --guest_name
  --type --channel --solved --score --status_list (repeat it) --tags (repeat it) --create_time_start
  --create_time_end --update_time_start --update_time_end`;

/** Tickets read and written per step: the memory an export holds, whatever its length. */
const BATCH = 1000;

const FILTERS = ['ticket_id', 'agent_id', 'closed_by_id', 'guest_id', 'guest_name', 'type', 'channel', 'solved', 'score',
  'create_time_start', 'create_time_end', 'update_time_start', 'update_time_end'] as const;
const LIST_FILTERS = ['status_list', 'tags'] as const;

/** The CSV columns: every field of a listed ticket, in the schema's order. */
export const CSV_COLUMNS = Object.keys(TicketView.properties);

export async function exportTickets(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    db: { type: 'string' },
    helpdesk: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
    from: { type: 'string' },
    'app-id': { type: 'string' },
    'app-secret': { type: 'string' },
    'helpdesk-id': { type: 'string' },
    'helpdesk-token': { type: 'string' },
    ...Object.fromEntries(FILTERS.map((name) => [name, { type: 'string' as const }])),
    ...Object.fromEntries(LIST_FILTERS.map((name) => [name, { type: 'string' as const, multiple: true as const }])),
  });
  const format = flags.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new UsageError(`--format must be ndjson or csv (got ${JSON.stringify(format)})`);
  const since = flags.since === undefined ? undefined : parseCursor(flags.since);
  const limit = flags.limit === undefined ? Infinity : parseInteger(flags.limit, '--limit', 1, Number.MAX_SAFE_INTEGER);
  const given = flags as Record<string, unknown>;
  const query = listQuery(Object.fromEntries([...FILTERS, ...LIST_FILTERS].filter((name) => given[name] !== undefined).map((name) => [name, given[name]])));

  const source = flags.from ? httpSource(flags, query) : await databaseSource(pick(flags.db, 'KEFU_DB', DEFAULT_DB)!, flags.helpdesk, query);
  const out: Writable = flags.output ? createWriteStream(flags.output) : process.stdout;
  try {
    const progress = new Progress(process.stderr.isTTY ? await source.total() : 0, process.stderr.isTTY === true, 'tickets');
    // Ctrl-C finishes the batch in hand, so the cursor names the last ticket written.
    let interrupted = false;
    const stop = () => (interrupted = true);
    process.once('SIGINT', stop);
    let written = 0;
    let last = since;
    try {
      if (format === 'csv') await write(out, `${CSV_COLUMNS.join(',')}\r\n`);
      for await (const tickets of source.batches(since, Math.min(BATCH, limit))) {
        const batch = tickets.slice(0, limit - written);
        await write(out, batch.map(format === 'csv' ? csvLine : (t) => `${JSON.stringify(t)}\n`).join(''));
        written += batch.length;
        const final = batch[batch.length - 1]!;
        last = { created_at: final.created_at, ticket_id: final.ticket_id };
        progress.advance(batch.length);
        if (interrupted || written >= limit) break;
      }
    } finally {
      process.removeListener('SIGINT', stop);
      progress.done();
    }
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
    const cursor = last ? formatCursor(last) : undefined;
    process.stderr.write(
      `kefu export: ${written.toLocaleString('en-US')} tickets${interrupted ? ' (interrupted)' : ''}` +
        `${cursor ? `; to go on from here: --since ${cursor}` : ''}\n`,
    );
    if (interrupted) process.exitCode = 130;
  } finally {
    await source.close();
  }
}

/** Where the tickets come from: Kefu's database, or a Feishu-compatible server's ticket list. */
interface TicketSource {
  /** The matches in all (the progress bar's end). */
  total(): Promise<number>;
  /** The matches after `after`, oldest first, in batches. */
  batches(after: TicketPosition | undefined, batch: number): AsyncIterable<TicketView[]>;
  close(): Promise<void>;
}

async function databaseSource(target: string, helpdeskId: string | undefined, query: ListTicketsQuery): Promise<TicketSource> {
  const database = await openDatabase(target);
  try {
    const store = new Store(database);
    const helpdesk = await chooseHelpdesk(store, helpdeskId);
    const tickets = new TicketsService(store);
    return {
      total: () => tickets.count(helpdesk, query),
      batches: async function* (after, batch) {
        for await (const step of tickets.walk(helpdesk, query, after, batch)) yield step.tickets;
      },
      close: () => database.close(),
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/** --from: the creation range the filters name (or all time up to now), walked in slices over HTTP. */
function httpSource(flags: Record<string, unknown>, query: ListTicketsQuery): TicketSource {
  const need = (name: string) => {
    const value = flags[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`--from needs --${name}`);
    return value;
  };
  const server = { from: need('from'), appId: need('app-id'), appSecret: need('app-secret'), helpdeskId: need('helpdesk-id'), helpdeskToken: need('helpdesk-token') };
  if (!/^https?:\/\//.test(server.from)) throw new UsageError(`--from must be an http:// or https:// address (got ${JSON.stringify(server.from)})`);
  const filters: [string, string][] = [];
  for (const [name, value] of Object.entries(query)) {
    if (name === 'page' || name === 'page_size' || name === 'create_time_start' || name === 'create_time_end' || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) filters.push([name, String(one)]);
  }
  const from = query.create_time_start ?? 0;
  const to = query.create_time_end ?? Date.now();
  const list = new FeishuTicketList(server, filters);
  return { total: () => list.total(from, to), batches: (after) => list.walk(from, to, after), close: async () => undefined };
}

/** The filters as the list's query schema reads them (the same coercion, the same refusals), as a usage error. */
function listQuery(filters: Record<string, unknown>): ListTicketsQuery {
  const validate = validatorCompiler({ schema: ListTicketsQuery, httpPart: 'querystring', method: 'GET', url: '/tickets' });
  const checked = validate(filters) as { value?: ListTicketsQuery; error?: ApiError };
  if (checked.error) throw usageOf(checked.error);
  return checked.value!;
}

function usageOf(error: ApiError): UsageError {
  const violations = error.details.fieldViolations ?? [];
  return new UsageError(violations.map((v) => `--${v.field} ${v.description}`).join('; ') || error.message);
}

/** `<created_at>_<ticket_id>`: the last ticket written; the next export starts after it. */
export function formatCursor(position: TicketPosition): string {
  return `${position.created_at}_${position.ticket_id}`;
}

export function parseCursor(text: string): TicketPosition {
  const match = /^(\d{1,16})_([^\s_]{1,64})$/.exec(text);
  if (!match) throw new UsageError(`--since must be a cursor a previous export printed, like 1732500000000_7100000000000000001 (got ${JSON.stringify(text)})`);
  return { created_at: Number(match[1]), ticket_id: match[2]! };
}

/** One CSV record (RFC 4180): text as it is, numbers as digits, nested values as JSON text, absent ones empty. */
function csvLine(ticket: TicketView): string {
  const record = ticket as Record<string, unknown>;
  return `${CSV_COLUMNS.map((column) => csvField(record[column])).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes and waits while the reader is behind: memory stays one batch however slow the pipe. */
async function write(out: Writable, text: string): Promise<void> {
  if (text !== '' && !out.write(text)) await once(out, 'drain');
}
