// kefu generate on SQLite: the rows TicketsRepository.insertMany writes, through statements prepared once and reused
// for every ticket (32 rows a statement for tickets and their links). Kysely's SQLite driver prepares each statement
// anew, and a multi-row INSERT's parse costs as much as its execution; reused statements make the bulk load about
// twice as fast (docs/benchmarks.md). It opens its own connection to the file, so nothing else shares its statements.
//
// The whole load is one transaction: a server reading the file meanwhile sees all of it or none of it. When the load
// at least doubles the tickets, the tickets table's secondary indexes are dropped inside that transaction and built
// again at its end: building an index from sorted rows costs a fraction of keeping it up to date row by row, and no
// other connection ever sees the table without them.
import SQLite from 'better-sqlite3';
import { CountChanges, gramRows, guestRow, linkRows, searchTags, shapes, ticketRow, type NewTicket, type RowShape } from './ticket-rows.js';

/** Rows per INSERT for the tables that get several rows a ticket: one call into SQLite instead of many. */
const ROWS_PER_STATEMENT = 32;

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
  /** The indexes dropped for the load, with the SQL that builds them again. */
  private droppedIndexes: { name: string; sql: string }[] = [];

  constructor(file: string) {
    this.db = new SQLite(file);
    // As connect.ts sets them (WAL is kept by the file itself), plus a page cache (up to 1 GB) that keeps the
    // indexes being appended to in memory for a million tickets: a smaller one makes the load slower as it grows.
    // Foreign keys are checked once for the whole load in begin() rather than twice for every ticket.
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
   * Opens the load's transaction: `adding` tickets of `helpdesk_id`, whose guests are all among `guest_ids`. The
   * helpdesk and those users are checked here, under the write lock the load holds to its end, so the tickets'
   * foreign keys hold without checking them row by row.
   */
  begin(adding: number, helpdesk_id: string, guest_ids: readonly string[]): void {
    this.db.exec('begin immediate');
    const helpdesks = this.db.prepare('select count(*) as n from helpdesks where helpdesk_id = ?').get(helpdesk_id) as { n: number };
    const guests = [...new Set(guest_ids)];
    const users = this.db.prepare('select count(*) as n from users where open_id in (select value from json_each(?))').get(JSON.stringify(guests)) as { n: number };
    if (helpdesks.n !== 1 || users.n !== guests.length) {
      this.db.exec('rollback');
      throw new Error(`helpdesk ${helpdesk_id} or some of its guests were removed while the load was prepared`);
    }
    const existing = (this.db.prepare('select count(*) as n from tickets').get() as { n: number }).n;
    if (adding < Math.max(existing, 1)) return;
    this.droppedIndexes = this.db
      .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'tickets' and sql is not null")
      .all() as { name: string; sql: string }[];
    for (const { name } of this.droppedIndexes) this.db.exec(`drop index "${name.replace(/"/g, '""')}"`);
  }

  /** Writes a batch of new tickets inside the load's transaction. */
  load(tickets: readonly NewTicket[]): void {
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
  }

  /** Files the gathered name pieces, builds any dropped index again and commits the load. */
  commit(): void {
    const columns = shapes.gram.columns.join(', ');
    this.db.exec(`insert or ignore into ${shapes.gram.table} (${columns}) select ${columns} from temp.pending_grams order by ${columns}`);
    this.db.exec('delete from temp.pending_grams');
    for (const { sql } of this.droppedIndexes) this.db.exec(sql);
    this.droppedIndexes = [];
    this.db.exec('commit');
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

  /** Closes the connection; a load not committed is rolled back, indexes and all. */
  close(): void {
    if (this.db.inTransaction) this.db.exec('rollback');
    this.db.close();
  }
}
