// A copy of a SQLite database file taken once and written back over it in milliseconds, with SQLite's online
// backup (page by page, in one step): what a test server's reset() does on SQLite. The file's other connections
// (Kefu's own) stay open and see the change as any other connection's commit.
import SQLite from 'better-sqlite3';

export class SqliteSnapshot {
  private constructor(
    private readonly file: string,
    private readonly template: SQLite.Database,
  ) {}

  /** Copies `file` (as committed now) to `templateFile` and keeps the copy open for restores. */
  static async take(file: string, templateFile: string): Promise<SqliteSnapshot> {
    const source = new SQLite(file);
    try {
      await source.backup(templateFile, { progress: allAtOnce });
    } finally {
      source.close();
    }
    return new SqliteSnapshot(file, new SQLite(templateFile, { readonly: true }));
  }

  /** Writes the copy back over the file, as one transaction of the file's. */
  async restore(): Promise<void> {
    await this.template.backup(this.file, { progress: allAtOnce });
  }

  close(): void {
    this.template.close();
  }
}

/** better-sqlite3 copies 100 pages per turn of the event loop by default; a test database goes in one step. */
const allAtOnce = () => 0x7fffffff;
