// The database as services see it: reads on the shared handle, writes all-or-nothing in one transaction.
import type { Database } from '../db/connect.js';
import { repositories, type Repositories } from '../repositories/index.js';
import { ReadCache } from './read-cache.js';

export class Store {
  readonly repos: Repositories;
  /** Reads served from memory while the database has not changed (SQLite; a pass-through on PostgreSQL). */
  readonly cache: ReadCache;

  constructor(readonly database: Database) {
    this.repos = repositories(database.db);
    this.cache = new ReadCache(database.changeStamp);
  }

  get dialect() {
    return this.database.dialect;
  }

  /** Runs fn in one transaction: every write inside commits together or not at all. */
  write<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.database.db.transaction().execute((trx) => fn(repositories(trx)));
  }
}
