// kefu generate on SQLite: the rows TicketsRepository.insertMany writes, through prepared single-row statements
// reused for every ticket of a batch. Kysely's SQLite driver prepares each statement anew, and a multi-row
// INSERT's parse costs as much as its execution; a reused statement makes the bulk load about twice as fast
// (docs/benchmarks.md). It opens its own connection to the file, so nothing else shares its statements.
import SQLite from 'better-sqlite3';
import { CountChanges, gramRows, guestRow, linkRows, searchTags, shapes, ticketRow, type NewTicket, type RowShape } from './ticket-rows.js';

export class SqliteTicketLoader {
  private readonly db: SQLite.Database;
  /** One prepared INSERT per table, reused for every row. */
  private readonly inserts = new Map<string, SQLite.Statement>();
  /** Guests this loader registered or found registered: each is written once. */
  private readonly knownGuests = new Set<string>();

  constructor(file: string) {
    this.db = new SQLite(file);
    // As connect.ts sets them (WAL is kept by the file itself), plus a page cache (up to 1 GB) that keeps the
    // indexes being appended to in memory for a million tickets: a smaller one makes the load slower as it grows.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('cache_size = -1048576');
    for (const shape of Object.values(shapes)) {
      const values = shape.columns.map(() => '?').join(', ');
      this.inserts.set(shape.table, this.db.prepare(`insert into ${shape.table} (${shape.columns.join(', ')}) values (${values}) ${shape.onConflict}`));
    }
  }

  /** Inserts one row; answers whether it was new. */
  private insert(shape: RowShape, row: unknown[]): boolean {
    return this.inserts.get(shape.table)!.run(row).changes > 0;
  }

  /** Writes a batch in one transaction; answers how many tickets were new. */
  load(tickets: readonly NewTicket[]): number {
    return this.db.transaction(() => {
      const counts = new CountChanges();
      let added = 0;
      for (const t of tickets) {
        // A ticket that exists already inserts nothing (RETURNING would cost more than the insert itself).
        if (!this.insert(shapes.ticket, ticketRow(t))) continue;
        added++;
        const tags = searchTags(t);
        for (const row of linkRows(t.ticket, t.agents)) this.insert(shapes.agent, row);
        for (const row of linkRows(t.ticket, tags)) this.insert(shapes.tag, row);
        this.registerGuest(t);
        counts.add(t.ticket, t.agents, tags);
      }
      for (const [shape, rows] of counts.rows()) for (const row of rows) this.insert(shape, row);
      return added;
    })();
  }

  private registerGuest(t: NewTicket): void {
    const key = `${t.ticket.helpdesk_id} ${t.ticket.guest_id}`;
    if (this.knownGuests.has(key)) return;
    this.knownGuests.add(key);
    const row = guestRow(t);
    if (!this.insert(shapes.guest, row)) return;
    for (const gram of gramRows(t.ticket.helpdesk_id, t.ticket.guest_id, row[2] as string)) this.insert(shapes.gram, gram);
  }

  close(): void {
    this.db.close();
  }
}
