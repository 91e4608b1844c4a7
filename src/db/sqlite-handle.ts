// The SQLite connection as Kysely sees it, with two things better-sqlite3 leaves to its user:
// - Prepared statements are kept by SQL text. Kysely's SQLite driver prepares every statement it runs, and preparing
//   costs as much as running a small query (docs/benchmarks.md).
// - Transactions begin IMMEDIATE, so writers in several processes queue for the lock instead of failing.
// - A change stamp: it moves whenever this connection runs a statement that may write, or another connection (the
//   kefu CLI, a second process) commits to the file. A cache that remembers the stamp it read beside its data knows
//   the data is still current while the stamp is unchanged (src/services/read-cache.ts).
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Enough for every statement Kefu's repositories build; a query shape beyond it empties the cache and starts over. */
const MAX_STATEMENTS = 1000;

/**
 * Kysely opens every transaction with a deferred BEGIN, which reads before it takes the write lock. When another
 * process (a second `kefu serve`, the CLI) commits in between, the upgrade to a writer fails at once with "database is
 * locked": busy_timeout does not wait there, since the snapshot already read is stale. Kefu's transactions all write,
 * so they take the write lock first and wait for it under busy_timeout like any other writer.
 */
const BEGIN_WRITE = 'begin immediate';

export class SqliteHandle implements SqliteDatabase {
  private readonly statements = new Map<string, SQLite.Statement>();
  private writes = 0;
  private readonly dataVersion: SQLite.Statement;
  private version = 0;
  /** Whether `version` was read in this turn of the event loop. */
  private versionFresh = false;

  constructor(
    readonly sqlite: SQLite.Database,
    /** Told of every write statement when the log is copied into the file in the background (sqlite-checkpointer.ts). */
    private readonly checkpointer?: { wrote(): void },
  ) {
    this.dataVersion = sqlite.prepare('pragma data_version').pluck();
  }

  prepare(text: string): SQLite.Statement {
    const sql = text === 'begin' ? BEGIN_WRITE : text;
    let statement = this.statements.get(sql);
    // A statement still iterating (a streamed read) cannot run again until it finishes: this caller gets its own.
    if (statement === undefined || statement.busy) {
      statement = this.sqlite.prepare(sql);
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      this.statements.set(sql, statement);
    }
    // Kysely runs what it prepares at once. `readonly` is SQLite's own verdict (INSERT ... RETURNING is a reader
    // but not read-only; COMMIT is read-only, BEGIN IMMEDIATE is not, so a write transaction moves the stamp as it
    // opens).
    if (!statement.readonly) {
      this.writes++;
      this.checkpointer?.wrote();
    }
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
