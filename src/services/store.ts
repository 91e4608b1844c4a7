// The database as services see it: reads on the shared handle, writes all-or-nothing in one transaction.
import type { Database } from '../db/connect.js';
import { repositories, type Repositories } from '../repositories/index.js';

export class Store {
  readonly repos: Repositories;

  constructor(readonly database: Database) {
    this.repos = repositories(database.db);
  }

  get dialect() {
    return this.database.dialect;
  }

  /** Runs fn in one transaction: every write inside commits together or not at all. */
  write<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.database.db.transaction().execute((trx) => fn(repositories(trx)));
  }
}
