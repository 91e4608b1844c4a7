// The database as services see it: reads on the shared handle, writes all-or-nothing in one transaction.
import type { Transaction } from 'kysely';
import type { Database } from '../db/connect.js';
import type { Schema } from '../db/schema.js';
import type { OutboxRow } from '../repositories/event-outbox-repository.js';
import { repositories, type Repositories } from '../repositories/index.js';
import { groupCommitOf } from './group-commit.js';
import { ReadCache } from './read-cache.js';

export class Store {
  readonly repos: Repositories;
  /** Reads served from memory while the database has not changed. */
  readonly cache: ReadCache;

  constructor(readonly database: Database) {
    this.repos = repositories(database.db);
    this.cache = new ReadCache(database.changeStamp);
  }

  get dialect() {
    return this.database.dialect;
  }

  /** Called after a commit that queued event deliveries (the dispatcher's poke). */
  onDeliveriesQueued: () => void = () => undefined;

  /** Called with the events a transaction wrote, once it has committed (the testing API's capture). */
  onEventsCommitted?: (events: OutboxRow[]) => void;

  /**
   * Runs fn in one transaction: every write inside commits together or not at all, and the promise settles after the
   * commit. On SQLite the transaction may be shared with other calls, each in a savepoint of its own (group-commit.ts).
   */
  async write<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    let queued = 0;
    let events: OutboxRow[] = [];
    const work = async (trx: Transaction<Schema>) => {
      const repos = repositories(trx);
      const answer = await fn(repos);
      queued = repos.deliveries.queued;
      events = repos.outbox.added;
      return answer;
    };
    const db = this.database.db;
    const result = this.dialect === 'sqlite' ? await groupCommitOf(db).run(work) : await db.transaction().execute(work);
    if (queued > 0) this.onDeliveriesQueued();
    if (events.length > 0) this.onEventsCommitted?.(events);
    return result;
  }
}
