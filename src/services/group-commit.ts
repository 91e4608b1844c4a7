// Group commit on SQLite: the writes that arrive together share one transaction's commit.
//
// A SQLite process has one connection, so its write transactions already run one after another. What each of them
// pays alone is the commit: at 32 whole ticket lives at a time, SQLite's commit was 43 % of SQLite's CPU, writing
// about 38 pages to the write-ahead log per transaction, most of them the same pages every transaction writes (count
// rows, the right edges of the ticket, message and outbox indexes), and the checkpoint worker copies each of them
// into the file again (docs/benchmarks.md, "Whole ticket lives"). Here the calls that are waiting when a transaction
// opens run in it one after another, each inside a savepoint of its own, and one commit ends them all:
// - a call that fails is rolled back to its savepoint and rejected with its own error; the others are unaffected;
// - nobody is answered before the commit, so an acknowledged write is durable and visible to every reader, as when
//   each call had a transaction of its own; a failed commit rejects every call of the batch;
// - the calls run in the order they were made, each seeing every write before it, so a call that reads then writes
//   on what it read stays correct;
// - a batch stops taking calls after MAX_CALLS or MAX_MS, so that another process waiting for the write lock (a
//   second `kefu serve`, the CLI) gets its turn.
// Measured at 32 lives at a time: about six calls a commit, 13 pages of log per request instead of 24, and about a
// tenth less CPU per request; the write scenarios at 32 connections share about 14 calls a commit.
// PostgreSQL has no use for this: its transactions overlap on a pool of connections.
import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';

/** Calls in one transaction at most: more than the requests 32 concurrent clients can have waiting. */
const MAX_CALLS = 64;
/** A batch takes no new call after this long, so that the write lock changes hands at least this often. */
const MAX_MS = 20;
const SAVEPOINT = 'kefu_call';

type Work<T> = (trx: Transaction<Schema>) => Promise<T>;

interface Call {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

export class GroupCommit {
  private waiting: Call[] = [];
  private running = false;

  constructor(private readonly db: Kysely<Schema>) {}

  /** Runs work in a transaction it may share with other calls; settles once that transaction has committed. */
  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.waiting.length === 0) return;
    this.running = true;
    // After the event loop's I/O callbacks: the requests read from sockets in this turn have called in by then.
    // (A write transaction on better-sqlite3 runs in microtasks alone, so without waiting here each one would have
    // committed before the next request was even parsed, and no two would ever share a commit.)
    setImmediate(() => void this.runBatch());
  }

  private async runBatch(): Promise<void> {
    const batch: Call[] = [];
    let failure: { error: unknown } | undefined;
    try {
      let trx: ControlledTransaction<Schema>;
      try {
        trx = await this.db.startTransaction().execute();
      } catch (error) {
        // No transaction (the write lock stayed busy past busy_timeout): the calls waiting for it fail, as each
        // call's own BEGIN would have.
        batch.push(...this.waiting.splice(0, MAX_CALLS));
        throw error;
      }
      try {
        const started = performance.now();
        while (this.waiting.length > 0 && batch.length < MAX_CALLS && performance.now() - started < MAX_MS) {
          const call = this.waiting.shift()!;
          batch.push(call);
          await runInSavepoint(trx, call);
        }
        await trx.commit().execute();
      } catch (error) {
        // The commit failed, or a savepoint could not be rolled back to (SQLite ended the transaction itself).
        await trx.rollback().execute().catch(() => undefined);
        throw error;
      }
    } catch (error) {
      failure = { error };
    }
    this.running = false;
    for (const call of batch) {
      if (failure) call.reject(failure.error);
      else if (call.outcome!.ok) call.resolve(call.outcome!.value);
      else call.reject(call.outcome!.error);
    }
    this.schedule();
  }
}

async function runInSavepoint(trx: ControlledTransaction<Schema>, call: Call): Promise<void> {
  const inCall = await trx.savepoint(SAVEPOINT).execute();
  try {
    call.outcome = { ok: true, value: await call.work(inCall) };
  } catch (error) {
    call.outcome = { ok: false, error };
    await inCall.rollbackToSavepoint(SAVEPOINT).execute();
  }
  await inCall.releaseSavepoint(SAVEPOINT).execute();
}

const byDatabase = new WeakMap<Kysely<Schema>, GroupCommit>();

/** The one group commit of a SQLite connection, shared by every Store on it. */
export function groupCommitOf(db: Kysely<Schema>): GroupCommit {
  let group = byDatabase.get(db);
  if (!group) {
    group = new GroupCommit(db);
    byDatabase.set(db, group);
  }
  return group;
}
