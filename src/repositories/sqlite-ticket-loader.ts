// kefu generate on SQLite: the rows TicketsRepository.insertMany writes, through statements prepared once and reused
// for every ticket (32 rows a statement for tickets and their links). Kysely's SQLite driver prepares each statement
// anew, and a multi-row INSERT's parse costs as much as its execution; reused statements make the bulk load about
// twice as fast (docs/benchmarks.md). It opens its own connection to the file, so nothing else shares its statements.
//
// The load is written in chunks, each one transaction (writeChunk): SQLite has one write lock per file, and a server on
// the same file waits for it at most busy_timeout (5 s) before a write fails. Between two chunks the lock is left free
// for longer than SQLite's longest busy-handler sleep, so a writer waiting on the other side is sure to take its turn.
// A server reading meanwhile sees whole tickets (each chunk brings its tickets with their links, guests and counts),
// never half of one. The tickets' indexes stay in place: a load that dropped them could not commit before building
// them all again, which holds the lock for seconds per million tickets.
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { CountChanges, gramRows, guestRow, linkRows, searchTags, shapes, ticketRow, type NewTicket, type RowShape } from './ticket-rows.js';

/** Rows per INSERT for the tables that get several rows a ticket: one call into SQLite instead of many. */
const ROWS_PER_STATEMENT = 32;
/**
 * How long the write lock is left free between two chunks: longer than the longest sleep of SQLite's busy handler
 * (100 ms), so another connection waiting for the lock retries inside the gap. Time spent outside the lock anyway
 * (generating the next chunk) counts towards it.
 */
export const LOCK_GAP_MS = 110;

/** Rows of one table gathered into multi-row INSERTs of a statement prepared once. */
class BatchedInsert {
  private readonly full: SQLite.Statement;
  private readonly one: SQLite.Statement;
  private values: unknown[] = [];
  private rows = 0;

  constructor(db: SQLite.Database, shape: RowShape, onConflict: string) {
    const tuple = `(${shape.columns.map(() => '?').join(', ')})`;
    const text = (n: number) => `insert into ${shape.table} (${shape.columns.join(', ')}) values ${Array(n).fill(tuple).join(', ')} ${onConflict}`;
    this.full = db.prepare(text(ROWS_PER_STATEMENT));
    this.one = db.prepare(text(1));
  }

  add(row: readonly unknown[]): void {
    for (const value of row) this.values.push(value);
    if (++this.rows === ROWS_PER_STATEMENT) {
      this.full.run(this.values);
      this.values = [];
      this.rows = 0;
    }
  }

  /** Writes the rows still gathered. */
  flush(): void {
    const width = this.values.length / this.rows;
    for (let i = 0; i < this.rows; i++) this.one.run(this.values.slice(i * width, (i + 1) * width));
    this.values = [];
    this.rows = 0;
  }
}

export class SqliteTicketLoader {
  private readonly db: SQLite.Database;
  /** One prepared single-row INSERT per table written row by row (guests, counts), made on first use. */
  private readonly inserts = new Map<string, SQLite.Statement>();
  /** Guests this loader registered or found registered: each is written once. */
  private readonly knownGuests = new Set<string>();
  /**
   * Tickets and their links, many rows a statement. A ticket that exists already fails the load (kefu generate
   * checks its id range first), so no row needs to know whether the one before it was written.
   */
  private readonly batched: { ticket: BatchedInsert; agent: BatchedInsert; tag: BatchedInsert; gram: BatchedInsert };
  /** When the last chunk released the write lock (performance.now()). */
  private releasedAt = -Infinity;

  constructor(file: string) {
    this.db = new SQLite(file);
    // As connect.ts sets them (WAL is kept by the file itself), plus a page cache (up to 1 GB) that keeps the
    // indexes being appended to in memory for a million tickets: a smaller one makes the load slower as it grows.
    // Foreign keys are checked once a chunk in writeChunk() rather than twice for every ticket.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('cache_size = -1048576');
    this.db.exec(`create temp table pending_grams (${shapes.gram.columns.join(', ')})`);
    this.batched = {
      ticket: new BatchedInsert(this.db, shapes.ticket, ''),
      agent: new BatchedInsert(this.db, shapes.agent, shapes.agent.onConflict),
      tag: new BatchedInsert(this.db, shapes.tag, shapes.tag.onConflict),
      // New guests' name pieces arrive in random key order; they are gathered in a scratch table and moved into
      // the search index in key order at the end, which SQLite sorts far faster than it inserts at random.
      gram: new BatchedInsert(this.db, { ...shapes.gram, table: 'temp.pending_grams' }, ''),
    };
  }

  /**
   * Writes `tickets` of `helpdesk_id`, whose guests are all among `guest_ids`, in one transaction, once the lock
   * has been free for LOCK_GAP_MS. The helpdesk and those users are checked inside it, under the write lock, so the
   * tickets' foreign keys hold without checking them row by row.
   */
  async writeChunk(helpdesk_id: string, guest_ids: readonly string[], tickets: readonly NewTicket[]): Promise<void> {
    const wait = this.releasedAt + LOCK_GAP_MS - performance.now();
    if (wait > 0) await sleep(wait);
    this.db.exec('begin immediate');
    try {
      this.checkParents(helpdesk_id, guest_ids);
      this.load(tickets);
      this.db.exec('commit');
    } finally {
      if (this.db.inTransaction) this.db.exec('rollback');
      this.releasedAt = performance.now();
    }
  }

  private checkParents(helpdesk_id: string, guest_ids: readonly string[]): void {
    const helpdesks = this.db.prepare('select count(*) as n from helpdesks where helpdesk_id = ?').get(helpdesk_id) as { n: number };
    const guests = [...new Set(guest_ids)];
    const users = this.db.prepare('select count(*) as n from users where open_id in (select value from json_each(?))').get(JSON.stringify(guests)) as { n: number };
    if (helpdesks.n !== 1 || users.n !== guests.length) throw new Error(`helpdesk ${helpdesk_id} or some of its guests were removed while the load ran`);
  }

  private load(tickets: readonly NewTicket[]): void {
    const counts = new CountChanges();
    for (const t of tickets) {
      this.batched.ticket.add(ticketRow(t));
      const tags = searchTags(t);
      for (const row of linkRows(t.ticket, t.agents)) this.batched.agent.add(row);
      for (const row of linkRows(t.ticket, tags)) this.batched.tag.add(row);
      this.registerGuest(t);
      counts.add(t.ticket, t.agents, tags);
    }
    for (const inserts of Object.values(this.batched)) inserts.flush();
    for (const [shape, rows] of counts.rows()) for (const row of rows) this.insert(shape, row);
    // The chunk's new guests' name pieces, filed in key order (far faster for SQLite than at random).
    const columns = shapes.gram.columns.join(', ');
    this.db.exec(`insert or ignore into ${shapes.gram.table} (${columns}) select ${columns} from temp.pending_grams order by ${columns}`);
    this.db.exec('delete from temp.pending_grams');
  }

  /** Inserts one row; answers whether it was new. */
  private insert(shape: RowShape, row: unknown[]): boolean {
    let statement = this.inserts.get(shape.table);
    if (statement === undefined) {
      const values = shape.columns.map(() => '?').join(', ');
      statement = this.db.prepare(`insert into ${shape.table} (${shape.columns.join(', ')}) values (${values}) ${shape.onConflict}`);
      this.inserts.set(shape.table, statement);
    }
    return statement.run(row).changes > 0;
  }

  private registerGuest(t: NewTicket): void {
    const key = `${t.ticket.helpdesk_id} ${t.ticket.guest_id}`;
    if (this.knownGuests.has(key)) return;
    this.knownGuests.add(key);
    const row = guestRow(t);
    if (!this.insert(shapes.guest, row)) return;
    for (const gram of gramRows(t.ticket.helpdesk_id, t.ticket.guest_id, row[2] as string)) this.batched.gram.add(gram);
  }

  /** Closes the connection. */
  close(): void {
    this.db.close();
  }
}
