// A scratch SQLite file with a table `t (id, v)`, opened twice: through Kefu's SqliteHandle, and as a second
// connection standing for another process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteHandle } from '../../src/db/sqlite-handle.js';

export interface TwoConnections {
  handle: SqliteHandle;
  other: SQLite.Database;
  dispose(): void;
}

export function twoConnections(): TwoConnections {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-sqlite-'));
  const file = join(dir, 'db.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table t (id integer primary key, v text)');
  const handle = new SqliteHandle(sqlite);
  const other = new SQLite(file);
  return {
    handle,
    other,
    dispose() {
      handle.close();
      other.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
