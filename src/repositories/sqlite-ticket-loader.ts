// kefu generate on SQLite: the rows TicketsRepository.insertMany writes, through prepared single-row statements
// reused for every ticket of a batch. Kysely's SQLite driver prepares each statement anew, and a multi-row
// INSERT's parse costs as much as its execution; a reused statement makes the bulk load about twice as fast
// (docs/benchmarks.md). It opens its own connection to the file, so nothing else shares its statements.
import SQLite from 'better-sqlite3';
import { CountChanges, gramRows, guestRow, linkRows, searchTags, shapes, ticketRow, type NewTicket, type RowShape } from './ticket-rows.js';

export class SqliteTicketLoader {
  private readonly db: SQLite.Database;
  private readonly insert: Record<keyof typeof shapes, SQLite.Statement>;
  /** Guests this loader registered or found registered: each is written once. */
  private readonly knownGuests = new Set<string>();

  constructor(file: string) {
    this.db = new SQLite(file);
    // As connect.ts sets them (WAL is kept by the file itself), plus a page cache that holds the indexes being
    // appended to during the load.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('cache_size = -262144');
    const prepare = (shape: RowShape) =>
      this.db.prepare(`insert into ${shape.table} (${shape.columns.join(', ')}) values (${shape.columns.map(() => '?').join(', ')}) ${shape.onConflict}`);
    this.insert = Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, prepare(shape)])) as typeof this.insert;
  }

  /** Writes a batch in one transaction; answers how many tickets were new. */
  load(tickets: readonly NewTicket[]): number {
    return this.db.transaction(() => {
      const counts = new CountChanges();
      let added = 0;
      for (const t of tickets) {
        // changes is 0 when the ticket exists already (RETURNING would cost more than the insert).
        if (this.insert.ticket.run(ticketRow(t)).changes === 0) continue;
        added++;
        for (const row of linkRows(t.ticket, t.agents)) this.insert.agent.run(row);
        for (const row of linkRows(t.ticket, searchTags(t))) this.insert.tag.run(row);
        this.registerGuest(t);
        counts.add(t.ticket);
      }
      for (const row of counts.statusRows()) this.insert.statusCount.run(row);
      for (const row of counts.fieldRows()) this.insert.count.run(row);
      return added;
    })();
  }

  private registerGuest(t: NewTicket): void {
    const key = `${t.ticket.helpdesk_id} ${t.ticket.guest_id}`;
    if (this.knownGuests.has(key)) return;
    this.knownGuests.add(key);
    const row = guestRow(t);
    if (this.insert.guest.run(row).changes === 0) return;
    for (const gram of gramRows(t.ticket.helpdesk_id, t.ticket.guest_id, row[2] as string)) this.insert.gram.run(gram);
  }

  close(): void {
    this.db.close();
  }
}
