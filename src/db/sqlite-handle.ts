// The SQLite connection as Kysely sees it, with two things better-sqlite3 leaves to its user:
// - Prepared statements are kept by SQL text. Kysely's SQLite driver prepares every statement it runs, and preparing
//   costs as much as running a small query (docs/benchmarks.md).
// - A change stamp: it moves whenever this connection runs a statement that may write, or another connection (the
//   kefu CLI, a second process) commits to the file. A cache that remembers the stamp it read beside its data knows
//   the data is still current while the stamp is unchanged (src/services/read-cache.ts).
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Enough for every statement Kefu's repositories build; a query shape beyond it empties the cache and starts over. */
const MAX_STATEMENTS = 1000;

export class SqliteHandle implements SqliteDatabase {
  private readonly statements = new Map<string, SQLite.Statement>();
  private writes = 0;
  private readonly dataVersion: SQLite.Statement;
  private version = 0;
  /** Whether `version` was read in this turn of the event loop. */
  private versionFresh = false;

  constructor(readonly sqlite: SQLite.Database) {
    this.dataVersion = sqlite.prepare('pragma data_version').pluck();
  }

  prepare(sql: string): SQLite.Statement {
    // Kefu's transactions are its writes (Store.write). Kysely opens them with a plain BEGIN, which takes the write
    // lock only at the first write: if another connection (kefu generate) commits after this transaction's first
    // read, SQLite fails the upgrade at once (SQLITE_BUSY_SNAPSHOT) rather than waiting busy_timeout. BEGIN IMMEDIATE
    // takes the lock up front, waiting for it like any other write.
    if (sql === 'begin') sql = 'begin immediate';
    let statement = this.statements.get(sql);
    // A statement still iterating (a streamed read) cannot run again until it finishes: this caller gets its own.
    if (statement === undefined || statement.busy) {
      statement = this.sqlite.prepare(sql);
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      this.statements.set(sql, statement);
    }
    // Kysely runs what it prepares at once. `readonly` is SQLite's own verdict (INSERT ... RETURNING is a reader
    // but not read-only; BEGIN and COMMIT are read-only).
    if (!statement.readonly) this.writes++;
    return statement;
  }

  /**
   * Moves when data may have changed. This connection's writes are counted as they run, before they commit, so a
   * reader that loads after reading the stamp never files older data under a newer stamp: Kysely serialises the
   * load behind any open transaction.
   *
   * Other connections' commits are read from SQLite (data_version: two file locks and a stat, as costly as the rest
   * of a cached answer) once per turn of the event loop, and shared by the requests that arrived together in it.
   * A request sent after another process acknowledged its write arrives in a later turn, so it sees the write.
   */
  changeStamp(): string {
    if (!this.versionFresh) {
      this.version = this.dataVersion.get() as number;
      this.versionFresh = true;
      setImmediate(() => {
        this.versionFresh = false;
      }).unref();
    }
    return `${this.version}:${this.writes}`;
  }

  close(): void {
    this.statements.clear();
    this.sqlite.close();
  }
}
